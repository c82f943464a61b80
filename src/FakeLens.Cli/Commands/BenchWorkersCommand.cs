using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using FakeLens.Imaging.Decoding;
using FakeLens.Server.Distributed;
using FakeLens.Server.Jobs;
using FakeLens.Server.Storage;
using Npgsql;

namespace FakeLens.Cli.Commands;

/// <summary>
/// <c>fakelens bench workers</c> (issue 21): queues N small jobs in PostgreSQL + RabbitMQ, runs 1, then 2, then 4 real
/// <c>fakelens worker</c> processes on them, and checks afterwards that no job was lost or completed twice.
/// A benchmark, not a test: it needs running servers and reports throughput per worker count.
/// </summary>
internal static class BenchWorkersCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var broker = WorkerCommand.BrokerOption();
        var database = WorkerCommand.DatabaseOption();
        var jobs = new Option<int>("--jobs") { Description = "Jobs per run.", DefaultValueFactory = _ => 2000, HelpName = "n" };
        var workers = new Option<string>("--workers") { Description = "Worker process counts to run in turn (comma-separated).", DefaultValueFactory = _ => "1,2,4", HelpName = "list" };
        var detectors = new Option<string>("--detectors") { Description = "Detectors the workers run.", DefaultValueFactory = _ => "file.format", HelpName = "ids" };
        var command = new Command("workers", "Scale-out load benchmark: N small jobs through RabbitMQ to 1, 2, 4 worker processes; counts lost and duplicated jobs.")
        {
            broker, database, jobs, workers, detectors,
        };
        command.SetAction(async (parse, ct) =>
        {
            var b = parse.GetValue(broker);
            var d = parse.GetValue(database);
            if (string.IsNullOrWhiteSpace(b) || string.IsNullOrWhiteSpace(d))
            {
                await stderr.WriteLineAsync("fakelens: bench workers needs --broker and --database.").ConfigureAwait(false);
                return CliApp.UsageError;
            }

            var counts = parse.GetValue(workers)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToList();
            var n = parse.GetValue(jobs);
            await stdout.WriteLineAsync($"{n} jobs (distinct 64x48 PNGs, detectors {parse.GetValue(detectors)}), {Environment.ProcessorCount} cores, load average {LoadAverage()}").ConfigureAwait(false);
            await stdout.WriteLineAsync("| Workers | Jobs | Lost | Duplicated | Wall (first start → last finish) | Throughput | Per worker |").ConfigureAwait(false);
            await stdout.WriteLineAsync("|---|---|---|---|---|---|---|").ConfigureAwait(false);
            var failed = false;
            foreach (var count in counts)
            {
                var row = await RunAsync(b, d, n, count, parse.GetValue(detectors)!, ct).ConfigureAwait(false);
                failed |= row.Lost > 0 || row.Duplicated > 0;
                await stdout.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"| {count} | {n} | {row.Lost} | {row.Duplicated} | {row.Seconds:0.0} s | {n / row.Seconds:0.0} jobs/s | {n / row.Seconds / count:0.0} jobs/s |")).ConfigureAwait(false);
                await stdout.FlushAsync(ct).ConfigureAwait(false);
            }

            await stdout.WriteLineAsync($"load average after: {LoadAverage()}").ConfigureAwait(false);
            return failed ? 1 : CliApp.Ok;
        });
        return command;
    }

    private static async Task<(int Lost, int Duplicated, double Seconds)> RunAsync(string broker, string database, int n, int workers, string detectors, CancellationToken ct)
    {
        var name = "bench" + Guid.NewGuid().ToString("N")[..12];
        var data = Path.Combine(Path.GetTempPath(), "fakelens-bench-workers", name);
        var connection = new NpgsqlConnectionStringBuilder(database) { SearchPath = name }.ToString();
        await ExecuteAsync(database, $"CREATE SCHEMA {name}", ct).ConfigureAwait(false);
        var options = new DistributedOptions { Broker = broker, Database = connection, QueuePrefix = name };
        var processes = new List<Process>();
        try
        {
            var dataSource = NpgsqlDataSource.Create(connection);
            await using (dataSource.ConfigureAwait(false))
            {
                var store = new PostgresJobStore(dataSource, TimeProvider.System);
                await store.InitializeAsync(ct).ConfigureAwait(false);
                var uploads = new UploadStore(data);
                var rabbit = await RabbitBroker.ConnectAsync(broker, name, options.RetryDelays, "fakelens-bench", ct).ConfigureAwait(false);
                await using (rabbit.ConfigureAwait(false))
                {
                    // Everything is queued before the workers start, so the timing is the workers' alone.
                    for (var i = 0; i < n; i++)
                    {
                        using var picture = new MemoryStream(Picture(i));
                        var staged = await uploads.StageAsync(picture, long.MaxValue, ct).ConfigureAwait(false);
                        uploads.Commit(staged);
                        var (job, _) = await store.EnqueueAsync(new NewJob(string.Empty, $"bench-{i}.png", staged.Sha256, staged.SizeBytes, "image/png", string.Empty, detectors), rerun: false, ct).ConfigureAwait(false);
                        await rabbit.PublishAsync(new JobMessage(job.Id, job.Sha256, 1), job.Priority, ct).ConfigureAwait(false);
                        await store.MarkPublishedAsync(job.Id, ct).ConfigureAwait(false);
                    }

                    for (var w = 0; w < workers; w++)
                    {
                        processes.Add(StartWorker(options, data, detectors));
                    }

                    var deadline = DateTime.UtcNow.AddMinutes(30);
                    while (await ScalarAsync<long>(dataSource, "SELECT COUNT(*) FROM jobs WHERE state IN ('done', 'failed')", ct).ConfigureAwait(false) < n)
                    {
                        if (DateTime.UtcNow > deadline || processes.All(p => p.HasExited))
                        {
                            break;
                        }

                        await Task.Delay(250, ct).ConfigureAwait(false);
                    }

                    foreach (var p in processes)
                    {
                        Terminate(p);
                    }

                    foreach (var p in processes)
                    {
                        await p.WaitForExitAsync(ct).ConfigureAwait(false);
                    }

                    var lost = n - (int)await ScalarAsync<long>(dataSource, "SELECT COUNT(*) FROM jobs WHERE state = 'done'", ct).ConfigureAwait(false);
                    var duplicated = (int)await ScalarAsync<long>(dataSource, "SELECT COALESCE(SUM(completions - 1), 0) FROM jobs WHERE completions > 1", ct).ConfigureAwait(false);
                    var seconds = await ScalarAsync<double>(dataSource, "SELECT EXTRACT(EPOCH FROM MAX(finished_at) - MIN(started_at))::float8 FROM jobs", ct).ConfigureAwait(false);
                    return (lost, duplicated, seconds);
                }
            }
        }
        finally
        {
            foreach (var p in processes)
            {
                if (!p.HasExited)
                {
                    p.Kill(entireProcessTree: true);
                }

                p.Dispose();
            }

            await ExecuteAsync(database, $"DROP SCHEMA IF EXISTS {name} CASCADE", CancellationToken.None).ConfigureAwait(false);
            var cleanup = await RabbitBroker.ConnectAsync(broker, name, options.RetryDelays, "fakelens-bench", CancellationToken.None).ConfigureAwait(false);
            await using (cleanup.ConfigureAwait(false))
            {
                await cleanup.DeleteQueuesAsync(CancellationToken.None).ConfigureAwait(false);
            }

            Directory.Delete(data, recursive: true);
        }
    }

    private static Process StartWorker(DistributedOptions options, string store, string detectors)
    {
        var start = new ProcessStartInfo(Environment.ProcessPath!) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        var self = typeof(BenchWorkersCommand).Assembly.Location;
        if (!string.IsNullOrEmpty(self) && Path.GetFileNameWithoutExtension(Environment.ProcessPath) is "dotnet")
        {
            start.ArgumentList.Add(self);
        }

        foreach (var a in new[] { "worker", "--broker", options.Broker, "--database", options.Database, "--queue", options.QueuePrefix, "--store", store, "--detectors", detectors })
        {
            start.ArgumentList.Add(a);
        }

        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary>SIGTERM (graceful: the worker hands back what it holds).</summary>
    private static void Terminate(Process process)
    {
        if (process.HasExited)
        {
            return;
        }

        using var kill = Process.Start(new ProcessStartInfo("kill") { ArgumentList = { "-TERM", process.Id.ToString(CultureInfo.InvariantCulture) }, UseShellExecute = false });
        kill?.WaitForExit();
    }

    private static async Task ExecuteAsync(string database, string sql, CancellationToken ct)
    {
        var connection = new NpgsqlConnection(database);
        await using (connection.ConfigureAwait(false))
        {
            await connection.OpenAsync(ct).ConfigureAwait(false);
            using var command = new NpgsqlCommand(sql, connection);
            await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }
    }

    private static async Task<T> ScalarAsync<T>(NpgsqlDataSource dataSource, string sql, CancellationToken ct)
    {
        using var command = dataSource.CreateCommand(sql);
        return (T)Convert.ChangeType((await command.ExecuteScalarAsync(ct).ConfigureAwait(false))!, typeof(T), CultureInfo.InvariantCulture);
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

    /// <summary>A distinct 64×48 picture (seeded by its index) as PNG.</summary>
    private static byte[] Picture(int index)
    {
        const int W = 64, H = 48;
        var rng = new Random(index);
        var px = new byte[W * H * 3];
        rng.NextBytes(px);
        return ImageEncoder.Png(new RgbImage(W, H, px));
    }
}
