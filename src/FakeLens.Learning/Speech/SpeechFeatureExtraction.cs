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
/// Randomness is seeded per clip (seed, file name), so results do not depend on thread scheduling.
/// </summary>
public static class SpeechFeatureExtraction
{
    public static (List<SpeechRow> Rows, List<string> Failures) Extract(IReadOnlyList<SpeechSample> samples, SpeechExtractionOptions options, Action<string>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(samples);
        ArgumentNullException.ThrowIfNull(options);
        if (!options.Augment && !options.Codec.IsClean && !options.Codec.IsChannel)
        {
            return ExtractStreamed(samples, options, progress, cancellationToken);
        }

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
        if (options.CacheDirectory is null)
        {
            return Compute(index, sample, options, cancellationToken);
        }

        var file = Path.Combine(options.CacheDirectory, CacheKey(sample, options) + ".rows");
        if (ReadCached(file, index, sample, options) is { } cached)
        {
            return cached;
        }

        var rows = Compute(index, sample, options, cancellationToken);
        Directory.CreateDirectory(options.CacheDirectory);
        FeatureCache.Write(file, rows);
        return rows;
    }

    /// <summary>
    /// The cached rows of one clip: the file under its content key, or else under the key earlier builds wrote (file
    /// time instead of content), which is then written again under the content key. Null when neither is readable.
    /// </summary>
    private static List<SpeechRow>? ReadCached(string file, int index, SpeechSample sample, SpeechExtractionOptions options)
    {
        var legacy = Path.Combine(options.CacheDirectory!, LegacyCacheKey(sample, options) + ".rows");
        foreach (var candidate in (string[])[file, legacy])
        {
            if (!File.Exists(candidate))
            {
                continue;
            }

            try
            {
                var rows = FeatureCache.Read(candidate, index, sample);
                if (!ReferenceEquals(candidate, file))
                {
                    FeatureCache.Write(file, rows);
                }

                return rows;
            }
            catch (Exception e) when (e is IOException or InvalidDataException or EndOfStreamException or UnauthorizedAccessException)
            {
                // A torn or unreadable cache file is recomputed by the caller.
            }
        }

        return null;
    }

    /// <summary>SHA-256 of each clip's bytes, per (path, size, time), so a run hashes a clip once for all its conditions.</summary>
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<(string Path, long Length, long Ticks), string> ContentHashes = new();

