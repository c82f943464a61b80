using FakeLens.Core.Detection;
using FakeLens.Core.Evidence;
using FakeLens.Core.Media;
using FakeLens.Video.Frames;

namespace FakeLens.Video.Tests.Frames;

public sealed class FrameReuseTests : IDisposable
{
    private readonly Clips _clips = new();

    [Fact]
    public async Task A_static_shot_is_scored_once_by_a_content_detector_and_every_frame_by_a_watermark_reader()
    {
        // 6 s of a still test card at 2 fps = 12 sampled frames.
        var still = _clips.Make("still.mp4", "-f", "lavfi", "-i", "smptebars=size=320x240:rate=25:duration=6", "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p");
        var content = new CountingDetector();
        var watermark = new CountingDetector();
        var evidence = await new VideoFramesDetector([new FrameScorer(content, 24, reuseWhenUnchanged: true), new FrameScorer(watermark, 24)]).AnalyzeAsync(Context(still), CancellationToken.None);

        Assert.Equal(1, content.Calls);
        Assert.Equal(12, watermark.Calls);
        var timeline = Assert.Single(evidence, e => e.Id == "video.timeline");
        Assert.Contains(timeline.Facts, f => f.Name == "detector results reused on unchanged frames" && f.Value == "11");
        // Both curves (the reused one and the re-read one) have a point for every sampled frame.
        Assert.All(timeline.Timeline!.Series.Where(s => s.Label == "counting"), s => Assert.Equal(12, s.Values.Count(v => v >= 0)));
    }

    [Fact]
    public async Task A_moving_picture_is_scored_on_every_due_frame()
    {
        var moving = _clips.Make("moving.mp4", "-f", "lavfi", "-i", "testsrc2=size=320x240:rate=25:duration=6", "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p");
        var content = new CountingDetector();
        await new VideoFramesDetector([new FrameScorer(content, 24, reuseWhenUnchanged: true)]).AnalyzeAsync(Context(moving), CancellationToken.None);
        Assert.True(content.Calls >= 11, $"{content.Calls} calls");
    }

    private static AnalysisContext Context(string path) =>
        new(path, File.ReadAllBytes(path), new MediaType(MediaFormat.Mp4, MediaKind.Video, "video/mp4", false, null), ScanLimits.Default);

    public void Dispose() => _clips.Dispose();

    private sealed class CountingDetector : IDetector
    {
        public int Calls { get; private set; }

        public string Id => "counting";

        public string Description => "counts the frames it is given";

        public EvidenceCategory Category => EvidenceCategory.Learned;

        public bool AppliesTo(MediaType media) => media.Kind == MediaKind.Image;

        public ValueTask<IReadOnlyList<Evidence>> AnalyzeAsync(AnalysisContext context, CancellationToken cancellationToken)
        {
            Calls++;
            return ValueTask.FromResult<IReadOnlyList<Evidence>>([new Evidence
            {
                Id = "counting", DetectorId = Id, Category = Category, Direction = EvidenceDirection.Neutral, Title = "counted", Explanation = "counted", Probability = 0.2,
            }]);
        }
    }
}
