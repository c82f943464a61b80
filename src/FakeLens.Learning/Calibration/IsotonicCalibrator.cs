namespace FakeLens.Learning.Calibration;

/// <summary>
/// Isotonic regression (pool adjacent violators; Zadrozny &amp; Elkan 2002): the monotone step function of
/// the score that best fits the held-out labels. Between block centres the probability is interpolated
/// linearly; outside them it is held; it is clamped to [1/(N+2), 1 − 1/(N+2)] so a finite calibration set
/// never claims certainty.
/// </summary>
public sealed class IsotonicCalibrator : IProbabilityCalibrator
{
    private readonly double[] _x;
    private readonly double[] _y;

    public IsotonicCalibrator(IReadOnlyList<double> knots, IReadOnlyList<double> values, double floor)
    {
        ArgumentNullException.ThrowIfNull(knots);
        ArgumentNullException.ThrowIfNull(values);
        if (knots.Count != values.Count || knots.Count == 0)
        {
            throw new ArgumentException("Isotonic calibration needs as many values as knots, and at least one.", nameof(values));
        }

        _x = [.. knots];
        _y = [.. values];
        Floor = floor;
    }

    public string Kind => "isotonic";

    public IReadOnlyList<double> Knots => _x;

    public IReadOnlyList<double> Values => _y;

    public double Floor { get; }

    public static IsotonicCalibrator Fit(IReadOnlyList<double> scores, IReadOnlyList<bool> labels)
    {
        ArgumentNullException.ThrowIfNull(scores);
        ArgumentNullException.ThrowIfNull(labels);
        if (scores.Count != labels.Count || scores.Count == 0)
        {
            throw new ArgumentException("Isotonic calibration needs as many labels as scores, and at least one.", nameof(labels));
        }

        var order = Enumerable.Range(0, scores.Count).OrderBy(i => scores[i]).ToArray();

        // Blocks of (sum of labels, count, sum of scores), merged while they violate monotonicity.
        var sumY = new List<double>();
        var count = new List<double>();
        var sumX = new List<double>();
        foreach (int i in order)
        {
            sumY.Add(labels[i] ? 1 : 0);
            count.Add(1);
            sumX.Add(scores[i]);
            while (sumY.Count > 1 && (sumY[^2] / count[^2]) >= (sumY[^1] / count[^1]))
            {
                int last = sumY.Count - 1;
                sumY[last - 1] += sumY[last];
                count[last - 1] += count[last];
                sumX[last - 1] += sumX[last];
                sumY.RemoveAt(last);
                count.RemoveAt(last);
                sumX.RemoveAt(last);
            }
        }

        var knots = new double[sumY.Count];
        var values = new double[sumY.Count];
        for (int b = 0; b < knots.Length; b++)
        {
            knots[b] = sumX[b] / count[b];
            values[b] = sumY[b] / count[b];
        }

        return new IsotonicCalibrator(knots, values, 1.0 / (scores.Count + 2));
    }

    public double Calibrate(double score)
    {
        double p;
        if (score <= _x[0])
        {
            p = _y[0];
        }
        else if (score >= _x[^1])
        {
            p = _y[^1];
        }
        else
        {
            int hi = Array.BinarySearch(_x, score);
            if (hi >= 0)
            {
                p = _y[hi];
            }
            else
            {
                hi = ~hi;
                int lo = hi - 1;
                double a = (score - _x[lo]) / (_x[hi] - _x[lo]);
                p = _y[lo] + (a * (_y[hi] - _y[lo]));
            }
        }

        return Math.Clamp(p, Floor, 1 - Floor);
    }
}
