using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using FakeLens.Imaging.Decoding;
using FakeLens.Server.Jobs;
using FakeLens.Server.Storage;
using FakeLens.TestSupport;

namespace FakeLens.Server.Tests.Jobs;

/// <summary>Kills the real <c>fakelens serve</c> process in the middle of a job, starts it again, and checks the job completes exactly once.</summary>
public sealed class CrashSafetyTests
{
    /// <summary>Detectors slow enough on a 2 MP picture (seconds) that the kill lands mid-job.</summary>
    private const string SlowDetectors = "image.decode,noise,copy-move";

    [Fact]
    public async Task Job_running_when_the_server_is_killed_is_requeued_on_restart_and_completes_exactly_once()
    {
        var data = Path.Combine(Path.GetTempPath(), "fakelens-crash-tests", Guid.NewGuid().ToString("N"));
        var port = FreePort();
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(30) };
        var store = new SqliteJobStore(new SqliteDatabase(Path.Combine(data, "fakelens.db")), TimeProvider.System);
        try
        {
            string id;
            using (var first = Serve(data, port))
            {
                await WaitHealthyAsync(http, first);
                var content = TestServerHost.Raw(ImageEncoder.Png(Scenes.Natural(1600, 1200, seed: 4)));
                var created = await http.PostAsync("/api/v1/analyses?name=slow.png", content);
                Assert.Equal(HttpStatusCode.Accepted, created.StatusCode);
                id = (string)JsonNode.Parse(await created.Content.ReadAsStringAsync())!["id"]!;

                // Mid-job: running, and at least one detector has finished.
                await PollAsync(http, id, j => (string)j["status"]! == "running" && (double)j["progress"]! > 0, stopOn: "done");
                first.Kill(entireProcessTree: true);
                await first.WaitForExitAsync();
            }

            var dead = await store.GetAsync(id, string.Empty, CancellationToken.None);
            Assert.Equal(JobState.Running, dead!.State);
            Assert.Equal((1, 0), (dead.Attempts, dead.Completions));

            using (var second = Serve(data, port))
            {
                await WaitHealthyAsync(http, second);
                var done = await PollAsync(http, id, j => (string)j["status"]! is "done" or "failed", stopOn: null);
                Assert.Equal("done", (string)done["status"]!);
                Assert.Equal("slow.png", (string)done["fileName"]!);
                var history = JsonNode.Parse(await http.GetStringAsync("/api/v1/analyses"))!;
                Assert.Equal(1, (int)history["total"]!);
                second.Kill(entireProcessTree: true);
                await second.WaitForExitAsync();
            }

            var final = await store.GetAsync(id, string.Empty, CancellationToken.None);
            Assert.Equal(JobState.Done, final!.State);
            Assert.Equal(2, final.Attempts);
            Assert.Equal(1, final.Completions);
            Assert.NotNull(await store.GetReportAsync(id, string.Empty, html: false, CancellationToken.None));
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(data, recursive: true);
        }
    }

    private static Process Serve(string data, int port)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in new[] { CliDll(), "serve", "--data", data, "--urls", $"http://127.0.0.1:{port}", "--workers", "1", "--rate-limit", "0", "--detectors", SlowDetectors })
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

    /// <summary>The CLI built beside this test project (same configuration), run as a separate process.</summary>
    private static string CliDll()
    {
        var bin = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var configuration = bin.Parent!.Name;
        var root = bin.Parent.Parent!.Parent!.Parent!.Parent!.FullName;
        var dll = Path.Combine(root, "src", "FakeLens.Cli", "bin", configuration, bin.Name, "fakelens.dll");
        return File.Exists(dll) ? dll : throw new FileNotFoundException($"The fakelens command was not built at {dll}.", dll);
    }

    private static async Task WaitHealthyAsync(HttpClient http, Process server)
    {
        for (var i = 0; i < 300; i++)
        {
            Assert.False(server.HasExited, "fakelens serve exited during start-up");
            try
            {
                if ((await http.GetAsync("/healthz")).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(100);
        }

        throw new TimeoutException("fakelens serve did not start within 30 s");
    }

    private static async Task<JsonNode> PollAsync(HttpClient http, string id, Func<JsonNode, bool> until, string? stopOn)
    {
        for (var i = 0; i < 1200; i++)
        {
            var job = JsonNode.Parse(await http.GetStringAsync($"/api/v1/analyses/{id}"))!;
            if (until(job))
            {
                return job;
            }

            Assert.NotEqual(stopOn, (string)job["status"]!);
            await Task.Delay(50);
        }

        throw new TimeoutException($"analysis {id} did not reach the expected state within 60 s");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
