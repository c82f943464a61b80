using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using FakeLens.Core.Detection;
using FakeLens.Core.Evidence;
using FakeLens.Core.Media;
using FakeLens.Imaging.Decoding;
using FakeLens.Server.Distributed;
using FakeLens.Server.Jobs;
using FakeLens.Server.Security;
using FakeLens.TestSupport;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace FakeLens.Server.Tests.Distributed;

/// <summary>
/// Scale-out mode against real PostgreSQL and RabbitMQ servers with real faults: a worker killed with SIGKILL, the broker
/// restarted and the database connections dropped while jobs flow, a file that crashes the analysis every time. One
/// class, so the tests run one after the other (the broker restart must not hit another test's jobs).
/// </summary>
public sealed class ScaleOutTests
{
    /// <summary>Detectors slow enough on a 2 MP picture (seconds) that the kill lands mid-job.</summary>
    private static readonly AnalyzerOptions SlowDetectors = new() { Detectors = ["image.decode", "noise", "copy-move"] };

    [Fact]
    public async Task Upload_goes_through_the_broker_to_a_worker_and_the_report_is_served_once()
    {
        await using var servers = await RealServers.CreateAsync();
        var options = servers.Options();
        var app = await servers.ServeAsync(TestServerHost.FastDetectors, options);
        var worker = await servers.WorkAsync(TestServerHost.FastDetectors, options);
        using var client = app.GetTestClient();

        var created = await client.PostAsync("/api/v1/analyses?name=photo.png&priority=batch", TestServerHost.Raw(ImageEncoder.Png(Scenes.Natural(320, 240, seed: 21))));
        Assert.Equal(HttpStatusCode.Accepted, created.StatusCode);
        var id = (string)(await TestServerHost.JsonAsync(created))["id"]!;
        var done = await WaitAsync(client, id);
        Assert.Equal("done", (string)done["status"]!);
        Assert.Equal("photo.png", (string)done["fileName"]!);
        var report = JsonNode.Parse(await client.GetStringAsync($"/api/v1/analyses/{id}/report.json"))!;
        Assert.Equal("photo.png", (string)report["files"]![0]!["path"]!);
        Assert.Equal(1L, await servers.ScalarAsync($"SELECT completions::bigint FROM jobs WHERE id = '{id}'"));
        Assert.Equal((long)JobPriority.Batch, await servers.ScalarAsync($"SELECT priority::bigint FROM jobs WHERE id = '{id}'"));

        // At-least-once delivery means duplicates: the same job published again is dropped, the result stays written once.
        var broker = app.Services.GetRequiredService<RabbitBroker>();
        var sha = (string)done["sha256"]!;
        await broker.PublishAsync(new JobMessage(id, sha, 1), JobPriority.Interactive, CancellationToken.None);
        var dist = worker.Services.GetRequiredService<DistributedWorker>();
        await RealServers.UntilAsync(() => Task.FromResult(dist.Duplicates == 1), TimeSpan.FromSeconds(30), "the duplicate delivery being dropped");
        Assert.Equal(1L, await servers.ScalarAsync($"SELECT completions::bigint FROM jobs WHERE id = '{id}'"));
        Assert.Equal(1, dist.Processed);

        var metrics = await client.GetStringAsync("/metrics");
        Assert.Contains("fakelens_jobs{state=\"done\"} 1\n", metrics, StringComparison.Ordinal);
        Assert.Contains($"fakelens_queue_messages{{queue=\"{servers.Name}.jobs\"}} 0\n", metrics, StringComparison.Ordinal);
        Assert.Contains($"fakelens_queue_consumers{{queue=\"{servers.Name}.jobs\"}} 1\n", metrics, StringComparison.Ordinal);
        Assert.Matches(@"fakelens_detector_duration_seconds_count\{detector=""image.decode""\} 1\n", metrics);
    }

    [Fact]
    public async Task Api_keys_live_in_PostgreSQL_so_every_scale_out_server_honours_the_same_keys()
    {
        await using var servers = await RealServers.CreateAsync();
        var options = servers.Options();

        // A key made against the shared database (as `fakelens keys api create --database …` does), not in a server.
        var store = new ApiKeyStore(NpgsqlDataSource.Create(servers.Postgres), TimeProvider.System);
        await store.InitializeAsync(CancellationToken.None);
        var (key, secret) = await store.CreateAsync("newsroom", CancellationToken.None);
        Assert.Equal(ApiKeyStore.Hash(secret), (string)(await servers.ScalarAsync($"SELECT hash FROM api_keys WHERE id = '{key.Id}'"))!);
        Assert.Equal(0L, await servers.ScalarAsync($"SELECT count(*) FROM api_keys WHERE hash = '{secret}'"));

        var app = await servers.ServeAsync(TestServerHost.FastDetectors, options);
        using var client = app.GetTestClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/v1/analyses")).StatusCode);
        using (var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/analyses"))
        {
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", secret);
            Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(request)).StatusCode);
        }

