using System.Collections.Concurrent;
using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using FakeLens.Core.Detection;
using FakeLens.Imaging.Decoding;
using FakeLens.Server;
using FakeLens.Server.Jobs;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace FakeLens.Cli.Commands;

/// <summary>
/// <c>fakelens bench serve</c>: the service under load on loopback. N distinct generated pictures are uploaded by C
/// concurrent clients, each polled until done; then every upload is checked against the job store (none lost, none
/// analysed twice). Prints throughput and latency (upload start → result) per file and per megapixel.
/// A benchmark, not a test: the figures depend on the machine.
/// </summary>
internal static class BenchServeCommand
{
    private static readonly (int W, int H)[] Sizes = [(512, 384), (800, 600), (1024, 768)];

    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var uploads = new Option<int>("--uploads") { Description = "Files uploaded.", DefaultValueFactory = _ => 200, HelpName = "n" };
        var concurrency = new Option<int>("--concurrency") { Description = "Clients uploading at the same time.", DefaultValueFactory = _ => 8, HelpName = "n" };
        var workers = new Option<int>("--workers") { Description = "Server workers (files analysed at the same time).", DefaultValueFactory = _ => Math.Max(1, Environment.ProcessorCount / 2), HelpName = "n" };
        var detectors = new Option<string[]>("--detectors") { Description = "Detectors the server runs (ids or prefixes, comma-separated); default all.", AllowMultipleArgumentsPerToken = true, HelpName = "ids" };
        var command = new Command("serve", "Load-test 'fakelens serve' on loopback: N uploads at C-way concurrency; checks none is lost or duplicated; throughput and p50/p95 latency per MP.")
        {
            uploads, concurrency, workers, detectors,
        };
        command.SetAction(async (parse, ct) =>
        {
            var n = parse.GetValue(uploads);
            var c = parse.GetValue(concurrency);
            var w = parse.GetValue(workers);
            if (n is < 1 or > 100_000 || c is < 1 or > 256 || w is < 1 or > 64)
            {
                await stderr.WriteLineAsync("fakelens: --uploads 1..100000, --concurrency 1..256, --workers 1..64.").ConfigureAwait(false);
                return CliApp.UsageError;
            }

            var only = (parse.GetValue(detectors) ?? []).SelectMany(d => d.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList();
            return await RunAsync(n, c, w, only, stdout, stderr, ct).ConfigureAwait(false);
        });
        return command;
    }

