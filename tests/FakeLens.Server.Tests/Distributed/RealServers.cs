using System.Diagnostics;
using FakeLens.Core.Detection;
using FakeLens.Server.Distributed;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using RabbitMQ.Client;

namespace FakeLens.Server.Tests.Distributed;

/// <summary>
/// The real PostgreSQL and RabbitMQ the scale-out tests talk to (started on loopback by <c>scripts/services.sh start</c>,
/// which <c>./test</c> runs). Each test gets its own PostgreSQL schema and queue prefix. When a server is not reachable
/// the test FAILS with a message saying how to start it: these tests never skip.
/// </summary>
internal sealed class RealServers : IAsyncDisposable
{
    public static readonly string PostgresBase = Environment.GetEnvironmentVariable("FAKELENS_TEST_PG") ?? "Host=127.0.0.1;Username=fakelens;Password=fakelens;Database=fakelens_test";

    public static readonly string Amqp = Environment.GetEnvironmentVariable("FAKELENS_TEST_AMQP") ?? "amqp://guest:guest@127.0.0.1:5672/";

    private readonly List<IAsyncDisposable> _owned = [];

    private RealServers(string name, string data)
    {
        Name = name;
        DataDirectory = data;
        Postgres = new NpgsqlConnectionStringBuilder(PostgresBase) { SearchPath = name, ApplicationName = name, Timeout = 5 }.ToString();
    }

    /// <summary>Schema, queue prefix and PostgreSQL application name of this test.</summary>
    public string Name { get; }

    /// <summary>PostgreSQL connection string (this test's schema).</summary>
    public string Postgres { get; }

    /// <summary>The shared upload store (servers' --data, workers' --store).</summary>
    public string DataDirectory { get; }

    private readonly HashSet<string> _queues = [];

    public DistributedOptions Options(params double[] retrySeconds)
    {
        var options = new DistributedOptions
        {
            Broker = Amqp,
            Database = Postgres,
            QueuePrefix = Name,
            RetryDelays = retrySeconds.Length > 0 ? retrySeconds.Select(TimeSpan.FromSeconds).ToList() : [TimeSpan.FromSeconds(0.2), TimeSpan.FromSeconds(0.2)],
            HeartbeatInterval = TimeSpan.FromSeconds(1),
            StaleAfter = TimeSpan.FromSeconds(60),
        };
        foreach (var delay in options.RetryDelays)
        {
            _queues.Add($"{Name}.retry.{(long)delay.TotalMilliseconds}ms");
        }

        return options;
    }

    public static async Task<RealServers> CreateAsync()
    {
        var name = "t" + Guid.NewGuid().ToString("N")[..16];
        var data = Path.Combine(Path.GetTempPath(), "fakelens-distributed-tests", name);
        Directory.CreateDirectory(data);
        try
        {
            await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(PostgresBase) { Timeout = 5 }.ToString());
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE SCHEMA {name}", connection);
            await create.ExecuteNonQueryAsync();
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException or System.Net.Sockets.SocketException)
        {
            throw new InvalidOperationException(
                $"PostgreSQL is not reachable ({PostgresBase}): {e.Message}. Start it with 'scripts/services.sh start' (./test does) or set FAKELENS_TEST_PG.", e);
        }

        try
        {
            var factory = new ConnectionFactory { Uri = new Uri(Amqp), RequestedConnectionTimeout = TimeSpan.FromSeconds(5) };
            await using var probe = await factory.CreateConnectionAsync();
        }
        catch (Exception e) when (e is RabbitMQ.Client.Exceptions.BrokerUnreachableException or System.Net.Sockets.SocketException or IOException)
        {
            throw new InvalidOperationException(
                $"RabbitMQ is not reachable ({Amqp}): {e.Message}. Start it with 'scripts/services.sh start' (./test does) or set FAKELENS_TEST_AMQP.", e);
        }

