using System.CommandLine;
using FakeLens.Core.Detection;
using FakeLens.Server.Distributed;
using Microsoft.Extensions.Hosting;

namespace FakeLens.Cli.Commands;

/// <summary><c>fakelens worker</c>: analyses jobs from RabbitMQ for <c>fakelens serve --broker … --database …</c> (issue 21).</summary>
internal static class WorkerCommand
{
    public static Option<string?> BrokerOption() => new("--broker") { Description = "RabbitMQ URI, e.g. amqp://user:password@rabbitmq:5672/ (or FAKELENS_BROKER).", HelpName = "amqp-uri", DefaultValueFactory = _ => Environment.GetEnvironmentVariable("FAKELENS_BROKER") };

    public static Option<string?> DatabaseOption() => new("--database") { Description = "PostgreSQL connection string, e.g. \"Host=db;Username=fakelens;Password=…;Database=fakelens\" (or FAKELENS_DATABASE).", HelpName = "connection-string", DefaultValueFactory = _ => Environment.GetEnvironmentVariable("FAKELENS_DATABASE") };

    public static Option<string> QueueOption() => new("--queue") { Description = "Queue name prefix (servers and workers of one deployment use the same).", DefaultValueFactory = _ => "fakelens", HelpName = "prefix" };

    public static Option<string> RetryOption() => new("--retry-delays") { Description = "Back-off before each retry of a job whose analysis crashed, in seconds (comma-separated); after the last one it is dead-lettered.", DefaultValueFactory = _ => "5,30,120", HelpName = "seconds" };

    public static Option<double> StaleOption() => new("--stale-after") { Description = "Seconds without a heartbeat after which a running job is taken over by another worker.", DefaultValueFactory = _ => 60, HelpName = "seconds" };

    public static Command Create(TextWriter stdout, TextWriter stderr, Func<DetectorOptions, IReadOnlyList<IDetector>> catalog)
    {
        var broker = BrokerOption();
        var database = DatabaseOption();
        var queue = QueueOption();
        var retry = RetryOption();
        var stale = StaleOption();
        var store = new Option<string>("--store") { Description = "The shared upload store: the servers' --data folder (a shared volume on every machine).", Required = true, HelpName = "dir" };
        var concurrency = new Option<int>("--concurrency") { Description = "Files this process analyses at the same time.", DefaultValueFactory = _ => 1, HelpName = "n" };
        var heartbeat = new Option<double>("--heartbeat") { Description = "Seconds between heartbeats of a running job.", DefaultValueFactory = _ => 5, HelpName = "seconds" };
        var analysis = new ServiceAnalysisOptions();
        concurrency.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() is < 1 or > 64)
            {
                r.AddError("--concurrency must be between 1 and 64.");
            }
        });
        retry.Validators.Add(r =>
        {
            if (ParseDelays(r.GetValueOrDefault<string>()) is null)
            {
                r.AddError("--retry-delays takes positive seconds, comma-separated (e.g. 5,30,120).");
            }
        });

        var command = new Command("worker", "Analyse jobs queued by 'fakelens serve --broker … --database …' (scale-out; run as many as wanted, on any machine that mounts the upload store). SIGTERM or Ctrl+C hands the job in hand back.")
        {
            broker, database, queue, store, concurrency, retry, stale, heartbeat,
        };
        analysis.AddTo(command);
        command.SetAction(async (parse, ct) =>
        {
            var distributed = Distributed(parse, broker, database, queue, retry, stale) is { } d
                ? d with { HeartbeatInterval = TimeSpan.FromSeconds(Math.Max(0.1, parse.GetValue(heartbeat))) }
                : null;
            if (distributed is null)
            {
                await stderr.WriteLineAsync("fakelens: worker needs --broker and --database (or FAKELENS_BROKER and FAKELENS_DATABASE).").ConfigureAwait(false);
                return CliApp.UsageError;
            }

            var analyzer = analysis.Build(parse);

            IHost host;
            try
            {
                host = await WorkerHost.CreateAsync(distributed, new WorkerOptions { Concurrency = parse.GetValue(concurrency) }, Path.GetFullPath(parse.GetValue(store)!), analyzer, catalog, cancellationToken: ct).ConfigureAwait(false);
            }
            catch (AnalyzerConfigurationException e)
            {
                await stderr.WriteLineAsync($"fakelens: {e.Message}").ConfigureAwait(false);
                return CliApp.UsageError;
            }
            catch (Exception e) when (DistributedWorker.IsInfrastructure(e) || e is ArgumentException or UriFormatException or System.Net.Sockets.SocketException)
            {
                await stderr.WriteLineAsync($"fakelens: cannot connect to the broker or the database: {e.Message}").ConfigureAwait(false);
                return 3;
            }

            using (host)
            {
                await host.StartAsync(CancellationToken.None).ConfigureAwait(false);
                await stdout.WriteLineAsync($"FakeLens worker on {distributed.QueuePrefix}.jobs (store: {parse.GetValue(store)}). SIGTERM or Ctrl+C stops it.").ConfigureAwait(false);
                await stdout.FlushAsync(CancellationToken.None).ConfigureAwait(false);
                // SIGTERM / Ctrl+C reach the host's console lifetime (or cancel ct): either way the host stops gracefully,
                // the worker handing back the job in hand.
                await host.WaitForShutdownAsync(ct).ConfigureAwait(false);
                await ((RabbitBroker)host.Services.GetService(typeof(RabbitBroker))!).DisposeAsync().ConfigureAwait(false);
            }

            return CliApp.Ok;
        });
        return command;
    }

    /// <summary>The scale-out settings from the shared options; null when --broker or --database is missing.</summary>
    internal static DistributedOptions? Distributed(ParseResult parse, Option<string?> broker, Option<string?> database, Option<string> queue, Option<string> retry, Option<double> stale)
    {
        var b = parse.GetValue(broker);
        var d = parse.GetValue(database);
        if (string.IsNullOrWhiteSpace(b) || string.IsNullOrWhiteSpace(d))
        {
            return null;
        }

        return new DistributedOptions
        {
            Broker = b,
            Database = d,
            QueuePrefix = parse.GetValue(queue)!,
            RetryDelays = ParseDelays(parse.GetValue(retry))!,
            StaleAfter = TimeSpan.FromSeconds(Math.Max(1, parse.GetValue(stale))),
        };
    }

    internal static List<TimeSpan>? ParseDelays(string? text)
    {
        var delays = new List<TimeSpan>();
        foreach (var part in (text ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!double.TryParse(part, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var s) || s <= 0 || s > 86400)
            {
                return null;
            }

            delays.Add(TimeSpan.FromSeconds(s));
        }

        return delays.Count > 0 ? delays : null;
    }
}