    private static async Task<int> RunAsync(int n, int concurrency, int workers, List<string> detectors, TextWriter stdout, TextWriter stderr, CancellationToken ct)
    {
        var data = Path.Combine(Path.GetTempPath(), "fakelens-bench-serve", Guid.NewGuid().ToString("N"));
        var options = new ServerOptions
        {
            DataDirectory = data,
            Urls = "http://127.0.0.1:0",
            Workers = workers,
            UploadsPerMinute = 0,
            Analyzer = new AnalyzerOptions { Detectors = detectors },
        };
        WebApplication app;
        try
        {
            app = await ServerApp.CreateAsync(options, cancellationToken: ct).ConfigureAwait(false);
        }
        catch (AnalyzerConfigurationException e)
        {
            await stderr.WriteLineAsync("fakelens: " + e.Message).ConfigureAwait(false);
            return CliApp.UsageError;
        }

        await using (app.ConfigureAwait(false))
        {
            await app.StartAsync(ct).ConfigureAwait(false);
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            await stdout.WriteLineAsync($"Generating {n} distinct pictures ({string.Join(", ", Sizes.Select(s => $"{s.W}×{s.H}"))})…").ConfigureAwait(false);
            var files = Enumerable.Range(0, n).Select(i => Picture(i)).ToList();
            using var http = new HttpClient { BaseAddress = new Uri(address), Timeout = TimeSpan.FromMinutes(10) };
            var results = new ConcurrentBag<(string Id, double Seconds, double Mp, string Status)>();
            var failures = new ConcurrentBag<string>();
            await stdout.WriteLineAsync($"Uploading to {address} at {concurrency}-way concurrency, {workers} server worker(s), detectors: {(detectors.Count == 0 ? "all" : string.Join(",", detectors))}.").ConfigureAwait(false);
            var clock = Stopwatch.StartNew();
            await Parallel.ForEachAsync(Enumerable.Range(0, n), new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = ct }, async (i, token) =>
            {
                var (bytes, mp) = files[i];
                var t = Stopwatch.StartNew();
                using var content = new ByteArrayContent(bytes);
                content.Headers.ContentType = new MediaTypeHeaderValue("image/png");
                var response = await http.PostAsync($"/api/v1/analyses?name=bench-{i}.png", content, token).ConfigureAwait(false);
                if (response.StatusCode is not (HttpStatusCode.Accepted or HttpStatusCode.OK))
                {
                    failures.Add($"upload {i}: HTTP {(int)response.StatusCode}");
                    return;
                }

                var id = (string)JsonNode.Parse(await response.Content.ReadAsStringAsync(token).ConfigureAwait(false))!["id"]!;
                for (; ; )
                {
                    var job = JsonNode.Parse(await http.GetStringAsync($"/api/v1/analyses/{id}", token).ConfigureAwait(false))!;
                    var status = (string)job["status"]!;
                    if (status is "done" or "failed")
                    {
                        results.Add((id, t.Elapsed.TotalSeconds, mp, status));
                        return;
                    }

                    await Task.Delay(100, token).ConfigureAwait(false);
                }
            }).ConfigureAwait(false);
            var wall = clock.Elapsed.TotalSeconds;

            var store = app.Services.GetRequiredService<IJobStore>();
            var stored = await store.ListAsync(new JobQuery(string.Empty, 1, 100, null, null, null, null, null), ct).ConfigureAwait(false);
            var all = new List<JobRecord>();
            for (var page = 1; page <= (stored.Total + 99) / 100; page++)
            {
                all.AddRange((await store.ListAsync(new JobQuery(string.Empty, page, 100, null, null, null, null, null), ct).ConfigureAwait(false)).Items);
            }

            var ids = results.Select(r => r.Id).ToHashSet(StringComparer.Ordinal);
            var lost = n - results.Count + all.Count(j => j.State is not (JobState.Done or JobState.Failed));
            var duplicated = (results.Count - ids.Count) + all.Count(j => j.Completions != 1) + Math.Max(0, all.Count - n);
            var seconds = results.Select(r => r.Seconds).Order().ToList();
            var perMp = results.Select(r => r.Seconds / r.Mp).Order().ToList();
            var mpTotal = results.Sum(r => r.Mp);
            string F(double v) => v.ToString("0.00", CultureInfo.InvariantCulture);
            await stdout.WriteLineAsync($"uploads {n}, finished {results.Count} ({results.Count(r => r.Status == "done")} done, {results.Count(r => r.Status == "failed")} failed), jobs stored {all.Count}").ConfigureAwait(false);
            await stdout.WriteLineAsync($"lost {lost}, duplicated {duplicated}{(failures.IsEmpty ? string.Empty : "; upload errors: " + string.Join("; ", failures.Take(5)))}").ConfigureAwait(false);
            if (seconds.Count > 0)
            {
                await stdout.WriteLineAsync($"wall {F(wall)} s; throughput {F(results.Count / wall)} files/s, {F(mpTotal / wall)} MP/s").ConfigureAwait(false);
                await stdout.WriteLineAsync($"latency (upload → result) p50 {F(Quantile(seconds, 0.5))} s, p95 {F(Quantile(seconds, 0.95))} s; per MP p50 {F(Quantile(perMp, 0.5))} s/MP, p95 {F(Quantile(perMp, 0.95))} s/MP").ConfigureAwait(false);
            }

            await app.StopAsync(CancellationToken.None).ConfigureAwait(false);
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(data, recursive: true);
            return lost == 0 && duplicated == 0 && failures.IsEmpty ? CliApp.Ok : CliApp.FailOnMatched;
        }
    }

    private static double Quantile(List<double> sorted, double q) => sorted[Math.Clamp((int)Math.Ceiling(q * sorted.Count) - 1, 0, sorted.Count - 1)];

    /// <summary>A distinct smooth picture with noise (seeded by its index), as PNG, and its size in megapixels.</summary>
    private static (byte[] Bytes, double Mp) Picture(int index)
    {
        var (w, h) = Sizes[index % Sizes.Length];
        var rng = new Random(index);
        var px = new byte[w * h * 3];
        double fx = 20 + (rng.NextDouble() * 80), fy = 20 + (rng.NextDouble() * 80), phase = rng.NextDouble() * 6;
        for (var y = 0; y < h; y++)
        {
            for (var x = 0; x < w; x++)
            {
                var i = ((y * w) + x) * 3;
                var v = 128 + (60 * Math.Sin((x / fx) + phase)) + (40 * Math.Cos(y / fy));
                px[i] = (byte)Math.Clamp(v + rng.Next(-3, 4), 0, 255);
                px[i + 1] = (byte)Math.Clamp((255.0 * y / h) + rng.Next(-3, 4), 0, 255);
                px[i + 2] = (byte)Math.Clamp((255.0 * x / w) + rng.Next(-3, 4), 0, 255);
            }
        }

        return (ImageEncoder.Png(new RgbImage(w, h, px)), w * h / 1e6);
    }
}
