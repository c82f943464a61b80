using FakeLens.Audio.Augmentation;
using FakeLens.Audio.Cues;
using FakeLens.Audio.Decoding;
using FakeLens.Audio.Features;
using FakeLens.Audio.Vocoding;
using FakeLens.Core.Detection;

namespace FakeLens.Learning.Speech;

/// <summary>
/// Decodes clips (resampled to 16 kHz by <see cref="AudioDecoder"/>), trims them randomly (both classes), optionally
/// adds a vocoded copy of each real clip and passes every row through a random or fixed codec, then measures
/// <see cref="SpeechFrames"/> and the <see cref="UtteranceFeatures"/> vector: the same code that <c>scan</c> runs.
/// Randomness is seeded per clip (seed, index), so results do not depend on thread scheduling.
/// </summary>
public static class SpeechFeatureExtraction
{
    public static (List<SpeechRow> Rows, List<string> Failures) Extract(IReadOnlyList<SpeechSample> samples, SpeechExtractionOptions options, Action<string>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(samples);
        ArgumentNullException.ThrowIfNull(options);
        var perSample = new List<SpeechRow>?[samples.Count];
        var failures = new string?[samples.Count];
        var done = 0;
        Parallel.For(0, samples.Count, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, options.Threads), CancellationToken = cancellationToken }, i =>
        {
            try
            {
                perSample[i] = ExtractOne(i, samples[i], options, cancellationToken);
            }
            catch (Exception e) when (e is MediaException or IOException or InvalidDataException or ArgumentException)
            {
                failures[i] = $"{samples[i].Path}: {e.Message}";
            }

            var n = Interlocked.Increment(ref done);
            if (n % 100 == 0)
            {
                progress?.Invoke($"  {n}/{samples.Count} clips analysed ({options.Codec.Name}{(options.Augment ? ", augmented" : string.Empty)}{(options.Vocoded ? ", + vocoded" : string.Empty)})");
            }
        });
        return (perSample.Where(r => r is not null).SelectMany(r => r!).ToList(), failures.Where(f => f is not null).Select(f => f!).ToList());
    }

    private static List<SpeechRow> ExtractOne(int index, SpeechSample sample, SpeechExtractionOptions options, CancellationToken cancellationToken)
    {
        var random = new Random(unchecked((options.Seed * 100_003) + index));
        var audio = AudioDecoder.DecodeFile(sample.Path, cancellationToken);
        var rate = SpeechAudio.AnalysisRate;
        var trimmed = SpeechAugmentation.RandomTrim(audio.Samples, rate, random);
        var variants = new List<(float[] Samples, bool Fake, string Family)> { (trimmed, sample.IsFake, sample.Family) };
        if (options.Vocoded && !sample.IsFake)
        {
            variants.Add((GriffinLimVocoder.Resynthesize(trimmed, rate, options.Seed + index, cancellationToken: cancellationToken), true, "vocoded"));
        }

        var rows = new List<SpeechRow>(variants.Count);
        foreach (var (x, fake, family) in variants)
        {
            float[] y;
            CodecCondition codec;
            if (options.Augment)
            {
                (y, codec) = SpeechAugmentation.Augment(x, rate, random);
            }
            else
            {
                codec = options.Codec;
                y = codec.Apply(x, rate);
            }

            var frames = SpeechFrames.Analyze(y, cancellationToken);
            rows.Add(new SpeechRow(index, sample, fake, family, codec.Name, UtteranceFeatures.Compute(frames), GmmFrames(frames, options.MaxGmmFrames, random), frames.SpeechSeconds));
        }

        return rows;
    }

    /// <summary>Speech frames (all frames when there are under 20) spread evenly, at most <paramref name="max"/>.</summary>
    public static float[][] GmmFrames(SpeechFrames frames, int max, Random? random = null)
    {
        ArgumentNullException.ThrowIfNull(frames);
        var speech = new List<int>();
        for (var t = 0; t < frames.Count; t++)
        {
            if (frames.Speech[t])
            {
                speech.Add(t);
            }
        }

        if (speech.Count < UtteranceFeatures.MinSpeechFrames)
        {
            speech = Enumerable.Range(0, frames.Count).ToList();
        }

        if (speech.Count <= max)
        {
            return speech.Select(t => frames.Lfcc[t]).ToArray();
        }

        var offset = random?.NextDouble() ?? 0.5;
        return Enumerable.Range(0, max).Select(i => frames.Lfcc[speech[(int)((i + offset) * speech.Count / max)]]).ToArray();
    }
}
