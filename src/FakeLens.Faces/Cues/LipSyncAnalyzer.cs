namespace FakeLens.Faces.Cues;

// Lip-sync, in the spirit of SyncNet (Chung & Zisserman 2016, "Out of time: automated lip sync in the wild") but
// without a learned embedding: the mouth opening from the mesh (inner-lip gap over mouth width) is correlated
// with the audio loudness (RMS in dB, averaged over each frame's interval) at lags of up to ±0.5 s. Speech
// loudness rises as the jaw opens, so a real talking head correlates positively with a peak near zero lag
// (broadcast tolerance is about −125…+45 ms, ITU-R BT.1359; at 10 fps one frame is 100 ms). Dubbed, re-voiced
// or badly lip-synced fakes show a shifted peak or no relation at all. A face that is not the speaker also shows
// no relation, which is why "no relation" is only weak evidence.
public static class LipSyncAnalyzer
{
    public const double MaxLagSeconds = 0.5;
    public const double MinSeconds = 4;

    /// <summary>
    /// Correlates <paramref name="mouth"/> (one value per frame, NaN = no face) with <paramref name="loudnessDb"/>
    /// (the audio loudness at the same frames, NaN = no audio), frames <paramref name="step"/> seconds apart.
    /// </summary>
    public static LipSyncStatistics Analyze(IReadOnlyList<double> mouth, IReadOnlyList<double> loudnessDb, double step)
    {
        ArgumentNullException.ThrowIfNull(mouth);
        ArgumentNullException.ThrowIfNull(loudnessDb);
        var both = 0;
        var speech = 0;
        var loudest = Series.Percentile(loudnessDb, 0.95);
        for (var i = 0; i < Math.Min(mouth.Count, loudnessDb.Count); i++)
        {
            if (!double.IsNaN(mouth[i]) && !double.IsNaN(loudnessDb[i]))
            {
                both++;
                if (loudnessDb[i] > loudest - 20 && loudnessDb[i] > -50)
                {
                    speech++;
                }
            }
        }

        var maxLag = (int)Math.Round(MaxLagSeconds / step);
        double peak = double.NaN;
        var peakLag = 0;
        for (var lag = -maxLag; lag <= maxLag; lag++)
        {
            var c = Series.Correlation(mouth, loudnessDb, lag);
            if (!double.IsNaN(c) && (double.IsNaN(peak) || c > peak || (c == peak && Math.Abs(lag) < Math.Abs(peakLag))))
            {
                peak = c;
                peakLag = lag;
            }
        }

        return new LipSyncStatistics(peak, peakLag * step, Series.Correlation(mouth, loudnessDb, 0), Series.Std(mouth), both > 0 ? speech / (double)both : 0, both * step);
    }

    /// <summary>Loudness in dB (RMS, floor −90) of the audio envelope averaged over [t − step/2, t + step/2) per frame time.</summary>
    public static double[] LoudnessAt(SpeechEnvelope audio, IReadOnlyList<double> times, double step)
    {
        ArgumentNullException.ThrowIfNull(audio);
        ArgumentNullException.ThrowIfNull(times);
        var result = new double[times.Count];
        for (var i = 0; i < times.Count; i++)
        {
            var a = (int)Math.Floor((times[i] - (step / 2)) / audio.StepSeconds);
            var b = (int)Math.Floor((times[i] + (step / 2)) / audio.StepSeconds);
            a = Math.Max(a, 0);
            b = Math.Min(b, audio.Rms.Count);
            if (b <= a)
            {
                result[i] = double.NaN;
                continue;
            }

            double energy = 0;
            for (var k = a; k < b; k++)
            {
                energy += audio.Rms[k] * (double)audio.Rms[k];
            }

            result[i] = 10 * Math.Log10(Math.Max(energy / (b - a), 1e-9));
        }

        return result;
    }
}
