namespace FakeLens.Audio.Features;

/// <summary>
/// Time derivatives of feature trajectories exactly as the <c>deltas.m</c> (D. Ellis) the ASVspoof baselines call:
/// Δx(t) = Σ_{k=1..h} k·(x(t+k) − x(t−k)), edges padded by repeating the first/last frame, and NOT divided by
/// Σk² (the LFCC baseline calls it with w = 3, i.e. h = 1: Δx(t) = x(t+1) − x(t−1)). The CQCC baseline's own
/// <c>Deltas</c> (HTK form) divides by 2Σk² and uses h = 3: pass <c>normalise: true</c>.
/// </summary>
public static class Deltas
{
    /// <summary>Writes the deltas of columns [<paramref name="from"/>, from + width) into [<paramref name="to"/>, to + width) of each frame.</summary>
    public static void Compute(float[][] frames, int from, int to, int width, int halfLength = 1, bool normalise = false)
    {
        ArgumentNullException.ThrowIfNull(frames);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(halfLength);
        var n = frames.Length;
        var scale = 1.0;
        if (normalise)
        {
            double sumSquares = 0;
            for (var k = 1; k <= halfLength; k++)
            {
                sumSquares += k * k;
            }

            scale = 1 / (2 * sumSquares);
        }

        for (var t = 0; t < n; t++)
        {
            var target = frames[t];
            for (var d = 0; d < width; d++)
            {
                double sum = 0;
                for (var k = 1; k <= halfLength; k++)
                {
                    var after = frames[Math.Min(n - 1, t + k)][from + d];
                    var before = frames[Math.Max(0, t - k)][from + d];
                    sum += k * (after - before);
                }

                target[to + d] = (float)(sum * scale);
            }
        }
    }
}
