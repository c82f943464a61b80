namespace FakeLens.Imaging.Features;

// Colour statistics (McCloskey & Albright 2019, "Detecting GAN-generated imagery using saturation cues"):
// generators normalise their outputs, so they rarely produce clipped (saturated or under-exposed) pixels the
// way a camera's sensor does, and their saturation and chroma distributions differ. Per patch: HSV saturation
// mean, standard deviation, 50th and 95th percentiles, share above 0.9; YCbCr chroma standard deviations, mean
// chroma magnitude and Cb–Cr correlation; share of pixels with a channel at ≥ 254 (saturated) and of pixels
// whose brightest channel is ≤ 2 (under-exposed).
internal static class ColourFeatures
{
    public const int Count = 11;

    public static IEnumerable<string> Names() =>
    [
        "colour.sat-mean", "colour.sat-std", "colour.sat-p50", "colour.sat-p95", "colour.sat-high",
        "colour.cb-std", "colour.cr-std", "colour.chroma-mean", "colour.cbcr-corr", "colour.saturated", "colour.underexposed",
    ];

    public static void Compute(PatchPlanes planes, Span<float> dest)
    {
        const int bins = 64;
        Span<int> hist = stackalloc int[bins];
        hist.Clear();
        var nn = planes.Size * planes.Size;
        double s1 = 0, s2 = 0, cb1 = 0, cb2 = 0, cr1 = 0, cr2 = 0, cbcr = 0, chroma = 0;
        int high = 0, saturated = 0, under = 0;
        for (var i = 0; i < nn; i++)
        {
            float r = planes.R[i], g = planes.G[i], b = planes.B[i];
            var max = MathF.Max(r, MathF.Max(g, b));
            var min = MathF.Min(r, MathF.Min(g, b));
            var s = max > 0 ? (max - min) / max : 0f;
            s1 += s;
            s2 += s * s;
            hist[Math.Min(bins - 1, (int)(s * bins))]++;
            high += s > 0.9f ? 1 : 0;
            saturated += max >= 254f ? 1 : 0;
            under += max <= 2f ? 1 : 0;
            var cb = (-0.168736f * r) - (0.331264f * g) + (0.5f * b);
            var cr = (0.5f * r) - (0.418688f * g) - (0.081312f * b);
            cb1 += cb;
            cb2 += cb * cb;
            cr1 += cr;
            cr2 += cr * cr;
            cbcr += cb * cr;
            chroma += MathF.Sqrt((cb * cb) + (cr * cr));
        }

        var mean = s1 / nn;
        dest[0] = (float)mean;
        dest[1] = (float)Math.Sqrt(Math.Max(0, (s2 / nn) - (mean * mean)));
        dest[2] = Percentile(hist, nn, 0.5, bins);
        dest[3] = Percentile(hist, nn, 0.95, bins);
        dest[4] = high / (float)nn;
        var mcb = cb1 / nn;
        var mcr = cr1 / nn;
        var vcb = Math.Max(0, (cb2 / nn) - (mcb * mcb));
        var vcr = Math.Max(0, (cr2 / nn) - (mcr * mcr));
        dest[5] = (float)Math.Sqrt(vcb);
        dest[6] = (float)Math.Sqrt(vcr);
        dest[7] = (float)(chroma / nn);
        dest[8] = (float)(((cbcr / nn) - (mcb * mcr)) / Math.Sqrt((vcb * vcr) + 1e-6));
        dest[9] = saturated / (float)nn;
        dest[10] = under / (float)nn;
    }

    private static float Percentile(ReadOnlySpan<int> hist, int total, double q, int bins)
    {
        var target = q * total;
        long cumulative = 0;
        for (var i = 0; i < hist.Length; i++)
        {
            cumulative += hist[i];
            if (cumulative >= target)
            {
                return (i + 0.5f) / bins;
            }
        }

        return 1f;
    }
}
