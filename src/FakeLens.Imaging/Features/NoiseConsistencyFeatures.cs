namespace FakeLens.Imaging.Features;

// Patch noise-level consistency. A camera's noise follows the sensor (signal-dependent shot noise: brighter is
// noisier) and is similar across a patch; a generator's synthetic grain often is not. Residual: luma minus
// the mean of its 4 neighbours; per block (8 × 8 blocks per patch, 32 px at 256) σ = 1.4826 × median |r|
// (robust to edges). Features: median log σ, robust spread (MAD) and 10–90 % range of log σ, the correlation
// between block brightness and log σ, and the share of nearly noiseless blocks (σ < 0.5).
internal static class NoiseConsistencyFeatures
{
    public const int Count = 5;

    public static IEnumerable<string> Names() => ["noise.log-sigma", "noise.spread", "noise.range", "noise.brightness-corr", "noise.flat"];

    public static void Compute(PatchPlanes planes, Span<float> dest)
    {
        var n = planes.Size;
        var y = planes.Y;
        var blocksPerSide = 8;
        var block = n / blocksPerSide;
        var count = blocksPerSide * blocksPerSide;
        var logSigma = new float[count];
        var brightness = new float[count];
        var scratch = new float[block * block];
        for (var by = 0; by < blocksPerSide; by++)
        {
            for (var bx = 0; bx < blocksPerSide; bx++)
            {
                var k = 0;
                double sum = 0;
                for (var r = by * block; r < (by + 1) * block; r++)
                {
                    var up = Math.Max(0, r - 1) * n;
                    var row = r * n;
                    var down = Math.Min(n - 1, r + 1) * n;
                    for (var c = bx * block; c < (bx + 1) * block; c++)
                    {
                        var left = Math.Max(0, c - 1);
                        var right = Math.Min(n - 1, c + 1);
                        var v = y[row + c];
                        sum += v;
                        scratch[k++] = MathF.Abs(v - (0.25f * (y[up + c] + y[down + c] + y[row + left] + y[row + right])));
                    }
                }

                var span = scratch.AsSpan(0, k);
                span.Sort();
                var sigma = 1.4826f * span[k / 2];
                logSigma[(by * blocksPerSide) + bx] = MathF.Log(sigma + 0.05f);
                brightness[(by * blocksPerSide) + bx] = (float)(sum / k);
            }
        }

        var sorted = (float[])logSigma.Clone();
        Array.Sort(sorted);
        var median = sorted[count / 2];
        var deviations = new float[count];
        var flat = 0;
        for (var i = 0; i < count; i++)
        {
            deviations[i] = MathF.Abs(logSigma[i] - median);
            flat += logSigma[i] < MathF.Log(0.55f) ? 1 : 0;
        }

        Array.Sort(deviations);
        dest[0] = median;
        dest[1] = deviations[count / 2];
        dest[2] = sorted[(int)(0.9 * (count - 1))] - sorted[(int)(0.1 * (count - 1))];
        dest[3] = Correlation(brightness, logSigma);
        dest[4] = flat / (float)count;
    }

    private static float Correlation(float[] a, float[] b)
    {
        double ma = 0, mb = 0;
        for (var i = 0; i < a.Length; i++)
        {
            ma += a[i];
            mb += b[i];
        }

        ma /= a.Length;
        mb /= b.Length;
        double sab = 0, saa = 0, sbb = 0;
        for (var i = 0; i < a.Length; i++)
        {
            sab += (a[i] - ma) * (b[i] - mb);
            saa += (a[i] - ma) * (a[i] - ma);
            sbb += (b[i] - mb) * (b[i] - mb);
        }

        return saa < 1e-9 || sbb < 1e-9 ? 0f : (float)(sab / Math.Sqrt(saa * sbb));
    }
}
