using System.Net;
using System.Net.Http.Headers;
using System.Text;
using FakeLens.Imaging.Decoding;
using FakeLens.Server.Jobs;
using FakeLens.Server.Security;
using FakeLens.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace FakeLens.Server.Tests.Api;

public sealed class AnalysesApiTests
{
    private static byte[] Photo(int seed = 1) => ImageEncoder.Png(Scenes.Natural(80, 60, seed));

    /// <summary>A PNG signature and the start of a header, then nothing a decoder can use (Skia decodes merely truncated pixel data).</summary>
    internal static byte[] BrokenPng() => [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D, .. "IHDRgarbagegarbage"u8];

    private static byte[] Watermarked() => File.ReadAllBytes(TestData.Path("watermark", "sdxl_dwtDct", "kodim10_crop497x383_sdxl.png"));

    [Fact]
    public async Task Raw_upload_returns_202_with_Location_and_finishes_with_the_watermark_verdict()
    {
        await using var host = await TestServerHost.StartAsync();
        var response = await host.Client.PostAsync("/api/v1/analyses?name=sd.png", TestServerHost.Raw(Watermarked(), "image/png"));

        Assert.True(response.StatusCode is HttpStatusCode.Accepted or HttpStatusCode.OK, response.StatusCode.ToString());
        var created = await TestServerHost.JsonAsync(response);
        var id = (string)created["id"]!;
        Assert.Equal($"/api/v1/analyses/{id}", response.Headers.Location!.ToString());
        Assert.Equal("sd.png", (string)created["fileName"]!);
        Assert.Equal("image/png", (string)created["mediaType"]!);

        var done = await host.WaitAsync(id);
        Assert.Equal("done", (string)done["status"]!);
        Assert.Equal("ai-generated", (string)done["verdict"]!["band"]!);
        Assert.Equal(1.0, (double)done["verdict"]!["probabilities"]!["aiGenerated"]!, 3);
    }

