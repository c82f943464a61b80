using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using FakeLens.Server.Jobs;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace FakeLens.Server.Tests;

/// <summary>The service in memory (ASP.NET Core test server) over a fresh data folder, with a fast detector set.</summary>
internal sealed class TestServerHost : IAsyncDisposable
{
    /// <summary>Decode + the Stable Diffusion watermark: enough for real verdicts, fast enough for many tests.</summary>
    public static readonly AnalyzerOptions FastDetectors = new() { Detectors = ["file.format", "image.decode", "watermark.stable-diffusion"] };

    private TestServerHost(WebApplication app, string data)
    {
        App = app;
        DataDirectory = data;
        Client = app.GetTestClient();
    }

    public WebApplication App { get; }

    public string DataDirectory { get; }

    public HttpClient Client { get; }

    public IJobStore Store => App.Services.GetRequiredService<IJobStore>();

    public static async Task<TestServerHost> StartAsync(Func<ServerOptions, ServerOptions>? change = null)
    {
        var data = Path.Combine(Path.GetTempPath(), "fakelens-server-tests", Guid.NewGuid().ToString("N"));
        var options = new ServerOptions { DataDirectory = data, Workers = 2, Analyzer = FastDetectors, UploadsPerMinute = 0 };
        options = change?.Invoke(options) ?? options;
        var app = await ServerApp.CreateAsync(options, configure: b => b.WebHost.UseTestServer());
        await app.StartAsync();
        return new TestServerHost(app, data);
    }

    public static ByteArrayContent Raw(byte[] bytes, string contentType = "application/octet-stream")
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        return content;
    }

    public static MultipartFormDataContent Multipart(byte[] bytes, string fileName)
    {
        var form = new MultipartFormDataContent();
        var part = new ByteArrayContent(bytes);
        part.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(part, "file", fileName);
        return form;
    }

    public static async Task<JsonNode> JsonAsync(HttpResponseMessage response) =>
        JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

    /// <summary>Polls an analysis until it is done or failed (fails the test after 60 s).</summary>
    public async Task<JsonNode> WaitAsync(string id, HttpClient? client = null)
    {
        for (var i = 0; i < 600; i++)
        {
            var job = await JsonAsync(await (client ?? Client).GetAsync($"/api/v1/analyses/{id}"));
            if ((string)job["status"]! is "done" or "failed")
            {
                return job;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"analysis {id} did not finish within 60 s");
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open by the OS is harmless in the temp folder.
        }
    }
}
