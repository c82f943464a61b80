using System.Globalization;
using System.Text.Json;
using FakeLens.Core.Detection;

namespace FakeLens.Audio.Decoding;

/// <summary>
/// Turns any audio file into <see cref="SpeechAudio"/>: RIFF/WAVE natively (<see cref="WavIo"/>), everything else
/// (FLAC, MP3, Ogg/Opus/Vorbis, M4A/AAC, the audio track of MP4/MOV/MKV/WebM video) through <c>ffprobe</c> for the
/// facts and <c>ffmpeg</c> for the samples, first audio stream, mixed to mono. The native-rate samples are kept
/// (capped at <see cref="MaxNativeRate"/>) for the bandwidth cue, and resampled to <see cref="SpeechAudio.AnalysisRate"/>
/// for everything else. Memory is bounded: at most <see cref="MaxSeconds"/> are decoded (20 min; about
/// 4 bytes × (native + 16 kHz) per second, 150 MB for 10 minutes at 48 kHz), read from the pipe straight into the
/// sample array. Every external process has a timeout. Bad input gives a <see cref="MediaException"/> saying what
/// is wrong: no audio track, too short, sample rate out of range, unreadable stream.
/// </summary>
public static class AudioDecoder
{
    /// <summary>Lowest native rate accepted (narrow-band telephony).</summary>
    public const int MinSampleRate = 8_000;

    /// <summary>Highest native rate accepted; above it the header is treated as absurd.</summary>
    public const int MaxSampleRate = 384_000;

    /// <summary>Native samples are kept up to this rate (a 192 kHz file is analysed at 96 kHz; speech has nothing up there).</summary>
    public const int MaxNativeRate = 96_000;

    /// <summary>Longest stretch decoded and analysed.</summary>
    public const double MaxSeconds = 20 * 60;

    /// <summary>Shorter audio is not analysed for speech.</summary>
    public const double MinSeconds = 0.5;

    private const string CacheKey = "audio.speech";

    /// <summary>The file's audio, decoded once per scan and shared by every audio detector (errors are cached too).</summary>
    public static SpeechAudio Get(AnalysisContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.GetOrCreate(CacheKey, c => Decode(c.Bytes, c.Path, cancellationToken));
    }

    /// <summary>Decodes a file on disk (training and evaluation code).</summary>
    public static SpeechAudio DecodeFile(string path, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(path);
        var info = new FileInfo(path);
        if (!info.Exists)
        {
            throw new FileNotFoundException($"no such audio file: {path}", path);
        }

        if (IsWav(path))
        {
            return Decode(File.ReadAllBytes(path), path, cancellationToken);
        }

        return DecodeWithFfmpeg(path, cancellationToken);
    }

