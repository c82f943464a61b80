using FakeLens.Video.Reading;

namespace FakeLens.Video.Tests.Reading;

public sealed class SamplingPlanTests
{
    [Fact]
    public void Short_video_is_sampled_whole()
    {
        var plan = SamplingPlan.For(60, 2, 240, 10);
        Assert.True(plan.CoversWholeFile);
        Assert.Equal(120, plan.ExpectedFrames);
    }

    [Fact]
    public void Ten_hour_video_gets_windows_spread_from_start_to_end_within_the_frame_budget()
    {
        var plan = SamplingPlan.For(36_000, 2, 240, 10);
        Assert.False(plan.CoversWholeFile);
        Assert.Equal(12, plan.Windows.Count);
        Assert.Equal(0, plan.Windows[0].StartSeconds);
        Assert.Equal(36_000, plan.Windows[^1].EndSeconds, 3);
        Assert.True(plan.ExpectedFrames <= 240);
        Assert.All(plan.Windows.Zip(plan.Windows.Skip(1)), p => Assert.True(p.Second.StartSeconds > p.First.EndSeconds));
    }

    [Fact]
    public void Unknown_duration_reads_one_budget_from_the_start()
    {
        var plan = SamplingPlan.For(null, 2, 240, 10);
        Assert.Single(plan.Windows);
        Assert.Equal(120, plan.Windows[0].LengthSeconds);
        Assert.False(plan.CoversWholeFile);
    }
}
