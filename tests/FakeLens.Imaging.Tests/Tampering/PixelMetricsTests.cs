using FakeLens.Core.Evidence;
using FakeLens.Imaging.Tampering;

namespace FakeLens.Imaging.Tests.Tampering;

public sealed class PixelMetricsTests
{
    [Fact]
    public void F1_and_mcc_match_hand_counts_at_the_default_and_best_threshold()
    {
        // Mask: 4 tampered of 8. Map at 0.5: TP = 3 (0.9, 0.8, 0.6), FP = 1 (0.7), FN = 1 (0.2), TN = 3.
        var mask = new TamperMask(4, 2, [1, 1, 1, 1, 0, 0, 0, 0]);
        float[] map = [0.9f, 0.8f, 0.6f, 0.2f, 0.7f, 0.1f, 0.0f, 0.3f];
        var s = PixelMetrics.Score(map, mask);
        Assert.Equal(2.0 * 3 / ((2.0 * 3) + 1 + 1), s.F1Default, 9);
        Assert.Equal(((3.0 * 3) - (1.0 * 1)) / Math.Sqrt(4.0 * 4 * 4 * 4), s.MccDefault, 9);
        // Best: threshold at or below 0.2 keeps every tampered pixel: TP 4, FP 2 (0.7, 0.3) → F1 = 8/10.
        Assert.Equal(0.8, s.F1Best, 9);
        Assert.True(s.MccBest >= s.MccDefault);
        Assert.Equal((4.0 * 2 - 2.0 * 0) / Math.Sqrt(6.0 * 4 * 4 * 2), PixelMetrics.Mcc(4, 2, 0, 2), 9);
    }

    [Fact]
    public void A_perfect_map_scores_one_and_an_empty_map_zero()
    {
        var mask = new TamperMask(2, 2, [1, 0, 0, 1]);
        var perfect = PixelMetrics.Score([1f, 0f, 0f, 1f], mask);
        Assert.Equal(1.0, perfect.F1Best, 9);
        Assert.Equal(1.0, perfect.MccDefault, 9);
        var empty = PixelMetrics.Score([0f, 0f, 0f, 0f], mask);
        Assert.Equal(0.0, empty.F1Default);
        Assert.Equal(0.0, empty.MccBest);
    }

    [Fact]
    public void Auc_counts_ties_half_and_tpr_at_fpr_leaves_the_allowed_negatives_above()
    {
        double[] scores = [0.9, 0.8, 0.5, 0.5, 0.1];
        bool[] labels = [true, false, true, false, false];
        // Pairs (pos, neg): 0.9 beats all 3; 0.5 beats 0.1, ties 0.5, loses to 0.8 → (3 + 1.5) / 6.
        Assert.Equal(4.5 / 6, PixelMetrics.Auc(scores, labels), 9);
        // 0 % of 3 negatives allowed above: threshold 0.8 → only 0.9 detected.
        Assert.Equal(0.5, PixelMetrics.TprAtFpr(scores, labels, 0.05), 9);
        Assert.True(double.IsNaN(PixelMetrics.Auc([0.1, 0.2], [true, true])));
    }

    [Fact]
    public void Heatmap_is_resampled_between_cell_centres()
    {
        var map = new Heatmap(2, 1, [0f, 1f], "test");
        var v = HeatmapSampler.Resample(map, 4, 1);
        // Pixel centres 0.5..3.5 fall at cell coordinates −0.25, 0.25, 0.75, 1.25 → clamped and interpolated.
        Assert.Equal([0f, 0.25f, 0.75f, 1f], v);
        Assert.Equal(12, HeatmapSampler.Resample(map, 4, 3).Length);
    }
}
