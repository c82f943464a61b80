namespace FakeLens.Imaging.Features;

// Frequency fingerprint of generator up-sampling (Durall et al. 2020, "Watch your up-convolution"; Frank et al.
// 2020, "Leveraging frequency analysis for deep fake image recognition"). Per colour channel: a 4-neighbour
// Laplacian residual (removes the scene's 1/f spectrum, keeps what up-sampling leaves), Hann-windowed (no
// leakage from the patch border), 2-D power spectrum. Features: the azimuthal average of log power in 12 rings
// from DC to the Nyquist radius (shape, with its mean as a separate level), and for k = 1/2, 1/4, 1/8 of the
// sampling rate the strength of a periodic trace: the line u = k / v = k against lines 2–3 bins beside it,
// and the point (k, k) against the median of its 7 × 7 neighbourhood (3 × 3 centre excluded). Generators
// that up-sample by 2 (transposed convolution, nearest/bilinear + conv) leave peaks or lines there.
internal static class SpectralFeatures
{
    public const int Rings = 12;
    public const int PerChannel = Rings + 1 + 6;
    private static readonly string[] Channels = ["r", "g", "b"];
    private static readonly string[] Peaks = ["1/2", "1/4", "1/8"];

    public static IEnumerable<string> Names()
    {
        foreach (var c in Channels)
        {
            for (var i = 0; i < Rings; i++)
            {
                yield return $"spectral.{c}.ring{i:00}";
            }

            yield return $"spectral.{c}.level";
            foreach (var p in Peaks)
            {
                yield return $"spectral.{c}.line{p}";
                yield return $"spectral.{c}.point{p}";
            }
        }
    }

    public static void Compute(PatchPlanes planes, Span<float> dest)
    {
        var n = planes.Size;
        var (re, im, pa, pb, fft) = planes.Spectral();
        var window = new float[n];
        double wsum = 0;
        for (var i = 0; i < n; i++)
        {
            window[i] = 0.5f - (0.5f * MathF.Cos(2 * MathF.PI * i / (n - 1)));
            wsum += window[i] * window[i];
        }

        var norm = (float)(wsum * wsum);
        Windowed(planes.R, n, window, re);
        Windowed(planes.G, n, window, im);
        fft.Forward2D(re, im);
        fft.SplitPower(re, im, pa, pb);
        Describe(pa, n, norm, dest[..PerChannel]);
        Describe(pb, n, norm, dest.Slice(PerChannel, PerChannel));
        Windowed(planes.B, n, window, re);
        Array.Clear(im);
        fft.Forward2D(re, im);
        fft.SplitPower(re, im, pa, pb);
        Describe(pa, n, norm, dest.Slice(2 * PerChannel, PerChannel));
    }

    private static void Windowed(float[] plane, int n, float[] window, float[] dest)
    {
        for (var y = 0; y < n; y++)
        {
            var up = (y == 0 ? 1 : y - 1) * n;
            var row = y * n;
            var down = (y == n - 1 ? n - 2 : y + 1) * n;
            var wy = window[y];
            for (var x = 0; x < n; x++)
            {
                var left = x == 0 ? 1 : x - 1;
                var right = x == n - 1 ? n - 2 : x + 1;
                var r = plane[row + x] - (0.25f * (plane[up + x] + plane[down + x] + plane[row + left] + plane[row + right]));
                dest[row + x] = r * wy * window[x];
            }
        }
    }

    private static void Describe(float[] power, int n, float norm, Span<float> dest)
    {
        // Log power in place (normalised by the window energy so that the level does not depend on n).
        for (var i = 0; i < power.Length; i++)
        {
            power[i] = MathF.Log((power[i] / norm) + 1e-8f);
        }

        Span<double> sums = stackalloc double[Rings];
        Span<int> counts = stackalloc int[Rings];
        var half = n / 2;
        for (var v = 0; v < n; v++)
        {
            var fv = v < half ? v : v - n;
            for (var u = 0; u < n; u++)
            {
                var fu = u < half ? u : u - n;
                var rho = MathF.Sqrt((fu * fu) + (fv * fv)) / half;
                if (rho <= 0 || rho > 1)
                {
                    continue;
                }

                var ring = Math.Min(Rings - 1, (int)(rho * Rings));
                sums[ring] += power[(v * n) + u];
                counts[ring]++;
            }
        }

        double level = 0;
        for (var i = 0; i < Rings; i++)
        {
            sums[i] = counts[i] > 0 ? sums[i] / counts[i] : 0;
            level += sums[i];
        }

        level /= Rings;
        for (var i = 0; i < Rings; i++)
        {
            dest[i] = (float)(sums[i] - level);
        }

        dest[Rings] = (float)level;
        var o = Rings + 1;
        foreach (var divisor in (ReadOnlySpan<int>)[2, 4, 8])
        {
            var k = n / divisor;
            dest[o++] = 0.5f * (Line(power, n, k, vertical: true) + Line(power, n, k, vertical: false));
            dest[o++] = 0.5f * (Point(power, n, k, k) + Point(power, n, k, n - k));
        }
    }

    /// <summary>Mean log power on the line u = k (or v = k) minus the mean on lines k ± 2 and k ± 3 (low |other| excluded).</summary>
    private static float Line(float[] logPower, int n, int k, bool vertical)
    {
        var mask = n - 1;
        double on = 0, off = 0;
        int cOn = 0, cOff = 0;
        for (var t = 0; t < n; t++)
        {
            var ft = t < n / 2 ? t : n - t;
            if (ft < 2)
            {
                continue;
            }

            on += At(logPower, n, vertical, k, t);
            cOn++;
            foreach (var d in (ReadOnlySpan<int>)[-3, -2, 2, 3])
            {
                off += At(logPower, n, vertical, (k + d) & mask, t);
                cOff++;
            }
        }

        return cOn == 0 ? 0 : (float)((on / cOn) - (off / cOff));
    }

    private static float At(float[] p, int n, bool vertical, int k, int t) => vertical ? p[(t * n) + k] : p[(k * n) + t];

    /// <summary>Log power at (u, v) minus the median of its 7 × 7 neighbourhood without the central 3 × 3.</summary>
    private static float Point(float[] logPower, int n, int u, int v)
    {
        var mask = n - 1;
        Span<float> ring = stackalloc float[40];
        var c = 0;
        for (var dv = -3; dv <= 3; dv++)
        {
            for (var du = -3; du <= 3; du++)
            {
                if (Math.Abs(du) <= 1 && Math.Abs(dv) <= 1)
                {
                    continue;
                }

                ring[c++] = logPower[(((v + dv) & mask) * n) + ((u + du) & mask)];
            }
        }

        var s = ring[..c];
        s.Sort();
        return logPower[((v & mask) * n) + (u & mask)] - s[c / 2];
    }
}
