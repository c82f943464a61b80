using FakeLens.Learning.Evaluation;

namespace FakeLens.Learning.Tests.Evaluation;

public sealed class CalibrationMetricsTests
{
    [Fact]
    public void Ece_is_small_for_calibrated_predictions_and_large_for_overconfident_ones()
    {
        var random = new Random(3);
        var p = Enumerable.Range(0, 20000).Select(_ => random.NextDouble()).ToArray();
        var labels = p.Select(v => random.NextDouble() < v).ToArray();
        Assert.True(CalibrationMetrics.ExpectedCalibrationError(p, labels) < 0.02);

        var overconfident = p.Select(v => v > 0.5 ? 0.99 : 0.01).ToArray();
        Assert.True(CalibrationMetrics.ExpectedCalibrationError(overconfident, labels) > 0.2);
    }

    [Fact]
    public void Reliability_bins_count_every_prediction_once()
    {
        double[] p = [0.0, 0.05, 0.15, 0.95, 1.0];
        bool[] labels = [false, false, true, true, true];
        var bins = CalibrationMetrics.Reliability(p, labels, 10);
        Assert.Equal(5, bins.Sum(b => b.Count));
        Assert.Equal(2, bins[0].Count);
        Assert.Equal(2, bins[9].Count);
        Assert.Equal(1.0, bins[9].FractionPositive);
    }
}
