using System.CommandLine;
using FakeLens.Core.Detection;
using FakeLens.Server;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Hosting;

namespace FakeLens.Cli.Commands;

/// <summary><c>fakelens serve</c>: the web page and REST API (issue 16), with durable jobs in a data folder.</summary>
internal static class ServeCommand
{
    /// <summary>The default data folder: $XDG_DATA_HOME/fakelens (usually ~/.local/share/fakelens).</summary>
    public static string DefaultDataDirectory() =>
        Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.DoNotVerify), "fakelens");

    public static Option<string> DataOption() => new("--data")
    {
        Description = "Data folder: the job database (fakelens.db) and the uploads.",
        DefaultValueFactory = _ => DefaultDataDirectory(),
        HelpName = "dir",
    };

    public static Command Create(TextWriter stdout, TextWriter stderr, Func<DetectorOptions, IReadOnlyList<IDetector>> catalog)
    {
        var urls = new Option<string>("--urls") { Description = "Where to listen (semicolon-separated). Loopback only by default; put a TLS proxy in front to expose it.", DefaultValueFactory = _ => "http://127.0.0.1:5080", HelpName = "urls" };
        var data = DataOption();
        var workers = new Option<int>("--workers") { Description = "Files analysed at the same time.", DefaultValueFactory = _ => Math.Max(1, Environment.ProcessorCount / 2), HelpName = "n" };
        var rateLimit = new Option<int>("--rate-limit") { Description = "Uploads per minute per API key (or per address without keys); 0: no limit.", DefaultValueFactory = _ => 120, HelpName = "n" };
        var retention = new Option<int>("--retention-days") { Description = "Delete uploads (and the HTML reports and heatmaps that show them) this many days after analysis; verdicts stay. 0: keep.", DefaultValueFactory = _ => 30, HelpName = "days" };
        var requireKey = new Option<bool>("--require-api-key") { Description = "Refuse requests without an API key even before one is created (with keys, they are always required)." };
        var analysis = new ServiceAnalysisOptions();
        var broker = WorkerCommand.BrokerOption();
        var database = WorkerCommand.DatabaseOption();
        var queue = WorkerCommand.QueueOption();
        var retry = WorkerCommand.RetryOption();
        var stale = WorkerCommand.StaleOption();
        broker.Description = "Scale-out: publish jobs to this RabbitMQ (amqp://…) for 'fakelens worker' processes instead of analysing here; needs --database.";
        database.Description = "Scale-out: keep jobs in this PostgreSQL (\"Host=…;Username=…;Password=…;Database=…\"); needs --broker.";
        workers.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() is < 1 or > 64)
            {
                r.AddError("--workers must be between 1 and 64.");
            }
        });
        foreach (var (option, name) in new[] { (rateLimit, "--rate-limit"), (retention, "--retention-days") })
        {
            option.Validators.Add(r =>
            {
                if (r.GetValueOrDefault<int>() < 0)
                {
                    r.AddError($"{name} cannot be negative.");
                }
            });
        }

        var command = new Command("serve", "Run the FakeLens web page and REST API (default http://127.0.0.1:5080; OpenAPI at /openapi/v1.json, reference at /api).")
        {
            urls, data, workers, rateLimit, retention, requireKey,
            broker, database, queue, retry, stale,
        };
        analysis.AddTo(command);
        command.SetAction(async (parse, ct) =>
        {
            var maxBytes = analysis.MaxUploadBytes(parse);
            var distributed = WorkerCommand.Distributed(parse, broker, database, queue, retry, stale);
            if (distributed is null && (!string.IsNullOrWhiteSpace(parse.GetValue(broker)) || !string.IsNullOrWhiteSpace(parse.GetValue(database))))
            {
                await stderr.WriteLineAsync("fakelens: scale-out needs both --broker and --database.").ConfigureAwait(false);
                return CliApp.UsageError;
            }

            var options = new ServerOptions
            {
                Urls = parse.GetValue(urls)!,
                DataDirectory = Path.GetFullPath(parse.GetValue(data)!),
                Workers = parse.GetValue(workers),
                MaxUploadBytes = maxBytes,
                UploadsPerMinute = parse.GetValue(rateLimit),
                RetentionDays = parse.GetValue(retention),
                RequireApiKey = parse.GetValue(requireKey),
                Distributed = distributed,
                Analyzer = analysis.Build(parse),
            };

            WebApplication app;
            try
            {
                app = await ServerApp.CreateAsync(options, catalog, cancellationToken: ct).ConfigureAwait(false);
            }
            catch (Exception e) when (distributed is not null && (FakeLens.Server.Distributed.DistributedWorker.IsInfrastructure(e) || e is ArgumentException or UriFormatException or System.Net.Sockets.SocketException))
            {
                await stderr.WriteLineAsync($"fakelens: cannot connect to the broker or the database: {e.Message}").ConfigureAwait(false);
                return 3;
            }
            catch (AnalyzerConfigurationException e)
            {
                var setting = e.Setting is "trust-anchors" ? "--trust-anchors: " : string.Empty;
                await stderr.WriteLineAsync($"fakelens: {setting}{e.Message}").ConfigureAwait(false);
                return CliApp.UsageError;
            }

            await using (app.ConfigureAwait(false))
            {
                try
                {
                    await app.StartAsync(ct).ConfigureAwait(false);
                }
                catch (IOException e)
                {
                    await stderr.WriteLineAsync($"fakelens: cannot listen on {options.Urls}: {e.Message}").ConfigureAwait(false);
                    return CliApp.UsageError;
                }

                await stdout.WriteLineAsync($"FakeLens service on {string.Join(", ", app.Urls)} (data: {options.DataDirectory}, {(distributed is null ? $"{options.Workers} worker(s)" : $"jobs to {distributed.QueuePrefix}.jobs for fakelens worker processes")}). Ctrl+C stops it.").ConfigureAwait(false);
                await stdout.FlushAsync(ct).ConfigureAwait(false);
                await app.WaitForShutdownAsync(ct).ConfigureAwait(false);
                await app.StopAsync(CancellationToken.None).ConfigureAwait(false);
            }

            return CliApp.Ok;
        });
        return command;
    }

    /// <summary>Bytes from "256M", "1G", "500K" or a plain number; null when invalid or above 64 GiB.</summary>
    internal static long? ParseSize(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var t = text.Trim().ToUpperInvariant().TrimEnd('B').TrimEnd('I');
        var scale = t.Length > 0 ? t[^1] switch { 'K' => 1L << 10, 'M' => 1L << 20, 'G' => 1L << 30, _ => 1L } : 1L;
        if (scale != 1)
        {
            t = t[..^1];
        }

        return double.TryParse(t, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var v) && v > 0 && v * scale <= 64.0 * (1L << 30)
            ? (long)(v * scale)
            : null;
    }
}
