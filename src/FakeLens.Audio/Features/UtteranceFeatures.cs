using FakeLens.Audio.Cues;

namespace FakeLens.Audio.Features;

/// <summary>
/// The fixed-length vector of the utterance-level speech model: over the speech frames of a stretch (all frames
/// when it holds fewer than 20), the mean and standard deviation of the 60 LFCC+Δ+ΔΔ dimensions and the 10th,
/// 50th and 90th percentiles of the 20 static coefficients (180 values), followed by the 14
/// <see cref="SpeechCues.ModelNames"/>. Everything is measured at 16 kHz after resampling, so the container rate
/// is not a feature; the native-rate bandwidth is reported as its own cue (<see cref="BandwidthCue"/>), not fed
/// to the model, because in the training data it names the data set rather than the origin. CQCC is not in the
/// vector: it tripled extraction time for no held-out gain we could measure in the time we had (docs/speech.md).
/// Version 2 appends the sub-band (4–8 kHz, 14 values) and long-term modulation (40 values) families of
/// <see cref="SpectroTemporalFeatures"/>; the first 194 values are exactly version 1, so a version-1 model (v3 and
/// older) is still scored by computing that prefix (<see cref="Compute(SpeechFrames, int, int, int)"/>).
/// </summary>
public static class UtteranceFeatures
{
    public const string FeatureSetId = "speech-utterance";

    /// <summary>Bump whenever any number in the vector changes meaning; models record it and refuse a mismatch.</summary>
    public const int Version = 2;

    /// <summary>The oldest version this build still computes (as a prefix of the current vector).</summary>
    public const int MinimumVersion = 1;

    public const int MinSpeechFrames = 20;

    private static readonly double[] Percentiles = [0.1, 0.5, 0.9];

    public static IReadOnlyList<string> Names { get; } = BuildNames();

    public static int Count => Names.Count;

    /// <summary>Length of the version-1 vector (LFCC statistics and the 14 cues).</summary>
    public static int CountV1 => (2 * LfccExtractor.Dimensions) + (LfccExtractor.Coefficients * Percentiles.Length) + SpeechCues.ModelNames.Count;

    /// <summary>Names of the vector of <paramref name="version"/> (a prefix of <see cref="Names"/>).</summary>
    public static IReadOnlyList<string> NamesOf(int version) => version switch
    {
        1 => Names.Take(CountV1).ToList(),
        Version => Names,
        _ => throw new ArgumentOutOfRangeException(nameof(version), version, $"this build computes {FeatureSetId} v{MinimumVersion}–v{Version}"),
    };

    /// <summary>The vector for frames [<paramref name="from"/>, <paramref name="to"/>) of <paramref name="frames"/>.</summary>
    public static float[] Compute(SpeechFrames frames, int from = 0, int to = int.MaxValue) => Compute(frames, from, to, Version);

    /// <summary>The vector of <paramref name="version"/> for frames [<paramref name="from"/>, <paramref name="to"/>).</summary>
    public static float[] Compute(SpeechFrames frames, int from, int to, int version)
    {
        if (version is < MinimumVersion or > Version)
        {
            throw new ArgumentOutOfRangeException(nameof(version), version, $"this build computes {FeatureSetId} v{MinimumVersion}–v{Version}");
        }

        ArgumentNullException.ThrowIfNull(frames);
        to = Math.Min(to, frames.Count);
        from = Math.Clamp(from, 0, to);
        var use = new List<int>();
        for (var t = from; t < to; t++)
        {
            if (frames.Speech[t])
            {
                use.Add(t);
            }
        }

        if (use.Count < MinSpeechFrames)
        {
            use = Enumerable.Range(from, to - from).ToList();
        }

        var result = new float[version == 1 ? CountV1 : Count];
        var dims = LfccExtractor.Dimensions;
        var n = Math.Max(1, use.Count);
        for (var d = 0; d < dims; d++)
        {
            double sum = 0, sq = 0;
            foreach (var t in use)
            {
                double v = frames.Lfcc[t][d];
                sum += v;
                sq += v * v;
            }

            var mean = sum / n;
            result[d] = (float)mean;
            result[dims + d] = (float)Math.Sqrt(Math.Max(0, (sq / n) - (mean * mean)));
        }

        var column = new float[use.Count];
        var offset = 2 * dims;
        for (var d = 0; d < LfccExtractor.Coefficients; d++)
        {
            for (var i = 0; i < use.Count; i++)
            {
                column[i] = frames.Lfcc[use[i]][d];
            }

            Array.Sort(column);
            for (var p = 0; p < Percentiles.Length; p++)
            {
                result[offset + (d * Percentiles.Length) + p] = column.Length == 0 ? 0 : column[(int)(Percentiles[p] * (column.Length - 1))];
            }
        }

        offset += LfccExtractor.Coefficients * Percentiles.Length;
        SpeechCues.Compute(frames, from, to).ModelValues().CopyTo(result, offset);
        if (version == 1)
        {
            return result;
        }

        offset += SpeechCues.ModelNames.Count;
        SpectroTemporalFeatures.SubBand(frames, use, result.AsSpan(offset, SpectroTemporalFeatures.SubBandNames.Count));
        offset += SpectroTemporalFeatures.SubBandNames.Count;
        SpectroTemporalFeatures.Modulation(frames, from, to, result.AsSpan(offset, SpectroTemporalFeatures.ModulationNames.Count));
        return result;
    }

    private static List<string> BuildNames()
    {
        var names = new List<string>();
        for (var d = 0; d < LfccExtractor.Dimensions; d++)
        {
            names.Add($"lfcc.mean.{d}");
        }

        for (var d = 0; d < LfccExtractor.Dimensions; d++)
        {
            names.Add($"lfcc.std.{d}");
        }

        for (var d = 0; d < LfccExtractor.Coefficients; d++)
        {
            foreach (var p in Percentiles)
            {
                names.Add($"lfcc.p{(int)(p * 100)}.{d}");
            }
        }

        names.AddRange(SpeechCues.ModelNames);
        names.AddRange(SpectroTemporalFeatures.SubBandNames);
        names.AddRange(SpectroTemporalFeatures.ModulationNames);
        return names;
    }
}
