namespace FakeLens.Learning.Evaluation;

/// <summary>
/// Threshold-free and threshold-bound measures of a binary detector. Convention everywhere: a higher score
/// means "more likely fake", label <c>true</c> = fake (positive), and a sample is called fake when its
/// score is at or above the threshold.
/// </summary>
public static class BinaryMetrics
{
    /// <summary>Area under the ROC curve (Mann–Whitney U with mid-ranks for ties): P(score fake &gt; score real).</summary>
    public static double Auc(IReadOnlyList<double> scores, IReadOnlyList<bool> labels)
    {
        var (pos, neg) = Count(scores, labels);
        if (pos == 0 || neg == 0)
        {
            return double.NaN;
        }

        var order = SortedIndices(scores, descending: false);
        double rankSumPos = 0;
        int i = 0;
        while (i < order.Length)
        {
            int j = i;
            while (j + 1 < order.Length && scores[order[j + 1]] == scores[order[i]])
            {
                j++;
            }

            double midRank = ((i + 1) + (j + 1)) / 2.0;
            for (int k = i; k <= j; k++)
            {
                if (labels[order[k]])
                {
                    rankSumPos += midRank;
                }
            }

            i = j + 1;
        }

        return (rankSumPos - (pos * (pos + 1) / 2.0)) / ((double)pos * neg);
    }

    /// <summary>The ROC curve from (0,0) to (1,1), one point per distinct score.</summary>
    public static RocPoint[] Roc(IReadOnlyList<double> scores, IReadOnlyList<bool> labels)
    {
        var (pos, neg) = Count(scores, labels);
        var order = SortedIndices(scores, descending: true);
        var points = new List<RocPoint>(order.Length + 1) { new(double.PositiveInfinity, 0, 0) };
        int tp = 0, fp = 0, i = 0;
        while (i < order.Length)
        {
            double t = scores[order[i]];
            while (i < order.Length && scores[order[i]] == t)
            {
                if (labels[order[i]])
                {
                    tp++;
                }
                else
                {
                    fp++;
                }

                i++;
            }

            points.Add(new RocPoint(t, neg == 0 ? 0 : (double)fp / neg, pos == 0 ? 0 : (double)tp / pos));
        }

        return [.. points];
    }

    /// <summary>
    /// Equal error rate: the point where the false-positive rate equals the miss rate, linearly interpolated
    /// between ROC points, and the score threshold there.
    /// </summary>
    public static (double Eer, double Threshold) Eer(IReadOnlyList<double> scores, IReadOnlyList<bool> labels)
    {
        var (pos, neg) = Count(scores, labels);
        if (pos == 0 || neg == 0)
        {
            return (double.NaN, double.NaN);
        }

        var roc = Roc(scores, labels);
        for (int i = 1; i < roc.Length; i++)
        {
            double d0 = roc[i - 1].Fpr - (1 - roc[i - 1].Tpr);
            double d1 = roc[i].Fpr - (1 - roc[i].Tpr);
            if (d0 <= 0 && d1 >= 0)
            {
                double a = d1 == d0 ? 0.5 : -d0 / (d1 - d0);
                double fpr = roc[i - 1].Fpr + (a * (roc[i].Fpr - roc[i - 1].Fpr));
                double fnr = (1 - roc[i - 1].Tpr) + (a * ((1 - roc[i].Tpr) - (1 - roc[i - 1].Tpr)));
                double t = double.IsInfinity(roc[i - 1].Threshold) ? roc[i].Threshold : (a < 0.5 ? roc[i - 1].Threshold : roc[i].Threshold);
                return ((fpr + fnr) / 2, t);
            }
        }

        return (0.5, roc[^1].Threshold);
    }

