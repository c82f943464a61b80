using FakeLens.Faces.Blend;

namespace FakeLens.Faces.Tests.Blend;

/// <summary>The sliding-window rows of the window track model: which frames a window holds, its statistics, and how window scores become frame and track scores.</summary>
public sealed class FaceBlendWindowsTests
{
    /// <summary>A frame of two features: (v, 10 v).</summary>
    private static float[] F(float v) => [v, 10 * v];

    [Fact]
    public void Windows_slide_one_measured_frame_at_a_time_and_skip_unmeasured_frames()
    {
        // 12 slots, slot 5 not measured: 11 measured frames → 11 − 8 + 1 = 4 windows of 8.
        var frames = Enumerable.Range(0, 12).Select(i => i == 5 ? null : F(i)).ToList();
        var windows = FaceBlendWindows.Windows(frames, 8, ["mean"]);

        Assert.Equal(4, windows.Count);
        Assert.Equal((0, 8), (windows[0].First, windows[0].Last));   // slots 0-4 and 6-8
        Assert.Equal((3, 11), (windows[3].First, windows[3].Last));  // slots 3-4 and 6-11
        Assert.Equal((0 + 1 + 2 + 3 + 4 + 6 + 7 + 8) / 8f, windows[0].Row[0], 5);
        Assert.Equal(10 * (0 + 1 + 2 + 3 + 4 + 6 + 7 + 8) / 8f, windows[0].Row[1], 4);
    }

    [Fact]
    public void A_break_ends_a_piece_and_short_pieces_give_one_window_or_none()
    {
        var frames = Enumerable.Range(0, 12).Select(i => F(i)).ToList<float[]?>();
        var breaks = Enumerable.Range(0, 12).Select(i => i is 6 or 10).ToList();
        // Pieces 0-5 (6 frames: one window over all), 6-9 (4: one), 10-11 (2: fewer than 3, none).
        var windows = FaceBlendWindows.Windows(frames, 8, ["mean"], breaks);

        Assert.Equal([(0, 5), (6, 9)], windows.Select(w => (w.First, w.Last)));
        Assert.Equal(2.5f, windows[0].Row[0], 5);
        Assert.Empty(FaceBlendWindows.Windows(frames.Take(2).ToList(), 8, ["mean"]));
    }

    [Fact]
    public void A_row_holds_each_statistic_of_every_feature_statistic_by_statistic()
    {
        // Feature 0 over the frames: 1, 3, 2, NaN (skipped); feature 1: 10, 30, 20, NaN.
        List<float[]> frames = [F(1), F(3), F(2), [float.NaN, float.NaN]];
        var row = FaceBlendWindows.Row(frames, ["mean", "std", "absdiff", "min", "max"]);

        Assert.Equal(10, row.Length);
        Assert.Equal(2f, row[0], 5);                                   // mean
        Assert.Equal(20f, row[1], 4);
        Assert.Equal((float)Math.Sqrt(2 / 3.0), row[2], 5);            // std (population)
        Assert.Equal(1.5f, row[4], 5);                                 // mean |change|: (2 + 1) / 2
        Assert.Equal(15f, row[5], 4);
        Assert.Equal((1f, 3f, 10f, 30f), (row[6], row[8], row[7], row[9]));
        Assert.True(float.IsNaN(FaceBlendWindows.Row([[float.NaN, 1f]], ["mean"])[0]));
    }

    [Fact]
    public void Frames_take_the_best_window_that_holds_them_and_the_track_the_top_third_of_windows()
    {
        var frames = Enumerable.Range(0, 6).Select(i => i == 2 ? null : F(i)).ToList();
        List<FaceBlendWindows.Window> windows = [new([0f], 0, 3), new([0f], 1, 4), new([0f], 3, 5)];
        var (perFrame, track) = FaceBlendWindows.Scores(frames, windows, [0.2, 0.9, 0.5]);

        Assert.Equal(0.2, perFrame[0]);
        Assert.Equal(0.9, perFrame[1]);
        Assert.True(double.IsNaN(perFrame[2]));                        // not measured
        Assert.Equal([0.9, 0.9, 0.5], perFrame.Skip(3));
        Assert.Equal(0.9, track);                                      // top third of 3 windows: the best one
        Assert.True(double.IsNaN(FaceBlendWindows.Scores(frames, [], []).Track));
    }

    [Theory]
    [InlineData("")]
    [InlineData("mean,mean")]
    [InlineData("mean,median")]
    public void Unknown_or_repeated_statistics_are_refused(string text) =>
        Assert.Throws<FormatException>(() => FaceBlendWindows.ParseStats(text));
}
