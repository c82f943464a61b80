namespace FakeLens.Faces.Cues;

/// <summary>Small statistics on series with gaps (NaN = not measured in that frame).</summary>
internal static class Series
{
    public static double[] Valid(IReadOnlyList<double> values) => values.Where(v => !double.IsNaN(v)).ToArray();

    public static double Percentile(IReadOnlyList<double> values, double p)
    {
        var v = Valid(values);
        if (v.Length == 0)
        {
            return double.NaN;
        }

        Array.Sort(v);
        return v[Math.Clamp((int)Math.Round(p * (v.Length - 1)), 0, v.Length - 1)];
    }

    public static double Median(IReadOnlyList<double> values) => Percentile(values, 0.5);

    public static double Mean(IReadOnlyList<double> values)
    {
        var v = Valid(values);
        return v.Length == 0 ? double.NaN : v.Average();
    }

    public static double Std(IReadOnlyList<double> values)
    {
        var v = Valid(values);
        if (v.Length < 2)
        {
            return double.NaN;
        }

        var m = v.Average();
        return Math.Sqrt(v.Sum(x => (x - m) * (x - m)) / (v.Length - 1));
    }

    /// <summary>Standard deviation of first differences over pairs of measured neighbours, divided by √2 (white noise keeps its std).</summary>
    public static double HighFrequency(IReadOnlyList<double> values)
    {
        var d = new List<double>();
        for (var i = 1; i < values.Count; i++)
        {
            if (!double.IsNaN(values[i]) && !double.IsNaN(values[i - 1]))
            {
                d.Add(values[i] - values[i - 1]);
            }
        }

        return d.Count < 3 ? double.NaN : Math.Sqrt(d.Sum(x => x * x) / d.Count) / Math.Sqrt(2);
    }

    /// <summary>Pearson correlation of a[i] with b[i + lag] over indices where both are measured; NaN under 8 pairs.</summary>
    public static double Correlation(IReadOnlyList<double> a, IReadOnlyList<double> b, int lag)
    {
        double sa = 0, sb = 0, saa = 0, sbb = 0, sab = 0;
        var n = 0;
        for (var i = 0; i < a.Count; i++)
        {
            var j = i + lag;
            if (j < 0 || j >= b.Count || double.IsNaN(a[i]) || double.IsNaN(b[j]))
            {
                continue;
            }

            sa += a[i];
            sb += b[j];
            saa += a[i] * a[i];
            sbb += b[j] * b[j];
            sab += a[i] * b[j];
            n++;
        }

        if (n < 8)
        {
            return double.NaN;
        }

        var cov = (sab / n) - (sa / n * (sb / n));
        var va = (saa / n) - (sa / n * (sa / n));
        var vb = (sbb / n) - (sb / n * (sb / n));
        return va <= 1e-12 || vb <= 1e-12 ? double.NaN : cov / Math.Sqrt(va * vb);
    }
}
