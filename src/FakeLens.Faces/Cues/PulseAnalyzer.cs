namespace FakeLens.Faces.Cues;

// Remote photoplethysmography, the idea of FakeCatcher (Ciftci, Demir & Yin 2020, "FakeCatcher: Detection of
// Synthetic Portrait Videos using Biological Signals"): blood volume changes tint real skin with the heartbeat,
// in step across the forehead and both cheeks, while synthesised faces carry no such signal or an incoherent one.
// Here, without learning: the mean green of three skin patches (forehead at mesh point 151, cheeks at 50 and
// 280; squares of 0.25 eye spans), normalised by its mean and detrended by a 1 s moving average (green carries
// most of the pulse, Verkruysse et al. 2008). Gaps up to 0.5 s are interpolated; the span must be at least 10 s
// with 80 % of frames measured. The spectrum of the mean of the three signals over 0.7–3.5 Hz (42–210 bpm) gives
// the peak and its share of the band's power (±0.1 Hz around the peak); coherence is the mean correlation of the
// forehead with each cheek after the same filtering. Video compression and 10 fps sampling remove much of this
// signal from real footage too, so the cue is a feature for learning and a low-reliability note, never a verdict.
public static class PulseAnalyzer
{
    public const double MinSeconds = 10;

    /// <summary>Pulse statistics from per-frame mean green of forehead and two cheeks (NaN = not measured), frames <paramref name="step"/> s apart.</summary>
    public static PulseStatistics Analyze(IReadOnlyList<double> forehead, IReadOnlyList<double> rightCheek, IReadOnlyList<double> leftCheek, double step)
    {
        ArgumentNullException.ThrowIfNull(forehead);
        ArgumentNullException.ThrowIfNull(rightCheek);
        ArgumentNullException.ThrowIfNull(leftCheek);
        var n = forehead.Count;
        var measured = Enumerable.Range(0, n).Count(i => !double.IsNaN(forehead[i]) && !double.IsNaN(rightCheek[i]) && !double.IsNaN(leftCheek[i]));
        if (n * step < MinSeconds || measured < 0.8 * n)
        {
            return new PulseStatistics(double.NaN, double.NaN, double.NaN, measured * step);
        }

        var f = Prepare(forehead, step);
        var r = Prepare(rightCheek, step);
        var l = Prepare(leftCheek, step);
        if (f is null || r is null || l is null)
        {
            return new PulseStatistics(double.NaN, double.NaN, double.NaN, measured * step);
        }

        var mean = new double[n];
        for (var i = 0; i < n; i++)
        {
            mean[i] = (f[i] + r[i] + l[i]) / 3;
        }

        // Power spectrum on a 0.02 Hz grid over 0.7–3.5 Hz (direct DFT: a few hundred samples).
        var freqs = new List<double>();
        var power = new List<double>();
        for (var hz = 0.7; hz <= Math.Min(3.5, 0.5 / step); hz += 0.02)
        {
            double re = 0, im = 0;
            for (var i = 0; i < n; i++)
            {
                var a = 2 * Math.PI * hz * i * step;
                re += mean[i] * Math.Cos(a);
                im -= mean[i] * Math.Sin(a);
            }

            freqs.Add(hz);
            power.Add((re * re) + (im * im));
        }

        var total = power.Sum();
        if (!(total > 0))
        {
            return new PulseStatistics(double.NaN, 0, double.NaN, n * step);
        }

        var peak = power.IndexOf(power.Max());
        var near = 0.0;
        for (var k = 0; k < power.Count; k++)
        {
            near += Math.Abs(freqs[k] - freqs[peak]) <= 0.1 ? power[k] : 0;
        }

        var coherence = (Series.Correlation(f, r, 0) + Series.Correlation(f, l, 0)) / 2;
        return new PulseStatistics(freqs[peak] * 60, near / total, coherence, n * step);
    }

    /// <summary>Gap-filled (linear, ≤ 0.5 s), mean-normalised, 1 s-detrended signal; null when a gap is too long.</summary>
    private static double[]? Prepare(IReadOnlyList<double> raw, double step)
    {
        var n = raw.Count;
        var x = raw.ToArray();
        var maxGap = (int)Math.Round(0.5 / step);
        var last = -1;
        for (var i = 0; i < n; i++)
        {
            if (double.IsNaN(x[i]))
            {
                continue;
            }

            if (last >= 0 && i - last > 1)
            {
                if (i - last - 1 > maxGap)
                {
                    return null;
                }

                for (var k = last + 1; k < i; k++)
                {
                    x[k] = x[last] + ((x[i] - x[last]) * (k - last) / (i - last));
                }
            }

            last = i;
        }

        // Ends: hold the nearest measured value.
        var first = Array.FindIndex(x, v => !double.IsNaN(v));
        if (first < 0)
        {
            return null;
        }

        for (var i = 0; i < first; i++)
        {
            x[i] = x[first];
        }

        for (var i = last + 1; i < n; i++)
        {
            x[i] = x[last];
        }

        var mean = x.Average();
        if (!(mean > 0))
        {
            return null;
        }

        var half = Math.Max(1, (int)Math.Round(0.5 / step));
        var y = new double[n];
        for (var i = 0; i < n; i++)
        {
            double s = 0;
            var c = 0;
            for (var k = Math.Max(0, i - half); k <= Math.Min(n - 1, i + half); k++)
            {
                s += x[k];
                c++;
            }

            y[i] = (x[i] - (s / c)) / mean;
        }

        return y;
    }

    /// <summary>Mean green of the square patch of side 0.25 eye spans centred on a landmark; NaN when it leaves the image.</summary>
    public static double PatchGreen(Imaging.Decoding.RgbImage image, Mesh.FaceMesh mesh, int landmark)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(mesh);
        var (cx, cy) = mesh[landmark];
        var half = Math.Max(1, (int)(0.125 * mesh.EyeSpan));
        int x0 = (int)cx - half, x1 = (int)cx + half, y0 = (int)cy - half, y1 = (int)cy + half;
        if (x0 < 0 || y0 < 0 || x1 >= image.Width || y1 >= image.Height)
        {
            return double.NaN;
        }

        long sum = 0;
        for (var y = y0; y <= y1; y++)
        {
            var row = ((y * image.Width) + x0) * 3;
            for (var x = 0; x <= x1 - x0; x++)
            {
                sum += image.Pixels[row + (3 * x) + 1];
            }
        }

        return sum / (double)((x1 - x0 + 1) * (y1 - y0 + 1));
    }
}
