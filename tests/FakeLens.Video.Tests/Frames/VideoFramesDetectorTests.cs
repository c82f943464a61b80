using FakeLens.Core.Detection;
using FakeLens.Core.Evidence;
using FakeLens.Core.Media;
using FakeLens.TestSupport;
using FakeLens.Video.Frames;
using FakeLens.Watermark.StableDiffusion;

namespace FakeLens.Video.Tests.Frames;

public sealed class VideoFramesDetectorTests : IDisposable
{
    private readonly Clips _clips = new();

    private static VideoFramesDetector Detector() => new([new FrameScorer(new StableDiffusionWatermarkDetector(), 240)]);

    private static AnalysisContext Context(string path, ScanLimits? limits = null) =>
        new(path, File.ReadAllBytes(path), new MediaType(MediaFormat.Mkv, MediaKind.Video, "video/x-matroska", false, null), limits ?? ScanLimits.Default);

    /// <summary>8 frames at 2 fps, lossless RGB; frames 3–5 carry Stable Diffusion's watermark (shared data), the rest the same photo unmarked.</summary>
    private string WatermarkedSequence(bool marked)
    {
        var dir = Path.Combine(_clips.Folder, marked ? "seq-marked" : "seq-plain");
        Directory.CreateDirectory(dir);
        for (var i = 0; i < 8; i++)
        {
            var source = marked && i is >= 3 and <= 5
                ? TestData.Path("watermark", "sd1_dwtDct", "kodim03_sd1.png")
                : TestData.Path("watermark", "covers", "kodim03.png");
            File.Copy(source, Path.Combine(dir, $"f{i}.png"));
        }

        return _clips.Make(marked ? "marked.mkv" : "plain.mkv", "-framerate", "2", "-i", Path.Combine(dir, "f%d.png"), "-c:v", "libx264rgb", "-qp", "0", "-pix_fmt", "rgb24");
    }

    [Fact]
    public async Task Watermarked_frames_give_one_decisive_finding_and_a_segment_over_exactly_those_frames()
    {
        var path = WatermarkedSequence(marked: true);
        var evidence = await Detector().AnalyzeAsync(Context(path), CancellationToken.None);
        var finding = Assert.Single(evidence, e => e.Id == "video.frames.watermark.stable-diffusion");
        Assert.Equal(EvidenceDirection.AiGenerated, finding.Direction);
        Assert.True(finding.Decisive);
        var timeline = Assert.Single(evidence, e => e.Timeline is not null).Timeline!;
        var segment = Assert.Single(timeline.Segments);
        Assert.Equal(1.5, segment.StartSeconds, 2);
        Assert.Equal(3.0, segment.EndSeconds, 2);
        Assert.Equal(8, timeline.Frames.Count);
        Assert.All(timeline.Frames, f => Assert.StartsWith("data:image/jpeg;base64,", f.Thumbnail, StringComparison.Ordinal));
        var series = Assert.Single(timeline.Series);
        Assert.Equal("watermark.stable-diffusion", series.Label);
    }

    [Fact]
    public async Task The_same_photo_without_the_mark_gives_no_segment_and_a_neutral_finding()
    {
        var path = WatermarkedSequence(marked: false);
        var evidence = await Detector().AnalyzeAsync(Context(path), CancellationToken.None);
        Assert.Equal(EvidenceDirection.Neutral, Assert.Single(evidence, e => e.Id == "video.frames.watermark.stable-diffusion").Direction);
        Assert.Empty(Assert.Single(evidence, e => e.Timeline is not null).Timeline!.Segments);
    }

    [Fact]
    public async Task Truncated_video_with_its_index_up_front_gives_a_partial_timeline_that_says_so()
    {
        var path = _clips.Pattern("fast.mp4", 320, 240, 8, extra: ["-movflags", "+faststart"]);
        var bytes = File.ReadAllBytes(path);
        var cut = Path.Combine(_clips.Folder, "fast-cut.mp4");
        File.WriteAllBytes(cut, bytes[..(bytes.Length * 2 / 5)]);
        var evidence = await Detector().AnalyzeAsync(Context(cut), CancellationToken.None);
        var summary = Assert.Single(evidence, e => e.Id == "video.timeline");
        Assert.Contains("truncated", summary.Explanation, StringComparison.Ordinal);
        Assert.True(summary.Reliability < 1);
        Assert.Contains(summary.Facts, f => f.Name == "decoded until");
    }

    [Fact]
    public async Task A_video_whose_frames_cannot_be_decoded_is_a_clear_error()
    {
        var path = _clips.Pattern("v.mp4", 320, 240, 2, extra: ["-movflags", "+faststart"]);
        var bytes = File.ReadAllBytes(path);
        var broken = Path.Combine(_clips.Folder, "headers-only.mp4");
        File.WriteAllBytes(broken, bytes[..Math.Min(bytes.Length, 3000)]);
        var e = await Assert.ThrowsAsync<MediaException>(async () => await Detector().AnalyzeAsync(Context(broken), CancellationToken.None));
        Assert.Equal("corrupt", e.Code);
    }

    [Fact]
    public async Task Ten_hour_video_is_sampled_in_windows_spread_over_its_length()
    {
        var path = _clips.Make("ten-hours.mp4", "-f", "lavfi", "-i", "color=c=gray:s=32x32:r=1:d=36000", "-c:v", "libx264", "-preset", "ultrafast", "-g", "10");
        var evidence = await Detector().AnalyzeAsync(Context(path), CancellationToken.None);
        var timeline = Assert.Single(evidence, e => e.Timeline is not null);
        Assert.Equal(36_000, timeline.Timeline!.DurationSeconds, 0);
        Assert.True(timeline.Timeline.CoveredSeconds < 200);
        Assert.Contains(timeline.Timeline.Frames, f => f.TimeSeconds > 35_000);
        Assert.Contains("windows", timeline.Explanation, StringComparison.Ordinal);
    }

    public void Dispose() => _clips.Dispose();
}
