namespace FakeLens.TestSupport;

/// <summary>Audio signals synthesised for tests, shared by the audio and the audio-watermark tests.</summary>
public static class SyntheticSignals
{
    /// <summary>
    /// A speech-like harmonic buzz: 30 harmonics of a fundamental gliding 170 ± 50 Hz, a 4 Hz syllable envelope,
    /// a 0.3 s pause every 1.7 s, plus faint uniform noise (seeded, so the same call gives the same samples).
    /// </summary>
    public static float[] Speech(int rate, double seconds, int seed = 7)
    {
        var random = new Random(seed);
        var x = new float[(int)(rate * seconds)];
        double phase = 0;
        for (var i = 0; i < x.Length; i++)
        {
            var t = i / (double)rate;
            var f0 = 170 + (50 * Math.Sin(2 * Math.PI * 0.3 * t));
            phase += 2 * Math.PI * f0 / rate;
            double v = 0;
            for (var h = 1; h <= 30 && h * f0 < rate / 2.0; h++)
            {
                v += Math.Sin(h * phase) / h;
            }

            var envelope = Math.Max(0, Math.Sin(2 * Math.PI * 2 * t));
            var pause = (t % 1.7) > 1.4 ? 0.02 : 1;
            x[i] = (float)((0.25 * v * envelope * pause) + (0.01 * ((random.NextDouble() * 2) - 1)));
        }

        return x;
    }
}
