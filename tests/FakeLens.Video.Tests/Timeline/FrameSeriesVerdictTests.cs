using FakeLens.Core.Evidence;
using FakeLens.Video.Frames;
using FakeLens.Video.Timeline;

namespace FakeLens.Video.Tests.Timeline;

public sealed class FrameSeriesVerdictTests
{
    private static Evidence Flag(double lr) => new()
    {
        Id = "ai-image.model",
        DetectorId = "ai-image.model",
        Category = EvidenceCategory.Learned,
        Direction = EvidenceDirection.AiGenerated,
        Title = "looks generated",
        Explanation = "x",
        LikelihoodRatio = lr,
        Reliability = 0.7,
    };

    private static List<FrameObservation> Frames(int count, Func<int, bool> flagged, double lr = 4) =>
        Enumerable.Range(0, count).Select(i => flagged(i) ? new FrameObservation(i * 0.5, 0.9f, true, Flag(lr)) : new FrameObservation(i * 0.5, 0.1f, false, null)).ToList();

    [Fact]
    public void Hundred_flagged_frames_are_one_finding_with_one_frame_ratio()
    {
        var frames = Frames(100, _ => true);
        var segments = SegmentFinder.Find(frames, 0.5, "ai-image.model", "ai");
        var e = FrameSeriesVerdict.Summarise("video.frames", EvidenceCategory.Learned, "ai-image.model", frames, 0.5, segments);
        Assert.Single(segments);
        Assert.Equal(4, e.LikelihoodRatio, 6);
        Assert.Equal(0.7, e.Reliability, 6);
        Assert.Equal(EvidenceDirection.AiGenerated, e.Direction);
    }

    [Fact]
    public void Lone_flagged_frames_count_for_less_than_a_persistent_stretch()
    {
        var lone = Frames(20, i => i is 3 or 12);
        var persistent = Frames(20, i => i is >= 3 and <= 6);
        var a = FrameSeriesVerdict.Summarise("video.frames", EvidenceCategory.Learned, "m", lone, 0.5, SegmentFinder.Find(lone, 0.5, "m", "m"));
        var b = FrameSeriesVerdict.Summarise("video.frames", EvidenceCategory.Learned, "m", persistent, 0.5, SegmentFinder.Find(persistent, 0.5, "m", "m"));
        Assert.True(a.Weight < b.Weight / 3, $"lone {a.Weight} vs persistent {b.Weight}");
        Assert.Equal(2, SegmentFinder.Find(lone, 0.5, "m", "m").Count);
    }

    [Fact]
    public void Segments_split_at_an_unflagged_sample_and_end_one_interval_after_the_last_flag()
    {
        var frames = Frames(10, i => i is 1 or 2 or 4);
        var segments = SegmentFinder.Find(frames, 0.5, "m", "m");
        Assert.Equal(2, segments.Count);
        Assert.Equal((0.5, 1.5), (segments[0].StartSeconds, segments[0].EndSeconds));
        Assert.Equal((2.0, 2.5), (segments[1].StartSeconds, segments[1].EndSeconds));
    }
}