        // Revoked in the database: the server refuses the key from then on.
        Assert.True(await store.RevokeAsync(key.Id, CancellationToken.None));
        using (var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/analyses"))
        {
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", secret);
            Assert.Equal(HttpStatusCode.Unauthorized, (await client.SendAsync(request)).StatusCode);
        }
    }

    [Fact]
    public async Task Worker_killed_mid_job_the_job_is_redelivered_and_finishes_exactly_once()
    {
        await using var servers = await RealServers.CreateAsync();
        var options = servers.Options();
        var app = await servers.ServeAsync(SlowDetectors, options);
        using var client = app.GetTestClient();
        var stderr = new System.Text.StringBuilder();
        var process = servers.Track(StartWorkerProcess(servers, options, stderr)); // killed and disposed with servers

        var created = await client.PostAsync("/api/v1/analyses?name=slow.png", TestServerHost.Raw(ImageEncoder.Png(Scenes.Natural(1600, 1200, seed: 4))));
        var id = (string)(await TestServerHost.JsonAsync(created))["id"]!;

        // Mid-job: running with at least one detector finished, in the worker process.
        await RealServers.UntilAsync(async () =>
        {
            Assert.False(process.HasExited, "fakelens worker exited: " + stderr);
            var job = await TestServerHost.JsonAsync(await client.GetAsync($"/api/v1/analyses/{id}"));
            Assert.NotEqual("done", (string)job["status"]!);
            return (string)job["status"]! == "running" && (double)job["progress"]! > 0;
        }, TimeSpan.FromSeconds(90), "the job running in the worker process");
        process.Kill(entireProcessTree: true); // SIGKILL: no hand-back, no acknowledgement
        await process.WaitForExitAsync();
        Assert.Equal("running", await servers.ScalarAsync($"SELECT state FROM jobs WHERE id = '{id}'"));

        // The broker saw the connection die and redelivers; a new worker takes the job over at once (redelivered).
        await servers.WorkAsync(SlowDetectors, options);
        var done = await WaitAsync(client, id, seconds: 120);
        Assert.Equal("done", (string)done["status"]!);
        Assert.Equal(2L, await servers.ScalarAsync($"SELECT attempts::bigint FROM jobs WHERE id = '{id}'"));
        Assert.Equal(1L, await servers.ScalarAsync($"SELECT completions::bigint FROM jobs WHERE id = '{id}'"));
        Assert.Equal(1L, await servers.ScalarAsync("SELECT COUNT(*) FROM jobs"));
    }

    [Fact]
    public async Task Broker_restart_and_database_connection_drop_while_jobs_flow_lose_and_duplicate_nothing()
    {
        await using var servers = await RealServers.CreateAsync();
        var options = servers.Options();
        var app = await servers.ServeAsync(TestServerHost.FastDetectors, options);
        var worker = await servers.WorkAsync(TestServerHost.FastDetectors, options, concurrency: 2);
        using var client = app.GetTestClient();

        const int Jobs = 16;
        var ids = new List<string>();
        async Task UploadAsync(int i)
        {
            var created = await client.PostAsync($"/api/v1/analyses?name=f{i}.png", TestServerHost.Raw(ImageEncoder.Png(Scenes.Natural(200, 150, seed: 100 + i))));
            Assert.Equal(HttpStatusCode.Accepted, created.StatusCode);
            ids.Add((string)(await TestServerHost.JsonAsync(created))["id"]!);
        }

        for (var i = 0; i < Jobs / 4; i++)
        {
            await UploadAsync(i);
        }

        async Task<long> DoneAsync() => (long)(await servers.ScalarAsync("SELECT COUNT(*) FROM jobs WHERE state IN ('done', 'failed')"))!;
        await RealServers.UntilAsync(async () => await DoneAsync() >= 1, TimeSpan.FromSeconds(60), "the first job finishing");

        // Broker restart while jobs are queued and in hand; uploads keep coming during it.
        var restart = Task.Run(() => Services("broker-restart"));
        for (var i = Jobs / 4; i < Jobs / 2; i++)
        {
            await UploadAsync(i);
        }

        await restart;

        // Every connection of this test to PostgreSQL (server and worker pools) is terminated while jobs flow.
        for (var i = Jobs / 2; i < 3 * Jobs / 4; i++)
        {
            await UploadAsync(i);
        }

        var killed = await servers.ScalarAsync($"SELECT COUNT(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = '{servers.Name}'");
        Assert.True((long)killed! > 0, "no database connection was dropped");
        for (var i = 3 * Jobs / 4; i < Jobs; i++)
        {
            await UploadAsync(i);
        }

        await RealServers.UntilAsync(async () => await DoneAsync() == Jobs, TimeSpan.FromSeconds(120), $"all {Jobs} jobs finishing");
        Assert.Equal(Jobs, ids.Distinct().Count());
        Assert.Equal((long)Jobs, await servers.ScalarAsync("SELECT COUNT(*) FROM jobs"));
        Assert.Equal((long)Jobs, await servers.ScalarAsync("SELECT COUNT(*) FROM jobs WHERE state = 'done' AND completions = 1"));
        foreach (var id in ids)
        {
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/api/v1/analyses/{id}/report.json")).StatusCode);
        }
    }

