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
        var wantBlock = options.Blocks.HasFlag(SpeechFeatureBlocks.ResNetSpec);
        if (options.CacheDirectory is null)
        {
            var (computed, blocks) = Compute(index, sample, options, wantBlock, cancellationToken);
            return Compose(computed, blocks, options.Blocks);
        }

        var file = Path.Combine(options.CacheDirectory, CacheKey(sample, options) + ".rows");
        var blockFile = Path.Combine(options.CacheDirectory, BlockCacheKey(sample, options) + ".block");
        var rows = ReadCached(file, index, sample, options);
        var block = wantBlock ? ReadCachedBlock(blockFile, sample, options, rows?.Count) : null;
        if (rows is not null && (!wantBlock || block is not null))
        {
            return Compose(rows, block, options.Blocks);
        }

        // With augmentation the clip's random draws interleave codecs and GMM frames, so the signal behind cached rows
        // is only reproduced by recomputing the rows too; without it the rows are kept and only the block is computed.
        var (fresh, freshBlock) = Compute(index, sample, options, wantBlock && block is null, cancellationToken, skipRows: rows is not null && !options.Augment);
        Directory.CreateDirectory(options.CacheDirectory);
        if (rows is null || options.Augment)
        {
            rows = fresh;
            FeatureCache.Write(file, rows);
        }

        if (wantBlock && block is null)
        {
            block = freshBlock;
            FeatureCache.WriteBlock(blockFile, block!);
        }

        return Compose(rows, block, options.Blocks);
    }

    private static List<SpeechRow>? TryRead(string file, int index, SpeechSample sample)
    {
        if (!File.Exists(file))
        {
            return null;
        }

        try
        {
            return FeatureCache.Read(file, index, sample);
        }
        catch (Exception e) when (e is IOException or InvalidDataException or EndOfStreamException)
        {
            return null; // A torn cache file is recomputed.
        }
    }

    private static float[][]? TryReadBlock(string file, int? rows)
    {
        if (!File.Exists(file))
        {
            return null;
        }

        try
        {
            var block = FeatureCache.ReadBlock(file);
            return rows is { } n && block.Length != n ? null : block;
        }
        catch (Exception e) when (e is IOException or InvalidDataException or EndOfStreamException)
        {
            return null;
        }
    }

    /// <summary>Each row's vector made of the chosen blocks: the utterance vector, the <c>resnet-spec</c> block, or both in that order.</summary>
    internal static List<SpeechRow> Compose(List<SpeechRow> rows, float[][]? block, SpeechFeatureBlocks blocks)
    {
        if (!blocks.HasFlag(SpeechFeatureBlocks.ResNetSpec))
        {
            return rows;
        }

        if (block is null || block.Length != rows.Count)
        {
            throw new InvalidOperationException("the resnet-spec block is missing for some rows");
        }

        return rows.Select((r, k) => r with { Features = blocks.HasFlag(SpeechFeatureBlocks.Utterance) ? [.. r.Features, .. block[k]] : block[k] }).ToList();
    }

    /// <summary>
    /// The cached rows of one clip: the file under its content key, or else under the key earlier builds wrote (file
    /// time instead of content), which is then written again under the content key. Null when neither is readable.
    /// </summary>
    private static List<SpeechRow>? ReadCached(string file, int index, SpeechSample sample, SpeechExtractionOptions options)
    {
        if (TryRead(file, index, sample) is { } rows)
        {
            return rows;
        }

        if (TryRead(Path.Combine(options.CacheDirectory!, LegacyCacheKey(sample, options) + ".rows"), index, sample) is { } adopted)
        {
            FeatureCache.Write(file, adopted);
            return adopted;
        }

        return null;
    }

    /// <summary>The cached <c>resnet-spec</c> block of one clip, under the content key or else the earlier time key (then adopted).</summary>
    private static float[][]? ReadCachedBlock(string file, SpeechSample sample, SpeechExtractionOptions options, int? rows)
    {
        if (TryReadBlock(file, rows) is { } block)
        {
            return block;
        }

        if (TryReadBlock(Path.Combine(options.CacheDirectory!, BlockKey(LegacyCacheKey(sample, options)) + ".block"), rows) is { } adopted)
        {
            FeatureCache.WriteBlock(file, adopted);
            return adopted;
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

    /// <summary>The <c>resnet-spec</c> block of the same rows: the rows' key with the block's id and version.</summary>
    private static string BlockCacheKey(SpeechSample sample, SpeechExtractionOptions options) => BlockKey(CacheKey(sample, options));

    private static string BlockKey(string rowsKey)
    {
        var key = $"{rowsKey}|{ResNetSpectrogramFeatures.BlockId}|{ResNetSpectrogramFeatures.Version}";
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
        var perBlock = new float[][]?[samples.Count];
        var failures = new string?[samples.Count];
        var pending = new List<int>();
        var wantBlock = options.Blocks.HasFlag(SpeechFeatureBlocks.ResNetSpec);
        for (var i = 0; i < samples.Count; i++)
        {
            if (options.CacheDirectory is not null && File.Exists(samples[i].Path))
            {
                perSample[i] = ReadCached(Path.Combine(options.CacheDirectory, CacheKey(samples[i], options) + ".rows"), i, samples[i], options);
                perBlock[i] = wantBlock ? ReadCachedBlock(Path.Combine(options.CacheDirectory, BlockCacheKey(samples[i], options) + ".block"), samples[i], options, perSample[i]?.Count) : null;
                if (perSample[i] is not null && (!wantBlock || perBlock[i] is not null))
                {
                    continue;
                }
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
                var signals = Enumerable.Range(slots[j], p.Variants.Count).Select(k => coded[k]).ToList();
                if (perSample[i] is null)
                {
                    var rows = Finish(i, samples[i], p, signals, options.Codec, options, cancellationToken);
                    if (options.CacheDirectory is not null)
                    {
                        Directory.CreateDirectory(options.CacheDirectory);
                        FeatureCache.Write(Path.Combine(options.CacheDirectory, CacheKey(samples[i], options) + ".rows"), rows);
                    }

                    perSample[i] = rows;
                }

                if (wantBlock && perBlock[i] is null)
                {
                    var block = signals.Select(x => ResNetSpectrogramFeatures.Compute(x, cancellationToken)).ToArray();
                    if (options.CacheDirectory is not null)
                    {
                        Directory.CreateDirectory(options.CacheDirectory);
                        FeatureCache.WriteBlock(Path.Combine(options.CacheDirectory, BlockCacheKey(samples[i], options) + ".block"), block);
                    }

                    perBlock[i] = block;
                }
            });
            progress?.Invoke($"  {Math.Min(pending.Count, b + StreamClips)}/{pending.Count} clips analysed ({options.Codec.Name}, streamed)");
        }

        return (perSample.Select((r, i) => r is null ? null : Compose(r, perBlock[i], options.Blocks)).Where(r => r is not null).SelectMany(r => r!).ToList(), failures.Where(f => f is not null).Select(f => f!).ToList());
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

    /// <summary>
    /// One clip's rows (unless <paramref name="skipRows"/>) and, when <paramref name="block"/> is set, the
    /// <c>resnet-spec</c> block of each row's signal (after the same trim and codec).
    /// </summary>
    private static (List<SpeechRow> Rows, float[][]? Block) Compute(int index, SpeechSample sample, SpeechExtractionOptions options, bool block, CancellationToken cancellationToken, bool skipRows = false)
    {
        var prepared = Prepare(sample, options, cancellationToken);
        var rate = SpeechAudio.AnalysisRate;
        var rows = new List<SpeechRow>(prepared.Variants.Count);
        var blocks = block ? new float[prepared.Variants.Count][] : null;
        for (var k = 0; k < prepared.Variants.Count; k++)
        {
            var (x, fake, family) = prepared.Variants[k];
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

            if (blocks is not null)
            {
                blocks[k] = ResNetSpectrogramFeatures.Compute(y, cancellationToken);
            }

            if (!skipRows)
            {
                var frames = SpeechFrames.Analyze(y, options.Vad, cancellationToken);
                rows.Add(new SpeechRow(index, sample, fake, family, codec.Name, UtteranceFeatures.Compute(frames), GmmFrames(frames, options.MaxGmmFrames, prepared.Random), frames.SpeechSeconds));
            }
        }

        return (rows, blocks);
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