    /// <summary>
    /// The lowest threshold at which at most <paramref name="fpr"/> of the real samples score at or above it
    /// (so the false-positive rate on these data is ≤ the target). Above every real score when the target
    /// allows no false positive.
    /// </summary>
    public static double ThresholdAtFpr(IReadOnlyList<double> scores, IReadOnlyList<bool> labels, double fpr)
    {
        var negatives = new List<double>();
        for (int i = 0; i < scores.Count; i++)
        {
            if (!labels[i])
            {
                negatives.Add(scores[i]);
            }
        }

        if (negatives.Count == 0)
        {
            return double.NaN;
        }

        negatives.Sort((a, b) => b.CompareTo(a));
        int allowed = (int)Math.Floor((fpr * negatives.Count) + 1e-9);
        double threshold = Math.BitIncrement(negatives[0]);
        int i2 = 0;
        while (i2 < negatives.Count)
        {
            int j = i2;
            while (j + 1 < negatives.Count && negatives[j + 1] == negatives[i2])
            {
                j++;
            }

            if (j + 1 > allowed)
            {
                break;
            }

            threshold = negatives[i2];
            i2 = j + 1;
        }

        return threshold;
    }

    /// <summary>Share of fakes scoring at or above the threshold chosen for <paramref name="fpr"/> on the same data.</summary>
    public static double TprAtFpr(IReadOnlyList<double> scores, IReadOnlyList<bool> labels, double fpr) =>
        TprAtThreshold(scores, labels, ThresholdAtFpr(scores, labels, fpr));

    public static double TprAtThreshold(IReadOnlyList<double> scores, IReadOnlyList<bool> labels, double threshold) =>
        Rate(scores, labels, threshold, positive: true);

    public static double FprAtThreshold(IReadOnlyList<double> scores, IReadOnlyList<bool> labels, double threshold) =>
        Rate(scores, labels, threshold, positive: false);

    /// <summary>Share of samples on the right side of the threshold.</summary>
    public static double Accuracy(IReadOnlyList<double> scores, IReadOnlyList<bool> labels, double threshold)
    {
        Validate(scores, labels);
        if (scores.Count == 0)
        {
            return double.NaN;
        }

        int correct = 0;
        for (int i = 0; i < scores.Count; i++)
        {
            if ((scores[i] >= threshold) == labels[i])
            {
                correct++;
            }
        }

        return (double)correct / scores.Count;
    }

    private static double Rate(IReadOnlyList<double> scores, IReadOnlyList<bool> labels, double threshold, bool positive)
    {
        Validate(scores, labels);
        int n = 0, above = 0;
        for (int i = 0; i < scores.Count; i++)
        {
            if (labels[i] == positive)
            {
                n++;
                if (scores[i] >= threshold)
                {
                    above++;
                }
            }
        }

        return n == 0 ? double.NaN : (double)above / n;
    }

    private static (int Positives, int Negatives) Count(IReadOnlyList<double> scores, IReadOnlyList<bool> labels)
    {
        Validate(scores, labels);
        int pos = 0;
        for (int i = 0; i < labels.Count; i++)
        {
            if (labels[i])
            {
                pos++;
            }
        }

        return (pos, labels.Count - pos);
    }

    private static void Validate(IReadOnlyList<double> scores, IReadOnlyList<bool> labels)
    {
        ArgumentNullException.ThrowIfNull(scores);
        ArgumentNullException.ThrowIfNull(labels);
        if (scores.Count != labels.Count)
        {
            throw new ArgumentException($"{scores.Count} scores but {labels.Count} labels.", nameof(labels));
        }

        for (int i = 0; i < scores.Count; i++)
        {
            if (double.IsNaN(scores[i]))
            {
                throw new ArgumentException($"Score {i} is NaN.", nameof(scores));
            }
        }
    }

    private static int[] SortedIndices(IReadOnlyList<double> scores, bool descending)
    {
        var order = new int[scores.Count];
        for (int i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }

        Array.Sort(order, (a, b) => descending ? scores[b].CompareTo(scores[a]) : scores[a].CompareTo(scores[b]));
        return order;
    }
}