    [Fact]
    public async Task Poison_file_that_crashes_the_analysis_every_time_lands_in_the_dead_letter_queue_with_its_reason()
    {
        await using var servers = await RealServers.CreateAsync();
        var options = servers.Options(0.2, 0.2);
        var app = await servers.ServeAsync(TestServerHost.FastDetectors, options);
        await servers.WorkAsync(new AnalyzerOptions(), options, catalog: _ => [new CrashingDetector()]);
        using var client = app.GetTestClient();

        var created = await client.PostAsync("/api/v1/analyses?name=poison.png", TestServerHost.Raw(ImageEncoder.Png(Scenes.Natural(64, 48, seed: 7))));
        var id = (string)(await TestServerHost.JsonAsync(created))["id"]!;
        var failed = await WaitAsync(client, id);
        Assert.Equal("failed", (string)failed["status"]!);
        Assert.Equal("poison", (string)failed["error"]!["code"]!);
        Assert.Contains("crashed on all 3 attempts", (string)failed["error"]!["message"]!, StringComparison.Ordinal);
        Assert.Contains(CrashingDetector.Message, (string)failed["error"]!["message"]!, StringComparison.Ordinal);
        Assert.Equal(3L, await servers.ScalarAsync($"SELECT attempts::bigint FROM jobs WHERE id = '{id}'"));

        var dead = await servers.DrainAsync($"{servers.Name}.dead");
        var letter = Assert.Single(dead);
        Assert.Contains(id, letter.Body, StringComparison.Ordinal);
        Assert.NotNull(letter.Reason);
        Assert.Contains(CrashingDetector.Message, letter.Reason, StringComparison.Ordinal);
    }

    private static async Task<JsonNode> WaitAsync(HttpClient client, string id, int seconds = 60)
    {
        JsonNode? job = null;
        await RealServers.UntilAsync(async () =>
        {
            job = await TestServerHost.JsonAsync(await client.GetAsync($"/api/v1/analyses/{id}"));
            return (string)job["status"]! is "done" or "failed";
        }, TimeSpan.FromSeconds(seconds), $"analysis {id} finishing");
        return job!;
    }

    private static Process StartWorkerProcess(RealServers servers, DistributedOptions options, System.Text.StringBuilder stderr)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[]
        {
            CliDll(), "worker", "--broker", options.Broker, "--database", options.Database, "--queue", options.QueuePrefix, "--store", servers.DataDirectory,
            "--detectors", string.Join(',', SlowDetectors.Detectors), "--heartbeat", "1",
            "--retry-delays", string.Join(',', options.RetryDelays.Select(d => d.TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture))),
        })
        {
            start.ArgumentList.Add(a);
        }

        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) =>
        {
            lock (stderr)
            {
                stderr.AppendLine(e.Data);
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary>Runs scripts/services.sh (the broker restart needs the same environment it was started with).</summary>
    private static void Services(string verb)
    {
        var script = Path.Combine(RepositoryRoot(), "scripts", "services.sh");
        using var process = Process.Start(new ProcessStartInfo("bash") { ArgumentList = { script, verb }, RedirectStandardError = true, UseShellExecute = false })!;
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"scripts/services.sh {verb} failed: {error}");
    }

    private static string RepositoryRoot()
    {
        var bin = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        return bin.Parent!.Parent!.Parent!.Parent!.Parent!.FullName;
    }

    /// <summary>The CLI built beside this test project (same configuration), run as a separate process.</summary>
    private static string CliDll()
    {
        var bin = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var dll = Path.Combine(RepositoryRoot(), "src", "FakeLens.Cli", "bin", bin.Parent!.Name, bin.Name, "fakelens.dll");
        return File.Exists(dll) ? dll : throw new FileNotFoundException($"The fakelens command was not built at {dll}.", dll);
    }

    /// <summary>A detector with a bug that escapes the scanner's per-detector guard (AppliesTo throws), so the whole analysis crashes on every PNG.</summary>
    private sealed class CrashingDetector : IDetector
    {
        public const string Message = "simulated crash in AppliesTo";

        public string Id => "test.crash";

        public string Description => "Crashes the analysis (test).";

        public EvidenceCategory Category => EvidenceCategory.Noise;

        public bool AppliesTo(MediaType media) => throw new InvalidOperationException(Message);

        public ValueTask<IReadOnlyList<Evidence>> AnalyzeAsync(AnalysisContext context, CancellationToken cancellationToken) =>
            throw new InvalidOperationException(Message);
    }
}