    /// <summary>
    /// Identifies one clip's rows: file (path, size, content hash), seed, condition and the feature version. The content
    /// hash, not the file time, so a clip copied afresh (the shared data is provisioned anew for every session) keeps
    /// its rows.
    /// </summary>
    internal static string CacheKey(SpeechSample sample, SpeechExtractionOptions options)
    {
        var info = new FileInfo(sample.Path);
        var hash = ContentHashes.GetOrAdd((Path.GetFullPath(sample.Path), info.Length, info.LastWriteTimeUtc.Ticks), k =>
        {
            using var stream = File.OpenRead(k.Path);
            return Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(stream));
        });
        return Key(sample, options, $"{info.Length}|sha256:{hash}");
    }

    /// <summary>The key of builds before the content hash: size and file time.</summary>
    internal static string LegacyCacheKey(SpeechSample sample, SpeechExtractionOptions options)
    {
        var info = new FileInfo(sample.Path);
        return Key(sample, options, $"{info.Length}|{info.LastWriteTimeUtc.Ticks}");
    }

    private static string Key(SpeechSample sample, SpeechExtractionOptions options, string fileId)
    {
        var key = $"{Path.GetFullPath(sample.Path)}|{fileId}|{options.Seed}|{options.Augment}|{options.Vocoded}|{options.Codec.Name}{(options.Codec.IsClean || options.Codec.IsChannel ? string.Empty : "|aligned")}{(options.Vad == VoiceActivityKind.Silero ? "|silero" : string.Empty)}|{options.MaxGmmFrames}|{UtteranceFeatures.FeatureSetId}{UtteranceFeatures.Version}|{sample.IsFake}|{sample.Family}";
        return Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(key)))[..32];
    }

    /// <summary>Clips per ffmpeg stream in <see cref="ExtractStreamed"/>: bounds memory (≈ 250 clips of ≤ 10 s at 16 kHz).</summary>
    private const int StreamClips = 250;

    /// <summary>
    /// A fixed lossy codec without augmentation: clips not in the cache are decoded and trimmed exactly as in
    /// <see cref="Compute"/> (same per-clip randomness), then pass through the codec <see cref="StreamClips"/> at a time
    /// in one ffmpeg encode/decode (<see cref="CodecStream"/>), then become rows in parallel.
    /// </summary>
    private static (List<SpeechRow> Rows, List<string> Failures) ExtractStreamed(IReadOnlyList<SpeechSample> samples, SpeechExtractionOptions options, Action<string>? progress, CancellationToken cancellationToken)
    {
        var perSample = new List<SpeechRow>?[samples.Count];
        var failures = new string?[samples.Count];
        var pending = new List<int>();
        for (var i = 0; i < samples.Count; i++)
        {
            if (options.CacheDirectory is not null && File.Exists(samples[i].Path)
                && ReadCached(Path.Combine(options.CacheDirectory, CacheKey(samples[i], options) + ".rows"), i, samples[i], options) is { } cached)
            {
                perSample[i] = cached;
                continue;
            }

            pending.Add(i);
        }

        progress?.Invoke($"  {samples.Count - pending.Count}/{samples.Count} clips cached ({options.Codec.Name}); {pending.Count} through one ffmpeg stream per {StreamClips} clips");
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, options.Threads), CancellationToken = cancellationToken };
        for (var b = 0; b < pending.Count; b += StreamClips)
        {
            var batch = pending.Skip(b).Take(StreamClips).ToList();
            var prepared = new Prepared?[batch.Count];
            Parallel.For(0, batch.Count, parallel, j =>
            {
                try
                {
                    prepared[j] = Prepare(samples[batch[j]], options, cancellationToken);
                }
                catch (Exception e) when (e is MediaException or IOException or InvalidDataException or ArgumentException)
                {
                    failures[batch[j]] = $"{samples[batch[j]].Path}: {e.Message}";
                }
            });

            var clips = prepared.Where(p => p is not null).SelectMany(p => p!.Variants.Select(v => v.Samples)).ToList();
            var coded = options.Codec.ApplyMany(clips, SpeechAudio.AnalysisRate);
            var next = 0;
            var slots = new int[batch.Count];
            for (var j = 0; j < batch.Count; j++)
            {
                slots[j] = next;
                next += prepared[j]?.Variants.Count ?? 0;
            }

            Parallel.For(0, batch.Count, parallel, j =>
            {
                if (prepared[j] is not { } p)
                {
                    return;
                }

                var i = batch[j];
                var rows = Finish(i, samples[i], p, Enumerable.Range(slots[j], p.Variants.Count).Select(k => coded[k]).ToList(), options.Codec, options, cancellationToken);
                if (options.CacheDirectory is not null)
                {
                    Directory.CreateDirectory(options.CacheDirectory);
                    FeatureCache.Write(Path.Combine(options.CacheDirectory, CacheKey(samples[i], options) + ".rows"), rows);
                }

                perSample[i] = rows;
            });
            progress?.Invoke($"  {Math.Min(pending.Count, b + StreamClips)}/{pending.Count} clips analysed ({options.Codec.Name}, streamed)");
        }

        return (perSample.Where(r => r is not null).SelectMany(r => r!).ToList(), failures.Where(f => f is not null).Select(f => f!).ToList());
    }

    /// <summary>A decoded, trimmed clip (and its vocoded copy) before the codec, with the clip's random state.</summary>
    private sealed record Prepared(List<(float[] Samples, bool Fake, string Family)> Variants, Random Random);

    private static Prepared Prepare(SpeechSample sample, SpeechExtractionOptions options, CancellationToken cancellationToken)
    {
        // Per-clip randomness from the seed and the file's name, so that a clip's trims and codecs do not change
        // when other clips are added to or removed from the set (and cached rows stay valid).
        var random = new Random(unchecked((options.Seed * 100_003) + (int)StableHash(Path.GetFileName(Path.GetDirectoryName(sample.Path)) + "/" + Path.GetFileName(sample.Path))));
        var audio = AudioDecoder.DecodeFile(sample.Path, cancellationToken);
        var rate = SpeechAudio.AnalysisRate;
        var trimmed = SpeechAugmentation.RandomTrim(audio.Samples, rate, random);
        var variants = new List<(float[] Samples, bool Fake, string Family)> { (trimmed, sample.IsFake, sample.Family) };
        if (options.Vocoded && !sample.IsFake)
        {
            variants.Add((GriffinLimVocoder.Resynthesize(trimmed, rate, options.Seed + (int)(StableHash(sample.Path) % 100_000), cancellationToken: cancellationToken), true, "vocoded"));
        }

        return new Prepared(variants, random);
    }

    private static List<SpeechRow> Finish(int index, SpeechSample sample, Prepared prepared, IReadOnlyList<float[]> coded, CodecCondition codec, SpeechExtractionOptions options, CancellationToken cancellationToken)
    {
        var rows = new List<SpeechRow>(coded.Count);
        for (var k = 0; k < coded.Count; k++)
        {
            var (_, fake, family) = prepared.Variants[k];
            var frames = SpeechFrames.Analyze(coded[k], options.Vad, cancellationToken);
            rows.Add(new SpeechRow(index, sample, fake, family, codec.Name, UtteranceFeatures.Compute(frames), GmmFrames(frames, options.MaxGmmFrames, prepared.Random), frames.SpeechSeconds));
        }

        return rows;
    }

    private static List<SpeechRow> Compute(int index, SpeechSample sample, SpeechExtractionOptions options, CancellationToken cancellationToken)
    {
        var prepared = Prepare(sample, options, cancellationToken);
        var rate = SpeechAudio.AnalysisRate;
        var rows = new List<SpeechRow>(prepared.Variants.Count);
        foreach (var (x, fake, family) in prepared.Variants)
        {
            float[] y;
            CodecCondition codec;
            if (options.Augment)
            {
                (y, codec) = SpeechAugmentation.Augment(x, rate, prepared.Random);
            }
            else
            {
                codec = options.Codec;
                y = codec.Apply(x, rate);
            }

            var frames = SpeechFrames.Analyze(y, options.Vad, cancellationToken);
            rows.Add(new SpeechRow(index, sample, fake, family, codec.Name, UtteranceFeatures.Compute(frames), GmmFrames(frames, options.MaxGmmFrames, prepared.Random), frames.SpeechSeconds));
        }

        return rows;
    }

    private static uint StableHash(string text)
    {
        var h = 2166136261u;
        foreach (var ch in text)
        {
            h = (h ^ ch) * 16777619u;
        }

        return h;
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
