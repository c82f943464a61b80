using FakeLens.Core.Detection;
using FakeLens.Core.Fusion;
using FakeLens.Core.Reporting;
using FakeLens.Imaging.Decoding;
using FakeLens.TestSupport;

namespace FakeLens.Tests;

public sealed class AnalyzerTests
{
    private static readonly AnalyzerOptions Fast = new() { Detectors = ["file.format", "image.decode", "watermark.stable-diffusion"] };

    [Fact]
    public async Task Stream_analysis_names_the_report_after_the_given_name_and_leaves_no_temporary_file()
    {
        var analyzer = Analyzer.Create(Fast);
        var before = Directory.GetFiles(Path.GetTempPath(), "fakelens-*").Length;
        using var content = new MemoryStream(ImageEncoder.Png(Scenes.Natural(96, 64)));

        var report = await analyzer.AnalyzeAsync(content, "holiday.png");

        Assert.Equal("holiday.png", report.Path);
        Assert.Equal(FileStatus.Ok, report.Status);
        Assert.Equal((96, 64), (report.Width, report.Height));
        Assert.Equal(before, Directory.GetFiles(Path.GetTempPath(), "fakelens-*").Length);
    }

    [Fact]
    public async Task Stream_analysis_finds_the_Stable_Diffusion_watermark_like_a_path_scan()
    {
        var file = TestData.Path("watermark", "sdxl_dwtDct", "kodim10_crop497x383_sdxl.png");
        var analyzer = Analyzer.Create(Fast);
        await using var stream = File.OpenRead(file);

        var fromStream = await analyzer.AnalyzeAsync(stream, "x.png");
        var fromPath = await analyzer.AnalyzeAsync(file);

        Assert.Equal(VerdictBand.AiGenerated, fromStream.Verdict!.Band);
        Assert.Equal(fromPath.Sha256, fromStream.Sha256);
        Assert.Contains(fromStream.Evidence, e => e.Id == "watermark.stable-diffusion");
    }

    [Fact]
    public async Task Stream_over_the_file_limit_is_refused_as_too_large_without_analysis()
    {
        var analyzer = Analyzer.Create(Fast with { Limits = ScanLimits.Default with { MaxFileBytes = 1000 } });
        using var content = new MemoryStream(new byte[5000]);

        var report = await analyzer.AnalyzeAsync(content, "big.bin");

        Assert.Equal(FileStatus.Error, report.Status);
        Assert.Equal("too-large", report.Error!.Code);
    }

    [Fact]
    public async Task Bad_bytes_become_a_not_media_error_entry_not_an_exception()
    {
        using var content = new MemoryStream("just some text"u8.ToArray());
        var report = await Analyzer.Create(Fast).AnalyzeAsync(content, "notes.jpg");
        Assert.Equal("not-media", report.Error!.Code);
        Assert.Contains("ends as a JPEG file", report.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Progress_counts_every_applicable_detector_once()
    {
        var seen = new List<AnalysisProgress>();
        var progress = new SyncProgress(seen.Add);
        var path = Path.Combine(Path.GetTempPath(), $"analyzer-progress-{Guid.NewGuid():N}.png");
        await File.WriteAllBytesAsync(path, ImageEncoder.Png(Scenes.Natural(64, 64)));
        try
        {
            await Analyzer.Create(Fast).AnalyzeAsync(path, progress);
        }
        finally
        {
            File.Delete(path);
        }

        Assert.Equal(3, seen.Count);
        Assert.Equal([1, 2, 3], seen.Select(p => p.Completed));
        Assert.All(seen, p => Assert.Equal(3, p.Total));
        Assert.Equal(1.0, seen[^1].Fraction);
    }

    [Fact]
    public void Unknown_detector_is_a_configuration_error_naming_it()
    {
        var e = Assert.Throws<AnalyzerConfigurationException>(() => Analyzer.Create(new AnalyzerOptions { Detectors = ["no-such-thing"] }));
        Assert.Equal("detectors", e.Setting);
        Assert.Contains("no-such-thing", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_trust_anchor_file_is_a_configuration_error()
    {
        var e = Assert.Throws<AnalyzerConfigurationException>(() => Analyzer.Create(new AnalyzerOptions { TrustAnchorsPath = "/nonexistent/anchors.pem" }));
        Assert.Equal("trust-anchors", e.Setting);
    }

    [Fact]
    public void Detector_set_key_does_not_depend_on_the_order_requested()
    {
        var a = Analyzer.Create(new AnalyzerOptions { Detectors = ["watermark", "c2pa"] });
        var b = Analyzer.Create(new AnalyzerOptions { Detectors = ["c2pa", "watermark"] });
        var all = Analyzer.Create();

        Assert.Equal(a.DetectorSetKey, b.DetectorSetKey);
        Assert.NotEqual(a.DetectorSetKey, all.DetectorSetKey);
        Assert.Equal(DetectorCatalog.All().Count, all.Detectors.Count);
    }

    [Fact]
    public async Task Html_report_embeds_the_picture_from_the_given_source_path()
    {
        var path = Path.Combine(Path.GetTempPath(), $"analyzer-html-{Guid.NewGuid():N}.png");
        await File.WriteAllBytesAsync(path, ImageEncoder.Png(Scenes.Natural(48, 32)));
        try
        {
            var analyzer = Analyzer.Create(Fast);
            var file = (await analyzer.AnalyzeAsync(path)) with { Path = "shown-name.png" };
            var html = Analyzer.WriteHtml(analyzer.Report([file], DateTimeOffset.UtcNow), _ => path);

            Assert.Contains("shown-name.png", html, StringComparison.Ordinal);
            Assert.Contains("data:image/png;base64,", html, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task Every_detector_run_two_at_a_time_gives_the_report_of_one_at_a_time()
    {
        // Issue 19: detectors of one file share the cached decode and intermediates when they run in parallel; the
        // findings (ids, directions, strengths, reliabilities, maps) must not depend on it.
        var dir = Directory.CreateTempSubdirectory("fakelens-parallel-").FullName;
        try
        {
            var file = Path.Combine(dir, "scene.jpg");
            await File.WriteAllBytesAsync(file, ImageEncoder.Jpeg(Scenes.Paste(Scenes.Natural(640, 480, seed: 8), Scenes.DeadLeaves(640, 480, seed: 3), 64, 64, 160, 128, 320, 200), 88));
            var one = await Analyzer.Create().AnalyzeAsync(file);
            var two = await Analyzer.Create(AnalyzerOptions.Default with { DetectorThreads = 2 }).AnalyzeAsync(file);

            Assert.Equal(FileStatus.Ok, one.Status);
            Assert.True(one.Evidence.Count > 10, $"only {one.Evidence.Count} findings");
            static string Describe(Core.Evidence.Evidence e) =>
                $"{e.Id}|{e.DetectorId}|{e.Direction}|{e.LikelihoodRatio:R}|{e.Reliability:R}|{e.Heatmap?.Width}x{e.Heatmap?.Height}|{(e.Heatmap is null ? 0 : e.Heatmap.Values.Sum(v => (double)v)):R}";
            Assert.Equal(one.Evidence.Select(Describe), two.Evidence.Select(Describe));
            Assert.Equal(one.DetectorErrors, two.DetectorErrors);
            Assert.Equal(one.Verdict!.Band, two.Verdict!.Band);
            Assert.Equal(one.Timings.DetectorsMs.Keys, two.Timings.DetectorsMs.Keys);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private sealed class SyncProgress(Action<AnalysisProgress> report) : IProgress<AnalysisProgress>
    {
        public void Report(AnalysisProgress value) => report(value);
    }
}