        return new RealServers(name, data);
    }

    /// <summary>The API server in memory (test server) in scale-out mode: it publishes, never analyses.</summary>
    public async Task<WebApplication> ServeAsync(AnalyzerOptions analyzer, DistributedOptions options)
    {
        var app = await ServerApp.CreateAsync(
            new ServerOptions { DataDirectory = DataDirectory, Analyzer = analyzer, UploadsPerMinute = 0, Distributed = options },
            configure: b => b.WebHost.UseTestServer());
        await app.StartAsync();
        _owned.Add(app);
        return app;
    }

    /// <summary>A worker in this process (its catalog can be replaced).</summary>
    public async Task<IHost> WorkAsync(AnalyzerOptions analyzer, DistributedOptions options, Func<DetectorOptions, IReadOnlyList<IDetector>>? catalog = null, int concurrency = 1)
    {
        var host = await WorkerHost.CreateAsync(options, new WorkerOptions { Concurrency = concurrency }, DataDirectory, analyzer, catalog, l => l.SetMinimumLevel(LogLevel.Warning));
        await host.StartAsync();
        _owned.Add(new HostHandle(host));
        return host;
    }

    /// <summary>Kills <paramref name="process"/> (if still running) when the test ends, pass or fail.</summary>
    public Process Track(Process process)
    {
        _owned.Add(new ProcessHandle(process));
        return process;
    }

    /// <summary>Runs SQL in this test's schema.</summary>
    public async Task<object?> ScalarAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(Postgres) { ApplicationName = "probe" }.ToString());
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }

    /// <summary>Reads every message of a queue (acknowledging them).</summary>
    public async Task<List<(string Body, string? Reason)>> DrainAsync(string queue)
    {
        var factory = new ConnectionFactory { Uri = new Uri(Amqp) };
        await using var connection = await factory.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        var result = new List<(string, string?)>();
        while (await channel.BasicGetAsync(queue, autoAck: true) is { } got)
        {
            result.Add((System.Text.Encoding.UTF8.GetString(got.Body.Span), RabbitBroker.Header(got.BasicProperties.Headers, RabbitBroker.ReasonHeader)));
        }

        return result;
    }

    /// <summary>Polls until <paramref name="condition"/> holds (fails the test at the deadline).</summary>
    public static async Task UntilAsync(Func<Task<bool>> condition, TimeSpan deadline, string what)
    {
        var end = DateTime.UtcNow + deadline;
        while (!await condition())
        {
            if (DateTime.UtcNow > end)
            {
                throw new TimeoutException($"{what} did not happen within {deadline.TotalSeconds:0} s");
            }

            await Task.Delay(100);
        }
    }

    public async ValueTask DisposeAsync()
    {
        for (var i = _owned.Count - 1; i >= 0; i--)
        {
            try
            {
                await _owned[i].DisposeAsync();
            }
            catch (Exception e) when (e is ObjectDisposedException or OperationCanceledException or IOException)
            {
                // Already stopped by the test.
            }
        }

        try
        {
            var factory = new ConnectionFactory { Uri = new Uri(Amqp) };
            await using var connection = await factory.CreateConnectionAsync();
            await using var channel = await connection.CreateChannelAsync();
            foreach (var queue in _queues.Append($"{Name}.jobs").Append($"{Name}.dead"))
            {
                await channel.QueueDeleteAsync(queue);
            }

            NpgsqlConnection.ClearAllPools();
            await using var pg = new NpgsqlConnection(PostgresBase);
            await pg.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP SCHEMA IF EXISTS {Name} CASCADE", pg);
            await drop.ExecuteNonQueryAsync();
        }
        finally
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
    }

    private sealed class ProcessHandle(Process process) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            using (process)
            {
                if (!process.HasExited)
                {
                    process.Kill(entireProcessTree: true);
                    await process.WaitForExitAsync();
                }
            }
        }
    }

    private sealed class HostHandle(IHost host) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await host.StopAsync(TimeSpan.FromSeconds(20));
            await host.Services.GetRequiredService<RabbitBroker>().DisposeAsync();
            host.Dispose();
        }
    }
}
