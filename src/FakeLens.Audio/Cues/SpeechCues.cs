namespace FakeLens.Audio.Cues;

/// <summary>
/// Interpretable statistics of a stretch of <see cref="SpeechFrames"/> (speech frames only where it matters).
/// Jitter and shimmer are frame-level approximations of the Praat "local" measures: the mean absolute change of
/// the pitch period (of the RMS amplitude) between consecutive voiced 10 ms frames, divided by the mean period
/// (amplitude). Real voices waver; many vocoders and all diphone synthesisers are steadier.
/// </summary>
public sealed record SpeechCues
{
    public required double SpeechSeconds { get; init; }

    public required double FlatnessMean { get; init; }

    public required double FlatnessStd { get; init; }

    public required double HighBandDbMean { get; init; }

    public required double HighBandDbStd { get; init; }

    public required double GroupDelayMean { get; init; }

    public required double GroupDelayStd { get; init; }

    public required double F0Median { get; init; }

    public required double F0StdSemitones { get; init; }

    public required double Jitter { get; init; }

    public required double Shimmer { get; init; }

    public required double VoicedFraction { get; init; }

    /// <summary>Level of the pauses (10th percentile of non-speech frame energy) below the median speech level, in dB (negative).</summary>
    public required double PauseLevelDb { get; init; }

    /// <summary>Share of frames that are digital silence (below −100 dBFS).</summary>
    public required double DigitalSilence { get; init; }

    public required double RepeatedFraction { get; init; }

    public required double EnergyStdDb { get; init; }

    /// <summary>Cue values in model order (see <see cref="ModelNames"/>); F0 median and speech duration are left out (voice and length, not origin).</summary>
    public float[] ModelValues() =>
    [
        (float)FlatnessMean, (float)FlatnessStd, (float)HighBandDbMean, (float)HighBandDbStd, (float)GroupDelayMean, (float)GroupDelayStd,
        (float)F0StdSemitones, (float)Jitter, (float)Shimmer, (float)VoicedFraction, (float)PauseLevelDb, (float)DigitalSilence,
        (float)RepeatedFraction, (float)EnergyStdDb,
    ];

    public static IReadOnlyList<string> ModelNames { get; } =
    [
        "cue.flatness_mean", "cue.flatness_std", "cue.highband4k_db_mean", "cue.highband4k_db_std", "cue.group_delay_mean", "cue.group_delay_std",
        "cue.f0_std_semitones", "cue.jitter", "cue.shimmer", "cue.voiced_fraction", "cue.pause_level_db", "cue.digital_silence",
        "cue.repeated_fraction", "cue.energy_std_db",
    ];

    /// <summary>Cues of frames [<paramref name="from"/>, <paramref name="to"/>).</summary>
    public static SpeechCues Compute(SpeechFrames frames, int from = 0, int to = int.MaxValue)
    {
        ArgumentNullException.ThrowIfNull(frames);
        to = Math.Min(to, frames.Count);
        from = Math.Clamp(from, 0, to);
        var speech = new List<int>();
        var pauses = new List<double>();
        var silent = 0;
        for (var t = from; t < to; t++)
        {
            if (frames.Speech[t])
            {
                speech.Add(t);
            }
            else
            {
                pauses.Add(frames.EnergyDb[t]);
            }

            silent += frames.EnergyDb[t] <= -100 ? 1 : 0;
        }

        // Too little speech: describe all frames rather than nothing (reliability says so elsewhere).
        var use = speech.Count >= 20 ? speech : Enumerable.Range(from, to - from).ToList();
        var (fm, fs) = MeanStd(use, t => frames.Flatness[t]);
        var (hm, hs) = MeanStd(use, t => frames.HighBandDb[t]);
        var (gm, gs) = MeanStd(use, t => frames.GroupDelayIrregularity[t]);
        var (_, es) = MeanStd(use, t => frames.EnergyDb[t]);
        var voiced = use.Where(t => frames.F0[t] > 0).ToList();
        var semitones = voiced.Select(t => 12 * Math.Log2(frames.F0[t] / 100.0)).ToList();
        double jitterSum = 0, periodSum = 0, shimmerSum = 0, ampSum = 0;
        var pairs = 0;
        for (var i = 1; i < voiced.Count; i++)
        {
            if (voiced[i] != voiced[i - 1] + 1)
            {
                continue;
            }

            var p0 = 1 / frames.F0[voiced[i - 1]];
            var p1 = 1 / frames.F0[voiced[i]];
            jitterSum += Math.Abs(p1 - p0);
            periodSum += p1;
            shimmerSum += Math.Abs(frames.Amplitude[voiced[i]] - frames.Amplitude[voiced[i - 1]]);
            ampSum += frames.Amplitude[voiced[i]];
            pairs++;
        }

        var speechLevels = use.Select(t => (double)frames.EnergyDb[t]).OrderBy(v => v).ToList();
        var speechMedian = speechLevels.Count == 0 ? -120 : speechLevels[speechLevels.Count / 2];
        double pauseLevel;
        if (pauses.Count >= 5)
        {
            pauses.Sort();
            pauseLevel = pauses[(int)(0.1 * (pauses.Count - 1))] - speechMedian;
        }
        else
        {
            pauseLevel = speechLevels.Count == 0 ? 0 : speechLevels[(int)(0.05 * (speechLevels.Count - 1))] - speechMedian;
        }

        return new SpeechCues
        {
            SpeechSeconds = speech.Count * SpeechFrames.HopSeconds,
            FlatnessMean = fm,
            FlatnessStd = fs,
            HighBandDbMean = hm,
            HighBandDbStd = hs,
            GroupDelayMean = gm,
            GroupDelayStd = gs,
            F0Median = voiced.Count == 0 ? 0 : voiced.Select(t => (double)frames.F0[t]).OrderBy(v => v).ElementAt(voiced.Count / 2),
            F0StdSemitones = semitones.Count < 2 ? 0 : Std(semitones),
            Jitter = pairs == 0 || periodSum <= 0 ? 0 : jitterSum / periodSum,
            Shimmer = pairs == 0 || ampSum <= 0 ? 0 : shimmerSum / ampSum,
            VoicedFraction = use.Count == 0 ? 0 : voiced.Count / (double)use.Count,
            PauseLevelDb = Math.Clamp(pauseLevel, -120, 0),
            DigitalSilence = to > from ? silent / (double)(to - from) : 0,
            RepeatedFraction = speech.Count == 0 ? 0 : speech.Count(t => frames.Repeated[t]) / (double)speech.Count,
            EnergyStdDb = es,
        };
    }

    private static (double Mean, double Std) MeanStd(List<int> frames, Func<int, float> value)
    {
        if (frames.Count == 0)
        {
            return (0, 0);
        }

        double sum = 0, sq = 0;
        foreach (var t in frames)
        {
            double v = value(t);
            sum += v;
            sq += v * v;
        }

        var mean = sum / frames.Count;
        return (mean, Math.Sqrt(Math.Max(0, (sq / frames.Count) - (mean * mean))));
    }

    private static double Std(List<double> values)
    {
        var mean = values.Average();
        return Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / values.Count);
    }
}
