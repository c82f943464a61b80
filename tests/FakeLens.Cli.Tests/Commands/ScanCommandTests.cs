using System.Buffers.Binary;
using System.IO.Compression;
using System.Text.Json;
using System.Text.Json.Nodes;
using FakeLens.Core.Detection;
using FakeLens.Core.Evidence;
using FakeLens.Core.Media;
using FakeLens.Imaging.Decoding;
using FakeLens.TestSupport;
using Json.Schema;

namespace FakeLens.Cli.Tests.Commands;

/// <summary>End-to-end: the real command tree and detectors on a folder of good and hostile files.</summary>
public sealed class ScanCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("fakelens-cli-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static Task<(int Code, string Out, string Err)> Run(IReadOnlyList<IDetector>? detectors, params string[] args) => CliRun.Async(detectors, args);

    private string Put(string name, byte[] bytes)
    {
        var p = Path.Combine(_dir, name);
        Directory.CreateDirectory(Path.GetDirectoryName(p)!);
        File.WriteAllBytes(p, bytes);
        return p;
    }

    /// <summary>A PNG whose header declares <paramref name="w"/> × <paramref name="h"/> but carries only a few KB of data.</summary>
    internal static byte[] PngBomb(int w, int h)
    {
        using var ms = new MemoryStream();
        ms.Write([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);
        var ihdr = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(ihdr, w);
        BinaryPrimitives.WriteInt32BigEndian(ihdr.AsSpan(4), h);
        ihdr[8] = 8;
        ihdr[9] = 2;
        Chunk(ms, "IHDR", ihdr);
        using (var z = new MemoryStream())
        {
            using (var zs = new ZLibStream(z, CompressionLevel.SmallestSize, leaveOpen: true))
            {
                zs.Write(new byte[1_000_000]);
            }

            Chunk(ms, "IDAT", z.ToArray());
        }

        Chunk(ms, "IEND", []);
        return ms.ToArray();
    }

    private static void Chunk(Stream s, string type, byte[] data)
    {
        var len = new byte[4];
        BinaryPrimitives.WriteInt32BigEndian(len, data.Length);
        s.Write(len);
        var typed = System.Text.Encoding.ASCII.GetBytes(type).Concat(data).ToArray();
        s.Write(typed);
        var crc = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(crc, PngWriter.Crc32(typed));
        s.Write(crc);
    }

    [Fact]
    public async Task Scan_of_a_hostile_folder_reports_each_bad_file_and_writes_schema_valid_json_and_html()
    {
        var photo = Scenes.Natural(320, 240, seed: 3);
        var jpeg = ImageEncoder.Jpeg(photo, 90);
        Put("good.jpg", jpeg);
        Put("good.png", ImageEncoder.Png(photo));
        Put("real.png", await File.ReadAllBytesAsync(TestData.Path("images", "real", "kodak24", "kodim05.png")));
        Put("renamed.jpg", ImageEncoder.Png(photo));
        Put("empty.jpg", []);
        Put("truncated.jpg", jpeg[..(jpeg.Length / 2)]);
        Put("corrupt.png", [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, .. new byte[200]]);
        Put("bomb.png", PngBomb(30_000, 30_000));
        Put("notes.txt", "not an image"u8.ToArray());
        File.CreateSymbolicLink(Path.Combine(_dir, "loop1.jpg"), Path.Combine(_dir, "loop2.jpg"));
        File.CreateSymbolicLink(Path.Combine(_dir, "loop2.jpg"), Path.Combine(_dir, "loop1.jpg"));
        var explicitText = Path.Combine(_dir, "notes.txt");
        var json = Path.Combine(_dir, "out", "report.json");
        var html = Path.Combine(_dir, "out", "report.html");
        Directory.CreateDirectory(Path.GetDirectoryName(json)!);

        var (code, stdout, stderr) = await Run(null, "scan", _dir, explicitText, "--json", json, "--html", html, "-j", "2");

        Assert.Equal(0, code);
        Assert.Equal(string.Empty, stderr);
        var text = await File.ReadAllTextAsync(json);
        AssertSchemaValid(text);
        var files = JsonNode.Parse(text)!["files"]!.AsArray().ToDictionary(f => Path.GetFileName((string)f!["path"]!), f => f!);
        Assert.DoesNotContain("report.json", files.Keys); // written after the walk, and not media anyway
        Assert.Equal("ok", (string)files["good.jpg"]["status"]!);
        Assert.Equal("ok", (string)files["good.png"]["status"]!);
        Assert.Equal("ok", (string)files["real.png"]["status"]!);
        Assert.Equal(500, (int)files["real.png"]["width"]!);
        Assert.Equal("empty", (string)files["empty.jpg"]["error"]!["code"]!);
        Assert.Equal("corrupt", (string)files["corrupt.png"]["error"]!["code"]!);
        Assert.Equal("too-large", (string)files["bomb.png"]["error"]!["code"]!);
        Assert.Contains("30000 × 30000", (string)files["bomb.png"]["error"]!["message"]!, StringComparison.Ordinal);
        Assert.Equal("not-media", (string)files["notes.txt"]["error"]!["code"]!);
        Assert.Equal("unreadable", (string)files["loop1.jpg"]["error"]!["code"]!);
        var renamed = files["renamed.jpg"]["evidence"]!.AsArray().Select(e => (string)e!["id"]!);
        Assert.Contains("file.extension-mismatch", renamed);
        var truncated = files["truncated.jpg"];
        Assert.Equal("ok", (string)truncated["status"]!);
        Assert.Contains("image.truncated", truncated["evidence"]!.AsArray().Select(e => (string)e!["id"]!));

        var page = await File.ReadAllTextAsync(html);
        Assert.StartsWith("<!DOCTYPE html>", page, StringComparison.Ordinal);
        Assert.Contains("data:image/jpeg;base64,", page, StringComparison.Ordinal);
        Assert.Contains("Not analysed (too-large)", page, StringComparison.Ordinal);
        Assert.Contains("good.png", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Json_to_standard_output_is_the_only_output()
    {
        var file = Put("a.png", ImageEncoder.Png(Scenes.Natural(64, 64)));
        var (code, stdout, _) = await Run(null, "scan", file, "--json", "-");
        Assert.Equal(0, code);
        using var doc = JsonDocument.Parse(stdout);
        Assert.Equal("1.0", doc.RootElement.GetProperty("schemaVersion").GetString());
        AssertSchemaValid(stdout);
    }

    [Theory]
    [InlineData("scan")]
    [InlineData("scan", "x.jpg", "--jobs", "0")]
    [InlineData("scan", "x.jpg", "--fail-on", "everything")]
    [InlineData("scan", "x.jpg", "--max-pixels", "lots")]
    [InlineData("scan", "x.jpg", "--no-such-option")]
    [InlineData("frobnicate")]
    public async Task Usage_errors_exit_with_code_2(params string[] args)
    {
        var (code, _, stderr) = await Run(null, args);
        Assert.Equal(2, code);
        Assert.NotEqual(string.Empty, stderr);
    }

    [Fact]
    public async Task Unknown_detector_names_are_usage_errors()
    {
        var (code, _, stderr) = await Run(null, "scan", "x.jpg", "--detectors", "nope");
        Assert.Equal(2, code);
        Assert.Contains("nope", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Fail_on_ai_exits_1_only_when_a_file_is_judged_ai_generated()
    {
        var ai = Put("ai-made.png", ImageEncoder.Png(Scenes.Natural(32, 32)));
        var other = Put("camera.png", ImageEncoder.Png(Scenes.Natural(32, 32, seed: 2)));
        IDetector[] detectors = [new NameIsAiDetector()];
        Assert.Equal(1, (await Run(detectors, "scan", ai, other, "--fail-on", "ai")).Code);
        Assert.Equal(0, (await Run(detectors, "scan", other, "--fail-on", "ai")).Code);
        Assert.Equal(0, (await Run(detectors, "scan", ai, "--fail-on", "manipulated")).Code);
        Assert.Equal(0, (await Run(detectors, "scan", ai)).Code);
    }

    [Fact]
    public async Task Skip_and_detectors_choose_what_runs()
    {
        var file = Put("a.png", ImageEncoder.Png(Scenes.Natural(64, 64)));
        var (_, onlyFormat, _) = await Run(null, "scan", file, "--detectors", "file", "--json", "-");
        Assert.Equal(["file.format"], JsonNode.Parse(onlyFormat)!["settings"]!["detectors"]!.AsArray().Select(d => (string)d!));
        var (_, skipped, _) = await Run(null, "scan", file, "--skip", "file.format,image", "--json", "-");
        var ran = JsonNode.Parse(skipped)!["settings"]!["detectors"]!.AsArray().Select(d => (string)d!).ToList();
        Assert.DoesNotContain("file.format", ran);
        Assert.DoesNotContain("image.decode", ran);
    }

    [Fact]
    public async Task Max_pixels_refuses_larger_images()
    {
        var file = Put("a.png", ImageEncoder.Png(Scenes.Natural(200, 100)));
        var (_, json, _) = await Run(null, "scan", file, "--max-pixels", "0.01M", "--json", "-");
        Assert.Equal("too-large", (string)JsonNode.Parse(json)!["files"]![0]!["error"]!["code"]!);
    }

    [Fact]
    public async Task Detectors_command_lists_every_detector()
    {
        var (code, stdout, _) = await Run(null, "detectors");
        Assert.Equal(0, code);
        foreach (var d in DetectorCatalog.All())
        {
            Assert.Contains(d.Id, stdout, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Scan_of_a_video_writes_a_schema_valid_timeline_to_json_and_html()
    {
        var video = Path.Combine(_dir, "clip.mp4");
        var info = new System.Diagnostics.ProcessStartInfo("ffmpeg") { UseShellExecute = false, RedirectStandardError = true };
        foreach (var a in (string[])["-hide_banner", "-loglevel", "error", "-nostdin", "-y", "-f", "lavfi", "-i", "testsrc2=size=320x240:rate=25:duration=2", "-f", "lavfi", "-i", "sine=duration=2", "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest", video])
        {
            info.ArgumentList.Add(a);
        }

        using (var p = System.Diagnostics.Process.Start(info)!)
        {
            await p.WaitForExitAsync();
            Assert.Equal(0, p.ExitCode);
        }

        var json = Path.Combine(_dir, "out.json");
        var html = Path.Combine(_dir, "out.html");
        var (code, _, stderr) = await Run(null, "scan", video, "--json", json, "--html", html, "-q");
        Assert.True(code == 0, stderr);
        var text = await File.ReadAllTextAsync(json);
        AssertSchemaValid(text);
        using var doc = JsonDocument.Parse(text);
        var evidence = doc.RootElement.GetProperty("files")[0].GetProperty("evidence").EnumerateArray().ToList();
        var timeline = evidence.Single(e => e.GetProperty("id").GetString() == "video.timeline").GetProperty("timeline");
        Assert.InRange(timeline.GetProperty("frames").GetArrayLength(), 4, 5);
        Assert.Contains(evidence, e => e.GetProperty("id").GetString() == "video.container");
        var page = await File.ReadAllTextAsync(html);
        Assert.Contains("class=\"timeline\"", page, StringComparison.Ordinal);
        Assert.Contains("tl-thumb", page, StringComparison.Ordinal);
    }

    private static void AssertSchemaValid(string json)
    {
        var schemaPath = Path.Combine(RepoRoot(), "schema", "report-1.schema.json");
        var schema = JsonSchema.FromText(File.ReadAllText(schemaPath));
        var result = schema.Evaluate(JsonNode.Parse(json), new EvaluationOptions { OutputFormat = OutputFormat.List, RequireFormatValidation = true });
        var errors = result.Details.Where(d => d.Errors is not null).SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value}"));
        Assert.True(result.IsValid, "report does not match schema:\n" + string.Join("\n", errors.Take(20)));
    }

    private static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "FakeLens.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException("repository root (FakeLens.slnx) not found");
    }

    /// <summary>Says "AI" with decisive strength for files whose name starts with "ai": drives --fail-on without a real model.</summary>
    private sealed class NameIsAiDetector : IDetector
    {
        public string Id => "test.name";

        public string Description => "test";

        public EvidenceCategory Category => EvidenceCategory.Watermark;

        public bool AppliesTo(MediaType media) => true;

        public ValueTask<IReadOnlyList<Evidence>> AnalyzeAsync(AnalysisContext context, CancellationToken cancellationToken) =>
            ValueTask.FromResult<IReadOnlyList<Evidence>>(Path.GetFileName(context.Path).StartsWith("ai", StringComparison.Ordinal)
                ? [new Evidence { Id = "test.ai", DetectorId = Id, Category = Category, Direction = EvidenceDirection.AiGenerated, Title = "t", Explanation = "t", LikelihoodRatio = 1e6, Decisive = true }]
                : []);
    }
}