    [Fact]
    public async Task Multipart_upload_with_wait_returns_the_finished_analysis_and_its_reports()
    {
        await using var host = await TestServerHost.StartAsync();
        var response = await host.Client.PostAsync("/api/v1/analyses?wait=30", TestServerHost.Multipart(Photo(), "holiday.png"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var job = await TestServerHost.JsonAsync(response);
        var id = (string)job["id"]!;
        Assert.Equal("holiday.png", (string)job["fileName"]!);
        Assert.Equal("no-evidence-found", (string)job["verdict"]!["band"]!);

        var json = await host.Client.GetAsync($"/api/v1/analyses/{id}/report.json");
        Assert.Equal("application/json", json.Content.Headers.ContentType!.MediaType);
        var report = await TestServerHost.JsonAsync(json);
        Assert.Equal("holiday.png", (string)report["files"]![0]!["path"]!);
        Assert.Equal((string)job["sha256"]!, (string)report["files"]![0]!["sha256"]!);

        var html = await host.Client.GetAsync($"/api/v1/analyses/{id}/report.html");
        Assert.Equal("text/html", html.Content.Headers.ContentType!.MediaType);
        Assert.StartsWith("sandbox", html.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        Assert.Contains("holiday.png", await html.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Same_bytes_reuse_the_finished_result_unless_rerun_is_asked()
    {
        await using var host = await TestServerHost.StartAsync();
        var first = await TestServerHost.JsonAsync(await host.Client.PostAsync("/api/v1/analyses?wait=30", TestServerHost.Raw(Photo(3))));
        var second = await host.Client.PostAsync("/api/v1/analyses?name=again.png", TestServerHost.Raw(Photo(3)));
        var again = await TestServerHost.JsonAsync(second);
        var rerun = await TestServerHost.JsonAsync(await host.Client.PostAsync("/api/v1/analyses?rerun=true&wait=30", TestServerHost.Raw(Photo(3))));
        var otherDetectors = await TestServerHost.JsonAsync(await host.Client.PostAsync("/api/v1/analyses?detectors=file.format", TestServerHost.Raw(Photo(3))));

        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal((string)first["id"]!, (string)again["id"]!);
        Assert.True((bool)again["reused"]!);
        Assert.NotEqual((string)first["id"]!, (string)rerun["id"]!);
        Assert.False((bool)rerun["reused"]!);
        Assert.NotEqual((string)first["id"]!, (string)otherDetectors["id"]!);
        Assert.Equal("file.format", (string)otherDetectors["detectors"]!);
    }

    [Fact]
    public async Task Empty_body_is_a_400_problem_with_the_CLI_error_code()
    {
        await using var host = await TestServerHost.StartAsync();
        var response = await host.Client.PostAsync("/api/v1/analyses", TestServerHost.Raw([]));
        await AssertProblemAsync(response, HttpStatusCode.BadRequest, "empty");
    }

    [Fact]
    public async Task Declared_length_of_2_GB_is_refused_with_413_before_reading()
    {
        await using var host = await TestServerHost.StartAsync();
        var content = TestServerHost.Raw(new byte[16]);
        content.Headers.ContentLength = 2L * 1024 * 1024 * 1024;
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/analyses") { Content = content };

        var response = await host.Client.SendAsync(request);

        var problem = await AssertProblemAsync(response, HttpStatusCode.RequestEntityTooLarge, "too-large");
        Assert.Contains("2048 MiB", problem, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(Path.Combine(host.DataDirectory, "uploads"), "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task Body_larger_than_the_limit_without_declared_length_is_refused_and_not_kept()
    {
        await using var host = await TestServerHost.StartAsync(o => o with { MaxUploadBytes = 1000 });
        var content = new StreamContent(new MemoryStream(new byte[5000]));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        content.Headers.ContentLength = null;

        var response = await host.Client.PostAsync("/api/v1/analyses", content);

        await AssertProblemAsync(response, HttpStatusCode.RequestEntityTooLarge, "too-large");
        Assert.Empty(Directory.GetFiles(Path.Combine(host.DataDirectory, "uploads"), "*", SearchOption.AllDirectories));
    }

    [Theory]
    [InlineData("application/json")]
    [InlineData("text/html")]
    [InlineData("application/x-www-form-urlencoded")]
    public async Task Wrong_content_type_is_a_415_problem(string contentType)
    {
        await using var host = await TestServerHost.StartAsync();
        var response = await host.Client.PostAsync("/api/v1/analyses", TestServerHost.Raw(Photo(), contentType));
        await AssertProblemAsync(response, HttpStatusCode.UnsupportedMediaType, "unsupported-content-type");
    }

    [Fact]
    public async Task Bytes_that_are_not_media_are_refused_by_sniffing_whatever_the_name_and_type_say()
    {
        await using var host = await TestServerHost.StartAsync();
        var response = await host.Client.PostAsync("/api/v1/analyses?name=photo.jpg", TestServerHost.Raw("<script>alert(1)</script>"u8.ToArray(), "image/jpeg"));

        var detail = await AssertProblemAsync(response, HttpStatusCode.UnsupportedMediaType, "not-media");
        Assert.Contains("ends as a JPEG file", detail, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(Path.Combine(host.DataDirectory, "uploads"), "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task Malformed_multipart_is_a_400_problem()
    {
        await using var host = await TestServerHost.StartAsync();
        var content = new ByteArrayContent(Encoding.ASCII.GetBytes("--abc\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.png\"\r\n\r\nPNGDATA-without-closing-boundary"));
        content.Headers.TryAddWithoutValidation("Content-Type", "multipart/form-data; boundary=abc");
        var noBoundary = TestServerHost.Raw(Photo(), "multipart/form-data");

        await AssertProblemAsync(await host.Client.PostAsync("/api/v1/analyses", content), HttpStatusCode.BadRequest, "malformed-multipart");
        await AssertProblemAsync(await host.Client.PostAsync("/api/v1/analyses", noBoundary), HttpStatusCode.BadRequest, "malformed-multipart");
    }

    [Fact]
    public async Task Multipart_without_a_file_or_with_two_files_is_refused()
    {
        await using var host = await TestServerHost.StartAsync();
        var noFile = new MultipartFormDataContent { { new StringContent("hello"), "note" } };
        var two = TestServerHost.Multipart(Photo(1), "a.png");
        two.Add(new ByteArrayContent(Photo(2)), "file", "b.png");

        await AssertProblemAsync(await host.Client.PostAsync("/api/v1/analyses", noFile), HttpStatusCode.BadRequest, "no-file");
        await AssertProblemAsync(await host.Client.PostAsync("/api/v1/analyses", two), HttpStatusCode.BadRequest, "several-files");
    }

    [Fact]
    public async Task Unknown_id_is_a_404_problem_on_every_route()
    {
        await using var host = await TestServerHost.StartAsync();
        foreach (var path in new[] { "/api/v1/analyses/nope", "/api/v1/analyses/nope/report.json", "/api/v1/analyses/nope/report.html", "/api/v1/analyses/nope/heatmaps/0.png" })
        {
            await AssertProblemAsync(await host.Client.GetAsync(path), HttpStatusCode.NotFound, "not-found");
        }

        await AssertProblemAsync(await host.Client.DeleteAsync("/api/v1/analyses/nope"), HttpStatusCode.NotFound, "not-found");
    }

    [Fact]
    public async Task Unknown_detector_and_bad_wait_are_400_problems()
    {
        await using var host = await TestServerHost.StartAsync();
        var unknown = await AssertProblemAsync(await host.Client.PostAsync("/api/v1/analyses?detectors=bogus", TestServerHost.Raw(Photo())), HttpStatusCode.BadRequest, "unknown-detector");
        Assert.Contains("bogus", unknown, StringComparison.Ordinal);
        await AssertProblemAsync(await host.Client.PostAsync("/api/v1/analyses?wait=999", TestServerHost.Raw(Photo())), HttpStatusCode.BadRequest, "bad-parameter");
    }

    [Fact]
    public async Task A_corrupt_image_fails_with_its_error_code_and_message()
    {
        await using var host = await TestServerHost.StartAsync();
        var job = await TestServerHost.JsonAsync(await host.Client.PostAsync("/api/v1/analyses?wait=30&name=broken.png", TestServerHost.Raw(BrokenPng())));

        Assert.Equal("failed", (string)job["status"]!);
        Assert.Equal("corrupt", (string)job["error"]!["code"]!);
        Assert.False(string.IsNullOrWhiteSpace((string)job["error"]!["message"]!));
        Assert.Null(job["verdict"]);
    }

    [Fact]
    public async Task Delete_removes_the_analysis_and_its_upload()
    {
        await using var host = await TestServerHost.StartAsync();
        var job = await TestServerHost.JsonAsync(await host.Client.PostAsync("/api/v1/analyses?wait=30", TestServerHost.Raw(Photo(5))));
        var id = (string)job["id"]!;
        var sha = (string)job["sha256"]!;
        var upload = Path.Combine(host.DataDirectory, "uploads", sha[..2], sha + ".bin");
        Assert.True(File.Exists(upload));

        Assert.Equal(HttpStatusCode.NoContent, (await host.Client.DeleteAsync($"/api/v1/analyses/{id}")).StatusCode);

        Assert.Equal(HttpStatusCode.NotFound, (await host.Client.GetAsync($"/api/v1/analyses/{id}")).StatusCode);
        Assert.False(File.Exists(upload));
    }

    [Fact]
    public async Task History_pages_and_filters_by_verdict_and_name()
    {
        await using var host = await TestServerHost.StartAsync();
        await host.Client.PostAsync("/api/v1/analyses?wait=30&name=sd-image.png", TestServerHost.Raw(Watermarked()));
        for (var i = 0; i < 3; i++)
        {
            await host.Client.PostAsync($"/api/v1/analyses?wait=30&name=photo-{i}.png", TestServerHost.Raw(Photo(10 + i)));
        }

        var page = await TestServerHost.JsonAsync(await host.Client.GetAsync("/api/v1/analyses?pageSize=2"));
        var ai = await TestServerHost.JsonAsync(await host.Client.GetAsync("/api/v1/analyses?verdict=ai-generated"));
        var named = await TestServerHost.JsonAsync(await host.Client.GetAsync("/api/v1/analyses?q=photo-1"));
        var future = await TestServerHost.JsonAsync(await host.Client.GetAsync($"/api/v1/analyses?from={DateTime.UtcNow.AddDays(1):yyyy-MM-dd}"));

        Assert.Equal(4, (int)page["total"]!);
        Assert.Equal(2, page["items"]!.AsArray().Count);
        Assert.Equal("photo-2.png", (string)page["items"]![0]!["fileName"]!);
        Assert.Equal("sd-image.png", (string)ai["items"]!.AsArray().Single()!["fileName"]!);
        Assert.Equal("photo-1.png", (string)named["items"]!.AsArray().Single()!["fileName"]!);
        Assert.Equal(0, (int)future["total"]!);
        await AssertProblemAsync(await host.Client.GetAsync("/api/v1/analyses?verdict=fake"), HttpStatusCode.BadRequest, "bad-parameter");
        await AssertProblemAsync(await host.Client.GetAsync("/api/v1/analyses?pageSize=1000"), HttpStatusCode.BadRequest, "bad-parameter");
    }

    [Fact]
    public async Task Heatmaps_are_served_as_png_for_each_evidence_map()
    {
        await using var host = await TestServerHost.StartAsync(o => o with { Analyzer = new AnalyzerOptions { Detectors = ["file.format", "image.decode", "ela"] } });
        var job = await TestServerHost.JsonAsync(await host.Client.PostAsync("/api/v1/analyses?wait=30", TestServerHost.Raw(ImageEncoder.Jpeg(Scenes.Natural(128, 96), 90))));
        var maps = job["links"]!["heatmaps"]!.AsArray();
        Assert.NotEmpty(maps);

        var png = await host.Client.GetAsync((string)maps[0]!);

        Assert.Equal("image/png", png.Content.Headers.ContentType!.MediaType);
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], (await png.Content.ReadAsByteArrayAsync())[..4]);
        Assert.Equal(HttpStatusCode.NotFound, (await host.Client.GetAsync($"/api/v1/analyses/{job["id"]}/heatmaps/{maps.Count}.png")).StatusCode);
    }

    [Fact]
    public async Task With_an_api_key_created_requests_need_one_and_each_key_sees_only_its_own_analyses()
    {
        await using var host = await TestServerHost.StartAsync();
        var keys = host.App.Services.GetRequiredService<ApiKeyStore>();
        var (_, alice) = await keys.CreateAsync("alice", CancellationToken.None);
        var (bobKey, bob) = await keys.CreateAsync("bob", CancellationToken.None);

        await AssertProblemAsync(await host.Client.PostAsync("/api/v1/analyses", TestServerHost.Raw(Photo())), HttpStatusCode.Unauthorized, "api-key-required");
        using var wrong = new HttpRequestMessage(HttpMethod.Get, "/api/v1/analyses") { Headers = { { "X-Api-Key", "flk_not-a-key" } } };
        await AssertProblemAsync(await host.Client.SendAsync(wrong), HttpStatusCode.Unauthorized, "invalid-api-key");

        using var upload = new HttpRequestMessage(HttpMethod.Post, "/api/v1/analyses?wait=30") { Content = TestServerHost.Raw(Photo()) };
        upload.Headers.Authorization = new AuthenticationHeaderValue("Bearer", alice);
        var job = await TestServerHost.JsonAsync(await host.Client.SendAsync(upload));
        using var asBob = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/analyses/{job["id"]}");
        asBob.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bob);
        Assert.Equal(HttpStatusCode.NotFound, (await host.Client.SendAsync(asBob)).StatusCode);

        Assert.True(await keys.RevokeAsync(bobKey.Id, CancellationToken.None));
        using var revoked = new HttpRequestMessage(HttpMethod.Get, "/api/v1/analyses");
        revoked.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bob);
        await AssertProblemAsync(await host.Client.SendAsync(revoked), HttpStatusCode.Unauthorized, "invalid-api-key");
        Assert.Equal(HttpStatusCode.OK, (await host.Client.GetAsync("/healthz")).StatusCode);
    }

    [Fact]
    public async Task Api_keys_are_stored_only_as_hashes()
    {
        await using var host = await TestServerHost.StartAsync();
        var (_, secret) = await host.App.Services.GetRequiredService<ApiKeyStore>().CreateAsync("newsroom", CancellationToken.None);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        var path = Path.Combine(host.DataDirectory, "fakelens.db");

        // What the database holds, asked through SQL (the raw file and its WAL can be caught mid-checkpoint) …
        await using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path}"))
        {
            await connection.OpenAsync();
            await using var select = connection.CreateCommand();
            select.CommandText = "SELECT hash FROM api_keys";
            var stored = new List<string>();
            await using (var reader = await select.ExecuteReaderAsync())
            {
                while (await reader.ReadAsync())
                {
                    stored.Add(reader.GetString(0));
                }
            }

            Assert.Equal([ApiKeyStore.Hash(secret)], stored);
        }

        // … and the plain secret appears in no byte on disk, whichever file the last write sits in.
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        // A WAL file listed here can be checkpointed away by the server before it is read: what is gone holds nothing.
        var bytes = Directory.GetFiles(host.DataDirectory, "fakelens.db*").SelectMany(ReadIfPresent).ToArray();
        Assert.StartsWith("flk_", secret, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, Encoding.ASCII.GetString(bytes), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Uploads_over_the_per_minute_limit_get_429_with_Retry_After()
    {
        await using var host = await TestServerHost.StartAsync(o => o with { UploadsPerMinute = 2 });
        for (var i = 0; i < 2; i++)
        {
            Assert.True((await host.Client.PostAsync("/api/v1/analyses", TestServerHost.Raw(Photo(20 + i)))).IsSuccessStatusCode);
        }

        var limited = await host.Client.PostAsync("/api/v1/analyses", TestServerHost.Raw(Photo(30)));

        await AssertProblemAsync(limited, HttpStatusCode.TooManyRequests, "rate-limited");
        Assert.Equal("60", limited.Headers.GetValues("Retry-After").Single());
        Assert.Equal(HttpStatusCode.OK, (await host.Client.GetAsync("/api/v1/analyses")).StatusCode);
    }

    [Fact]
    public async Task Page_has_a_strict_CSP_and_no_CORS_header_is_ever_sent()
    {
        await using var host = await TestServerHost.StartAsync();
        var page = await host.Client.GetAsync("/");
        using var preflight = new HttpRequestMessage(HttpMethod.Options, "/api/v1/analyses");
        preflight.Headers.Add("Origin", "https://evil.example");
        preflight.Headers.Add("Access-Control-Request-Method", "POST");
        using var crossGet = new HttpRequestMessage(HttpMethod.Get, "/api/v1/analyses");
        crossGet.Headers.Add("Origin", "https://evil.example");

        var csp = page.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("script-src 'self'", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", csp, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.Equal("nosniff", page.Headers.GetValues("X-Content-Type-Options").Single());
        foreach (var response in new[] { await host.Client.SendAsync(preflight), await host.Client.SendAsync(crossGet) })
        {
            Assert.False(response.Headers.Contains("Access-Control-Allow-Origin"));
        }
    }

    [Fact]
    public async Task Uploads_are_stored_by_content_address_and_never_served_back()
    {
        await using var host = await TestServerHost.StartAsync();
        var job = await TestServerHost.JsonAsync(await host.Client.PostAsync("/api/v1/analyses?name=../../evil.png", TestServerHost.Raw(Photo(7))));
        var sha = (string)job["sha256"]!;

        Assert.Equal("evil.png", (string)job["fileName"]!);
        Assert.True(File.Exists(Path.Combine(host.DataDirectory, "uploads", sha[..2], sha + ".bin")));
        foreach (var path in new[] { $"/uploads/{sha[..2]}/{sha}.bin", $"/api/v1/analyses/{job["id"]}/upload", $"/{sha}.bin" })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await host.Client.GetAsync(path)).StatusCode);
        }
    }

    [Fact]
    public async Task OpenAPI_document_lists_every_endpoint_and_the_reference_page_is_served()
    {
        await using var host = await TestServerHost.StartAsync();
        var doc = await TestServerHost.JsonAsync(await host.Client.GetAsync("/openapi/v1.json"));
        var reference = await host.Client.GetStringAsync("/api");

        Assert.StartsWith("3.1", (string)doc["openapi"]!, StringComparison.Ordinal);
        var paths = doc["paths"]!.AsObject().Select(p => p.Key).ToList();
        Assert.Equal(
            ["/api/v1/analyses", "/api/v1/analyses/{id}", "/api/v1/analyses/{id}/heatmaps/{n}.png", "/api/v1/analyses/{id}/report.html", "/api/v1/analyses/{id}/report.json", "/api/v1/compare"],
            paths.Order(StringComparer.Ordinal));
        Assert.NotNull(doc["paths"]!["/api/v1/analyses"]!["post"]!["requestBody"]!["content"]!["multipart/form-data"]);
        Assert.NotNull(doc["paths"]!["/api/v1/compare"]!["post"]!["requestBody"]!["content"]!["multipart/form-data"]!["schema"]!["properties"]!["original"]);
        Assert.Contains("/api.js", reference, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Health_and_readiness_answer()
    {
        await using var host = await TestServerHost.StartAsync();
        Assert.Equal("ok", await host.Client.GetStringAsync("/healthz"));
        Assert.Equal("ready", await host.Client.GetStringAsync("/readyz"));
    }

    [Fact]
    public async Task Report_of_an_unfinished_analysis_is_a_409_problem()
    {
        // No in-process worker (as for a server whose workers run elsewhere), so nothing races the test's own claim.
        await using var host = await TestServerHost.StartAsync(o => o with { Workers = 0 });
        var store = host.Store;
        // A running job: claimed by a test lease, never finished.
        var (job, _) = await store.EnqueueAsync(new NewJob(string.Empty, "x.png", new string('a', 64), 1, "image/png", string.Empty, "k"), rerun: false, CancellationToken.None);
        await store.ClaimNextAsync("test-lease", CancellationToken.None);

        await AssertProblemAsync(await host.Client.GetAsync($"/api/v1/analyses/{job.Id}/report.json"), HttpStatusCode.Conflict, "not-finished");
    }

    private static async Task<string> AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"expected {status}, got {response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = System.Text.Json.Nodes.JsonNode.Parse(body)!;
        Assert.Equal(code, (string)problem["code"]!);
        Assert.Equal($"urn:fakelens:problem:{code}", (string)problem["type"]!);
        Assert.Equal((int)status, (int)problem["status"]!);
        return (string?)problem["detail"] ?? string.Empty;
    }

    private static byte[] ReadIfPresent(string path)
    {
        try
        {
            return File.ReadAllBytes(path);
        }
        catch (FileNotFoundException)
        {
            return [];
        }
    }
}
