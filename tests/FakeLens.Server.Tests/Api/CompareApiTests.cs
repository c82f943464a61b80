using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using FakeLens.Imaging.Compare;
using FakeLens.Imaging.Decoding;
using FakeLens.Server.Security;
using FakeLens.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace FakeLens.Server.Tests.Api;

public sealed class CompareApiTests
{
    private static readonly RgbImage Scene = Scenes.DeadLeaves(320, 240, seed: 11);

    private static MultipartFormDataContent Form(params (string Field, byte[] Bytes, string Name)[] parts)
    {
        var form = new MultipartFormDataContent();
        foreach (var (field, bytes, name) in parts)
        {
            var part = new ByteArrayContent(bytes);
            part.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            form.Add(part, field, name);
        }

        return form;
    }

    private static async Task<JsonNode> ProblemAsync(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"expected {status}, got {response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonNode.Parse(body)!;
        Assert.Equal(code, (string)problem["code"]!);
        return problem;
    }

    [Fact]
    public async Task Compare_endpoint_returns_the_same_crop_as_the_library()
    {
        await using var host = await TestServerHost.StartAsync();
        var crop = ComparePairMaker.Crop(Scene, 40, 30, 200, 150);
        var suspect = ImageEncoder.Jpeg(crop, 80);
        var original = ImageEncoder.Png(Scene);

        var response = await host.Client.PostAsync("/api/v1/compare", Form(("suspect", suspect, "s.jpg"), ("original", original, "o.png")));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        var json = JsonNode.Parse(body)!;
        Assert.Equal(ComparisonResult.SchemaVersion, (string)json["schema"]!);
        Assert.True((bool)json["related"]!);
        var kept = json["operations"]!.AsArray().Single(o => (string)o!["kind"]! == "crop")!["parameters"]!["kept"]!;
        var library = new ImageComparer().Compare(CompareInput.FromBytes(suspect, "s.jpg"), CompareInput.FromBytes(original, "o.png"));
        Assert.Equal(library.Operations.Single(o => o.Kind == "crop").Parameters["kept"], (double)kept, 6);
        Assert.Equal("s.jpg", (string)json["suspect"]!["name"]!);
        Assert.Equal(80, (int)json["suspect"]!["jpegQuality"]!);
        // The service finds faces with BlazeFace (models installed by bootstrap); the bare library comparer has no locator.
        Assert.True((bool)json["facesChecked"]!, body);
        Assert.False(library.FacesChecked);
    }

    [Fact]
    public async Task Compare_endpoint_says_unrelated_pictures_are_unrelated_and_serves_the_html_report()
    {
        await using var host = await TestServerHost.StartAsync();
        var a = ImageEncoder.Png(Scene);
        var b = ImageEncoder.Png(Scenes.DeadLeaves(320, 240, seed: 97));

        var json = JsonNode.Parse(await (await host.Client.PostAsync("/api/v1/compare", Form(("suspect", a, "a.png"), ("original", b, "b.png")))).Content.ReadAsStringAsync())!;
        Assert.False((bool)json["related"]!);

        var html = await host.Client.PostAsync("/api/v1/compare?format=html", Form(("suspect", a, "a.png"), ("original", a, "a2.png")));
        Assert.Equal(HttpStatusCode.OK, html.StatusCode);
        Assert.Equal("text/html", html.Content.Headers.ContentType?.MediaType);
        Assert.Contains("sandbox", html.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        Assert.Contains("type=\"range\"", await html.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Compare_endpoint_answers_bad_requests_with_problem_details()
    {
        await using var host = await TestServerHost.StartAsync(o => o with { MaxUploadBytes = 4096 });
        var small = ImageEncoder.Png(Scenes.Flat(40, 40));
        await ProblemAsync(await host.Client.PostAsync("/api/v1/compare", Form(("suspect", small, "s.png"))), HttpStatusCode.BadRequest, "no-file");
        await ProblemAsync(await host.Client.PostAsync("/api/v1/compare", Form(("suspect", small, "s.png"), ("other", small, "x.png"))), HttpStatusCode.BadRequest, "unexpected-part");
        await ProblemAsync(await host.Client.PostAsync("/api/v1/compare", Form(("suspect", small, "s.png"), ("original", AnalysesApiTests.BrokenPng(), "o.png"))), HttpStatusCode.UnsupportedMediaType, "not-image");
        await ProblemAsync(await host.Client.PostAsync("/api/v1/compare", TestServerHost.Raw(small)), HttpStatusCode.UnsupportedMediaType, "unsupported-content-type");
        await ProblemAsync(await host.Client.PostAsync("/api/v1/compare?format=pdf", Form(("suspect", small, "s.png"), ("original", small, "o.png"))), HttpStatusCode.BadRequest, "bad-parameter");
        var big = new byte[5000];
        await ProblemAsync(await host.Client.PostAsync("/api/v1/compare", Form(("suspect", big, "s.png"), ("original", small, "o.png"))), HttpStatusCode.RequestEntityTooLarge, "too-large");
    }

    [Fact]
    public async Task Compare_endpoint_needs_an_api_key_once_keys_exist()
    {
        await using var host = await TestServerHost.StartAsync();
        await host.App.Services.GetRequiredService<ApiKeyStore>().CreateAsync("alice", CancellationToken.None);
        var small = ImageEncoder.Png(Scenes.Flat(40, 40));
        await ProblemAsync(await host.Client.PostAsync("/api/v1/compare", Form(("suspect", small, "s.png"), ("original", small, "o.png"))), HttpStatusCode.Unauthorized, "api-key-required");
    }
}
