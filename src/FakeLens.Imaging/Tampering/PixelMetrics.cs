namespace FakeLens.Imaging.Tampering;

/// <summary>
/// Pixel-level localisation metrics. A map (values 0..1, higher = more likely tampered) is binarised at
/// 257 thresholds (value ≥ k/256 for k = 0..256) through one pass of two 256-bin histograms, so a sweep costs
/// one read of the pixels. F1 = 2TP / (2TP + FP + FN); MCC = (TP·TN − FP·FN) / √((TP+FP)(TP+FN)(TN+FP)(TN+FN)),
/// 0 when any factor is 0. Image-level AUC (Mann–Whitney, ties count half) and TPR at a false-positive rate.
/// </summary>
public static class PixelMetrics
{
    public const int Bins = 256;

    /// <summary>Scores <paramref name="map"/> (same grid as the mask) against <paramref name="mask"/>.</summary>
    public static PixelScores Score(ReadOnlySpan<float> map, TamperMask mask, float defaultThreshold = 0.5f)
    {
        ArgumentNullException.ThrowIfNull(mask);
        if (map.Length != mask.Bits.Length)
        {
            throw new ArgumentException($"map has {map.Length} values, mask {mask.Bits.Length}", nameof(map));
        }

        var pos = new long[Bins];
        var neg = new long[Bins];
        var bits = mask.Bits;
        long defTp = 0, defFp = 0;
        for (var i = 0; i < map.Length; i++)
        {
            var v = map[i];
            var bin = float.IsNaN(v) ? 0 : Math.Clamp((int)(v * Bins), 0, Bins - 1);
            var hit = v >= defaultThreshold;
            if (bits[i] != 0)
            {
                pos[bin]++;
                defTp += hit ? 1 : 0;
            }
            else
            {
                neg[bin]++;
                defFp += hit ? 1 : 0;
            }
        }

        long p = 0, n = 0;
        for (var k = 0; k < Bins; k++)
        {
            p += pos[k];
            n += neg[k];
        }

        // Walk thresholds from "nothing positive" (k = Bins) down to "everything positive" (k = 0).
        double bestF1 = 0, bestMcc = 0, bestAt = 1;
        long tp = 0, fp = 0;
        Consider(ref bestF1, ref bestMcc, ref bestAt, tp, fp, p, n, 1.0);
        for (var k = Bins - 1; k >= 0; k--)
        {
            tp += pos[k];
            fp += neg[k];
            Consider(ref bestF1, ref bestMcc, ref bestAt, tp, fp, p, n, k / (double)Bins);
        }

        return new PixelScores(bestF1, bestMcc, F1(defTp, defFp, p - defTp), Mcc(defTp, defFp, p - defTp, n - defFp), bestAt);
    }

    private static void Consider(ref double bestF1, ref double bestMcc, ref double bestAt, long tp, long fp, long p, long n, double threshold)
    {
        var f1 = F1(tp, fp, p - tp);
        if (f1 > bestF1)
        {
            bestF1 = f1;
            bestAt = threshold;
        }

        bestMcc = Math.Max(bestMcc, Mcc(tp, fp, p - tp, n - fp));
    }

    public static double F1(long tp, long fp, long fn) => tp == 0 ? 0 : 2.0 * tp / ((2.0 * tp) + fp + fn);

    public static double Mcc(long tp, long fp, long fn, long tn)
    {
        var d = (double)(tp + fp) * (tp + fn) * (tn + fp) * (tn + fn);
        return d <= 0 ? 0 : (((double)tp * tn) - ((double)fp * fn)) / Math.Sqrt(d);
    }

    /// <summary>Area under the ROC curve of image scores (higher = tampered); NaN without both classes.</summary>
    public static double Auc(IReadOnlyList<double> scores, IReadOnlyList<bool> labels)
    {
        ArgumentNullException.ThrowIfNull(scores);
        ArgumentNullException.ThrowIfNull(labels);
        var idx = Enumerable.Range(0, scores.Count).OrderBy(i => scores[i]).ToArray();
        double rankSumPos = 0;
        long nPos = 0;
        for (var i = 0; i < idx.Length;)
        {
            var j = i;
            while (j + 1 < idx.Length && scores[idx[j + 1]] == scores[idx[i]])
            {
                j++;
            }

            var rank = ((i + j) / 2.0) + 1;
            for (var k = i; k <= j; k++)
            {
                if (labels[idx[k]])
                {
                    rankSumPos += rank;
                    nPos++;
                }
            }

            i = j + 1;
        }

        var nNeg = idx.Length - nPos;
        return nPos == 0 || nNeg == 0 ? double.NaN : (rankSumPos - (nPos * (nPos + 1) / 2.0)) / (nPos * (double)nNeg);
    }

    /// <summary>
    /// Share of positives scoring strictly above the threshold that leaves at most <paramref name="fpr"/> of the
    /// negatives above it (ties with that negative count as not detected); NaN without both classes.
    /// </summary>
    public static double TprAtFpr(IReadOnlyList<double> scores, IReadOnlyList<bool> labels, double fpr)
    {
        ArgumentNullException.ThrowIfNull(scores);
        ArgumentNullException.ThrowIfNull(labels);
        var negatives = new List<double>();
        var positives = new List<double>();
        for (var i = 0; i < scores.Count; i++)
        {
            (labels[i] ? positives : negatives).Add(scores[i]);
        }

        if (negatives.Count == 0 || positives.Count == 0)
        {
            return double.NaN;
        }

        negatives.Sort((a, b) => b.CompareTo(a));
        var allowed = (int)Math.Floor(fpr * negatives.Count);
        if (allowed >= negatives.Count)
        {
            return 1.0;
        }

        var threshold = negatives[allowed];
        return positives.Count(s => s > threshold) / (double)positives.Count;
    }
}
