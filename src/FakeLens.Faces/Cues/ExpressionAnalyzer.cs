using FakeLens.Faces.Mesh;

namespace FakeLens.Faces.Cues;

/// <summary>
/// Expression dynamics from the mesh: action-unit-like distances per frame (smile width AU12, brow raise AU1/AU2,
/// left–right asymmetry; Ekman &amp; Friesen's FACS mapped to MediaPipe landmarks, all over the eye span so head size and
/// distance cancel) and, per track, how much they vary, how smoothly (second over first differences), and how many
/// onset–apex–offset movements occur. The idea follows the expression cues of Mittal et al. 2020 ("Emotions Don't
/// Lie") and the "frozen face" of early talking-head generators: a face whose expression never changes, or changes
/// with machine smoothness, is unusual for a person speaking. Not weighed yet (no data measured it here): findings
/// are shown for information and the numbers are features for `train video`. Face-vs-voice emotion is not measured.
/// </summary>
public static class ExpressionAnalyzer
{
    public const int MinSamples = 10;

    public static ExpressionSample Measure(FaceMesh mesh)
    {
        ArgumentNullException.ThrowIfNull(mesh);
        var span = Math.Max(mesh.EyeSpan, 1e-3);
        var smile = mesh.Distance(61, 291) / span;
        var browRight = mesh.Distance(105, 159) / span;
        var browLeft = mesh.Distance(334, 386) / span;

        // Mouth-corner heights measured perpendicular to the eye line.
        var (rx, ry) = mesh[MeshRegions.RightEyeOuter];
        var (lx, ly) = mesh[MeshRegions.LeftEyeOuter];
        var ex = (lx - rx) / span;
        var ey = (ly - ry) / span;
        double Below(int i)
        {
            var (x, y) = mesh[i];
            return ((-(x - rx) * ey) + ((y - ry) * ex)) / span;
        }

        var asymmetry = Math.Abs(browRight - browLeft) + Math.Abs(Below(61) - Below(291));
        return new ExpressionSample(smile, (browRight + browLeft) / 2, asymmetry);
    }

    /// <param name="samples">Per slot (null where the face was not measured or a gap separates windows).</param>
    public static ExpressionStatistics Analyze(IReadOnlyList<ExpressionSample?> samples)
    {
        ArgumentNullException.ThrowIfNull(samples);
        var present = samples.Where(s => s is not null).Select(s => s!).ToList();
        if (present.Count < 3)
        {
            return new ExpressionStatistics(present.Count, double.NaN, double.NaN, double.NaN, double.NaN, 0);
        }

        double first = 0, second = 0;
        int firstN = 0, secondN = 0;
        foreach (var pick in new Func<ExpressionSample, double>[] { s => s.Smile, s => s.BrowRaise })
        {
            for (var k = 1; k < samples.Count; k++)
            {
                if (samples[k] is { } b && samples[k - 1] is { } a)
                {
                    first += Math.Abs(pick(b) - pick(a));
                    firstN++;
                    if (k > 1 && samples[k - 2] is { } z)
                    {
                        second += Math.Abs(pick(b) - (2 * pick(a)) + pick(z));
                        secondN++;
                    }
                }
            }
        }

        var smoothness = firstN == 0 || secondN == 0 || first <= 1e-12 ? double.NaN : (second / secondN) / (first / firstN);
        var movements = Movements(samples, s => s.Smile) + Movements(samples, s => s.BrowRaise);
        return new ExpressionStatistics(present.Count, Std(present.Select(s => s.Smile)), Std(present.Select(s => s.BrowRaise)),
            Series.Median(present.Select(s => s.Asymmetry).ToList()), smoothness, movements);
    }

    /// <summary>Rises above the median by more than 2 × the frame-to-frame noise (median absolute first difference ×
    /// 1.48) that last at least two frames and come back: onset, apex, offset.</summary>
    private static int Movements(IReadOnlyList<ExpressionSample?> samples, Func<ExpressionSample, double> pick)
    {
        var values = samples.Select(s => s is null ? double.NaN : pick(s)).ToArray();
        var finite = values.Where(double.IsFinite).ToList();
        var median = Series.Median(finite);
        var diffs = new List<double>();
        for (var k = 1; k < values.Length; k++)
        {
            if (double.IsFinite(values[k]) && double.IsFinite(values[k - 1]))
            {
                diffs.Add(Math.Abs(values[k] - values[k - 1]));
            }
        }

        var noise = diffs.Count == 0 ? 0 : Series.Median(diffs) * 1.48;
        var threshold = Math.Max(2 * noise, 0.01);
        int count = 0, run = 0;
        foreach (var v in values)
        {
            if (double.IsFinite(v) && v - median > threshold)
            {
                run++;
            }
            else
            {
                count += run >= 2 && double.IsFinite(v) ? 1 : 0;
                run = 0;
            }
        }

        return count;
    }

    private static double Std(IEnumerable<double> values)
    {
        var v = values.ToList();
        var m = v.Average();
        return Math.Sqrt(v.Sum(x => (x - m) * (x - m)) / v.Count);
    }
}
