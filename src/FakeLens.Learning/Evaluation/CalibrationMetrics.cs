namespace FakeLens.Learning.Evaluation;

/// <summary>
/// How far predicted probabilities match observed frequencies: the reliability diagram (equal-width bins)
/// and the expected calibration error, ECE = Σ (n_b / N) |mean predicted_b − fraction fake_b| (Naeini et
/// al. 2015; Guo et al. 2017 use 10–15 bins).
/// </summary>
public static class CalibrationMetrics
{
    public static ReliabilityBin[] Reliability(IReadOnlyList<double> probabilities, IReadOnlyList<bool> labels, int bins = 10)
    {
        ArgumentNullException.ThrowIfNull(probabilities);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentOutOfRangeException.ThrowIfLessThan(bins, 1);
        if (probabilities.Count != labels.Count)
        {
            throw new ArgumentException($"{probabilities.Count} probabilities but {labels.Count} labels.", nameof(labels));
        }

        var count = new int[bins];
        var sumP = new double[bins];
        var positives = new int[bins];
        for (int i = 0; i < probabilities.Count; i++)
        {
            double p = Math.Clamp(probabilities[i], 0, 1);
            int b = Math.Min(bins - 1, (int)(p * bins));
            count[b]++;
            sumP[b] += p;
            if (labels[i])
            {
                positives[b]++;
            }
        }

        var result = new ReliabilityBin[bins];
        for (int b = 0; b < bins; b++)
        {
            result[b] = new ReliabilityBin(
                (double)b / bins,
                (double)(b + 1) / bins,
                count[b],
                count[b] == 0 ? double.NaN : sumP[b] / count[b],
                count[b] == 0 ? double.NaN : (double)positives[b] / count[b]);
        }

        return result;
    }

    public static double ExpectedCalibrationError(IReadOnlyList<double> probabilities, IReadOnlyList<bool> labels, int bins = 10)
    {
        var diagram = Reliability(probabilities, labels, bins);
        if (probabilities.Count == 0)
        {
            return double.NaN;
        }

        double ece = 0;
        foreach (var bin in diagram)
        {
            if (bin.Count > 0)
            {
                ece += (double)bin.Count / probabilities.Count * Math.Abs(bin.MeanPredicted - bin.FractionPositive);
            }
        }

        return ece;
    }
}
