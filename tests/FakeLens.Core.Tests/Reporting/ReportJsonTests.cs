using System.Text.Json;
using FakeLens.Core.Evidence;
using FakeLens.Core.Fusion;
using FakeLens.Core.Media;
using FakeLens.Core.Reporting;

namespace FakeLens.Core.Tests.Reporting;

public sealed class ReportJsonTests
{
    private static ScanReport Sample()
    {
        var evidence = TestEvidence.Make("ela.inconsistent-regions", EvidenceDirection.Manipulated, 2) with
        {
            Heatmap = new Heatmap(200, 100, new float[200 * 100], "error level"),
            Regions = [new Region(1, 2, 3, 4, 0.9, "odd")],
            Facts = [new Fact("quality", "90")],
        };
        var file = new FileReport
        {
            Path = "x.webp",
            Media = MediaSniffer.Sniff([.. "RIFF"u8, 0, 0, 0, 0, .. "WEBPVP8 "u8], "x.webp"),
            Width = 200,
            Height = 100,
            Status = FileStatus.Ok,
            Verdict = new EvidenceFusion().Fuse([evidence]),
            Evidence = [evidence],
            Timings = FileTimings.Empty,
        };
        return new ScanReport
        {
            Tool = ToolInfo.Current,
            StartedAt = DateTimeOffset.UnixEpoch,
            DurationMs = 1,
            Settings = new ScanSettings(["ela"], 100, 1, 120),
            Summary = ScanSummary.Of([file]),
            Files = [file],
        };
    }

    [Fact]
    public void Enums_are_kebab_case_and_heatmaps_are_downsampled()
    {
        using var doc = JsonDocument.Parse(ReportJson.Serialize(Sample()));
        var file = doc.RootElement.GetProperty("files")[0];
        Assert.Equal("webp", file.GetProperty("media").GetProperty("format").GetString());
        Assert.Equal("inconclusive", file.GetProperty("verdict").GetProperty("band").GetString());
        var ev = file.GetProperty("evidence")[0];
        Assert.Equal("manipulated", ev.GetProperty("direction").GetString());
        var map = ev.GetProperty("heatmap");
        // 200 × 100 cells pooled by the smallest whole factor that fits 64: 4 → 50 × 25.
        Assert.Equal(50, map.GetProperty("width").GetInt32());
        Assert.Equal(25, map.GetProperty("height").GetInt32());
        Assert.Equal(50 * 25, map.GetProperty("values").GetArrayLength());
        Assert.Equal(1, doc.RootElement.GetProperty("summary").GetProperty("bands").GetProperty("inconclusive").GetInt32());
    }

    [Fact]
    public void Html_report_is_self_contained_and_escapes_text()
    {
        var report = Sample() with { Files = [Sample().Files[0] with { Path = "<script>alert(1)</script>.jpg" }] };
        var html = new HtmlReportWriter(_ => "data:image/png;base64,AAAA").Write(report);
        Assert.DoesNotContain("<script>alert(1)", html, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;", html, StringComparison.Ordinal);
        Assert.Contains("data:image/png;base64,iVBOR", html, StringComparison.Ordinal); // the heatmap overlay
        Assert.Contains("class=\"region\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("src=\"http", html, StringComparison.Ordinal);
        Assert.DoesNotContain("href=\"http", html, StringComparison.Ordinal);
    }
}