    /// <summary>Decodes bytes; <paramref name="path"/> is used by ffmpeg when it names the same file on disk (MP4 needs seeking).</summary>
    public static SpeechAudio Decode(ReadOnlyMemory<byte> bytes, string? path = null, CancellationToken cancellationToken = default)
    {
        var span = bytes.Span;
        if (span.Length >= 12 && span[..4].SequenceEqual("RIFF"u8) && span.Slice(8, 4).SequenceEqual("WAVE"u8))
        {
            return DecodeWav(span, cancellationToken);
        }

        if (path is not null && File.Exists(path) && new FileInfo(path).Length == bytes.Length)
        {
            return DecodeWithFfmpeg(path, cancellationToken);
        }

        var temp = Path.Combine(Path.GetTempPath(), $"fakelens-audio-{Guid.NewGuid():N}");
        try
        {
            using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                file.Write(span);
            }

            return DecodeWithFfmpeg(temp, cancellationToken);
        }
        finally
        {
            File.Delete(temp);
        }
    }

    /// <summary>Reads the first audio stream's facts with ffprobe. Throws when there is no audio stream.</summary>
    public static AudioFacts Probe(string path, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(path);
        cancellationToken.ThrowIfCancellationRequested();
        var json = FfmpegCodec.Run(
            FfprobeExecutable,
            ["-v", "error", "-show_entries", "stream=codec_type,codec_name,sample_rate,channels,bit_rate,duration,bits_per_raw_sample,bits_per_sample:format=format_name,duration,bit_rate", "-of", "json", path],
            null,
            TimeSpan.FromSeconds(30),
            ReadText,
            "ffprobe");
        return ParseProbe(json);
    }

    /// <summary>Throws a clear "not applicable" error for rates speech analysis cannot use.</summary>
    public static void CheckRate(int sampleRate)
    {
        if (sampleRate is < MinSampleRate or > MaxSampleRate)
        {
            throw new MediaException($"the audio is sampled at {sampleRate} Hz; speech analysis needs {MinSampleRate / 1000} kHz to {MaxSampleRate / 1000} kHz")
            {
                Code = "unsupported",
                AffectsWholeFile = false,
            };
        }
    }

    internal static AudioFacts ParseProbe(string json)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            throw new MediaException("ffprobe gave an unreadable answer", e) { Code = "corrupt" };
        }

        using (document)
        {
            var root = document.RootElement;
            var format = root.TryGetProperty("format", out var f) ? f : default;
            var hasVideo = false;
            if (root.TryGetProperty("streams", out var streams))
            {
                foreach (var s in streams.EnumerateArray())
                {
                    var type = Text(s, "codec_type");
                    hasVideo |= type == "video";
                    if (type != "audio")
                    {
                        continue;
                    }

                    var rate = (int)(Number(s, "sample_rate") ?? 0);
                    var bits = (int?)(Number(s, "bits_per_raw_sample") ?? Number(s, "bits_per_sample"));
                    return new AudioFacts(
                        format.ValueKind == JsonValueKind.Object ? Text(format, "format_name") ?? "unknown" : "unknown",
                        Text(s, "codec_name") ?? "unknown",
                        rate,
                        (int)(Number(s, "channels") ?? 0),
                        (long?)(Number(s, "bit_rate") ?? (format.ValueKind == JsonValueKind.Object ? Number(format, "bit_rate") : null)),
                        Number(s, "duration") ?? (format.ValueKind == JsonValueKind.Object ? Number(format, "duration") : null) ?? 0,
                        bits is > 0 ? bits : null);
                }
            }

            throw hasVideo
                ? new MediaException("the video has no audio track, so there is no voice to analyse") { Code = "no-audio", AffectsWholeFile = false }
                : new MediaException("the file contains no audio stream that ffmpeg can read") { Code = "corrupt" };
        }
    }

    private static string FfprobeExecutable => Environment.GetEnvironmentVariable("FAKELENS_FFPROBE") is { Length: > 0 } path ? path : "ffprobe";

    private static bool IsWav(string path)
    {
        Span<byte> head = stackalloc byte[12];
        using var stream = File.OpenRead(path);
        return stream.Read(head) == 12 && head[..4].SequenceEqual("RIFF"u8) && head.Slice(8, 4).SequenceEqual("WAVE"u8);
    }

    private static SpeechAudio DecodeWav(ReadOnlySpan<byte> bytes, CancellationToken cancellationToken)
    {
        var wav = WavIo.Read(bytes, cancellationToken);
        CheckRate(wav.SampleRate);
        var codec = wav.IsFloat ? "pcm_f32le" : wav.BitsPerSample == 8 ? "pcm_u8" : $"pcm_s{wav.BitsPerSample}le";
        var facts = new AudioFacts("wav", codec, wav.SampleRate, wav.Channels, (long)wav.SampleRate * wav.Channels * wav.BitsPerSample, wav.DurationSeconds, wav.BitsPerSample);
        var samples = wav.Samples;
        var cut = false;
        if (samples.Length > MaxSeconds * wav.SampleRate)
        {
            Array.Resize(ref samples, (int)(MaxSeconds * wav.SampleRate));
            cut = true;
        }

        var rate = wav.SampleRate;
        if (rate > MaxNativeRate)
        {
            samples = AudioResampler.Resample(samples, rate, MaxNativeRate, cancellationToken);
            rate = MaxNativeRate;
        }

        return Finish(samples, rate, facts, cut, truncated: false, cancellationToken);
    }

    private static SpeechAudio DecodeWithFfmpeg(string path, CancellationToken cancellationToken)
    {
        var facts = Probe(path, cancellationToken);
        CheckRate(facts.SampleRate);
        var rate = Math.Min(facts.SampleRate, MaxNativeRate);
        var timeout = TimeSpan.FromSeconds(60 + (Math.Min(facts.DurationSeconds, MaxSeconds) / 10));
        cancellationToken.ThrowIfCancellationRequested();
        var samples = FfmpegCodec.DecodeFile(path, rate, MaxSeconds, timeout);
        var decoded = samples.Length / (double)rate;
        var cut = facts.DurationSeconds > MaxSeconds + 1;
        var truncated = !cut && facts.DurationSeconds > 1 && decoded < 0.9 * facts.DurationSeconds;
        return Finish(samples, rate, facts, cut, truncated, cancellationToken);
    }

    private static SpeechAudio Finish(float[] native, int rate, AudioFacts facts, bool cut, bool truncated, CancellationToken cancellationToken)
    {
        var seconds = native.Length / (double)rate;
        if (seconds < MinSeconds)
        {
            throw new MediaException(string.Create(CultureInfo.InvariantCulture, $"the audio lasts {seconds:0.00} s; at least {MinSeconds:0.0} s are needed to analyse a voice"))
            {
                Code = "too-short",
                AffectsWholeFile = false,
            };
        }

        var analysis = rate == SpeechAudio.AnalysisRate ? native : AudioResampler.Resample(native, rate, SpeechAudio.AnalysisRate, cancellationToken);
        return new SpeechAudio(analysis, native, rate, facts) { WasCut = cut, Truncated = truncated };
    }

    private static string? ReadText(Stream stream)
    {
        using var reader = new StreamReader(stream);
        var buffer = new char[1 << 20];
        var read = reader.ReadBlock(buffer, 0, buffer.Length);
        return new string(buffer, 0, read);
    }

    private static string? Text(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) ? v.ValueKind == JsonValueKind.String ? v.GetString() : v.ToString() : null;

    private static double? Number(JsonElement e, string name)
    {
        if (!e.TryGetProperty(name, out var v))
        {
            return null;
        }

        return v.ValueKind switch
        {
            JsonValueKind.Number => v.GetDouble(),
            JsonValueKind.String when double.TryParse(v.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var d) => d,
            _ => null,
        };
    }
}
