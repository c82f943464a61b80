using FakeLens.Learning.Evaluation;

namespace FakeLens.Learning.Tests.Evaluation;

public sealed class BinaryMetricsTests
{
    [Fact]
    public void Auc_is_one_for_perfect_separation_and_zero_when_inverted()
    {
        double[] scores = [0.1, 0.2, 0.8, 0.9];
        bool[] labels = [false, false, true, true];
        Assert.Equal(1.0, BinaryMetrics.Auc(scores, labels), 12);
        Assert.Equal(0.0, BinaryMetrics.Auc(scores, [true, true, false, false]), 12);
    }

    [Fact]
    public void Auc_counts_ties_as_half()
    {
        // One fake and one real share a score: 3 of 4 pairs ordered, 1 tied -> (3 + 0.5) / 4.
        double[] scores = [0.1, 0.5, 0.5, 0.9];
        bool[] labels = [false, false, true, true];
        Assert.Equal(0.875, BinaryMetrics.Auc(scores, labels), 12);
    }

    [Fact]
    public void Auc_matches_pair_counting_on_random_scores()
    {
        var random = new Random(7);
        var scores = Enumerable.Range(0, 200).Select(_ => Math.Round(random.NextDouble(), 2)).ToArray();
        var labels = Enumerable.Range(0, 200).Select(i => random.NextDouble() < scores[i]).ToArray();
        double pairs = 0, wins = 0;
        for (int i = 0; i < scores.Length; i++)
        {
            for (int j = 0; j < scores.Length; j++)
            {
                if (labels[i] && !labels[j])
                {
                    pairs++;
                    wins += scores[i] > scores[j] ? 1 : scores[i] == scores[j] ? 0.5 : 0;
                }
            }
        }

        Assert.Equal(wins / pairs, BinaryMetrics.Auc(scores, labels), 10);
    }

    [Fact]
    public void Eer_is_where_misses_equal_false_alarms()
    {
        // Reals 0..9, fakes 5..14 (scores): at threshold 7.5, 2 of 10 reals above (8, 9) and 2 of 10 fakes below (5, 6)... ≈ 25 %.
        var scores = Enumerable.Range(0, 10).Select(i => (double)i).Concat(Enumerable.Range(5, 10).Select(i => (double)i)).ToArray();
        var labels = Enumerable.Repeat(false, 10).Concat(Enumerable.Repeat(true, 10)).ToArray();
        var (eer, threshold) = BinaryMetrics.Eer(scores, labels);
        Assert.InRange(eer, 0.2, 0.3);
        Assert.InRange(threshold, 6, 8);
        Assert.Equal(0.0, BinaryMetrics.Eer([1.0, 2.0, 3.0, 4.0], [false, false, true, true]).Eer, 12);
    }

    [Fact]
    public void ThresholdAtFpr_lets_through_at_most_the_target_share_of_reals()
    {
        var reals = Enumerable.Range(0, 200).Select(i => i / 200.0).ToArray();
        var fakes = Enumerable.Range(0, 50).Select(i => 1.0 + (i / 1000.0)).ToArray();
        var scores = reals.Concat(fakes).ToArray();
        var labels = reals.Select(_ => false).Concat(fakes.Select(_ => true)).ToArray();
        double t = BinaryMetrics.ThresholdAtFpr(scores, labels, 0.01);
        Assert.Equal(0.01, BinaryMetrics.FprAtThreshold(scores, labels, t), 12);

        // The next real score below the threshold would let a third real through.
        Assert.Equal(0.99, t, 12);
        Assert.True(BinaryMetrics.FprAtThreshold(scores, labels, 0.985) > 0.01);
        Assert.Equal(1.0, BinaryMetrics.TprAtFpr(scores, labels, 0.01), 12);
        double none = BinaryMetrics.ThresholdAtFpr(scores, labels, 0.001);
        Assert.Equal(0.0, BinaryMetrics.FprAtThreshold(scores, labels, none), 12);
    }

    [Fact]
    public void ThresholdAtFpr_never_splits_tied_reals()
    {
        double[] scores = [0.5, 0.5, 0.5, 0.1, 0.9];
        bool[] labels = [false, false, false, false, true];
        double t = BinaryMetrics.ThresholdAtFpr(scores, labels, 0.5);
        Assert.True(BinaryMetrics.FprAtThreshold(scores, labels, t) <= 0.5);
        Assert.Equal(1.0, BinaryMetrics.Accuracy(scores, labels, t), 12);
    }

    [Fact]
    public void Metrics_refuse_mismatched_lengths_and_nan()
    {
        Assert.Throws<ArgumentException>(() => BinaryMetrics.Auc([0.1, 0.2], [true]));
        Assert.Throws<ArgumentException>(() => BinaryMetrics.Auc([double.NaN, 0.2], [true, false]));
        Assert.True(double.IsNaN(BinaryMetrics.Auc([0.1, 0.2], [true, true])));
    }
}
