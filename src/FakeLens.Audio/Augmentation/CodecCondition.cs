using System.Globalization;
using FakeLens.Audio.Decoding;

namespace FakeLens.Audio.Augmentation;

/// <summary>A lossy round trip through ffmpeg (or none): <c>clean</c>, <c>mp3:64</c>, <c>aac:48</c>, <c>opus:24</c>.</summary>
public sealed record CodecCondition(string Format, int Kbps)
{
    public static CodecCondition Clean { get; } = new("clean", 0);

    /// <summary>The codecs training draws from (both classes alike) when --augment is on.</summary>
    public static IReadOnlyList<CodecCondition> TrainingSet { get; } =
    [
        new("mp3", 32), new("mp3", 64), new("mp3", 128), new("aac", 48), new("aac", 96), new("opus", 24), new("opus", 48),
    ];

    public bool IsClean => Format == "clean";

    public string Name => IsClean ? "clean" : string.Create(CultureInfo.InvariantCulture, $"{Format} {Kbps}k");

    /// <summary>Parses <c>clean</c> or <c>format:kbps</c>.</summary>
    public static CodecCondition Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var t = text.Trim().ToLowerInvariant();
        if (t is "clean" or "none" or "")
        {
            return Clean;
        }

        var parts = t.Split(':');
        if (parts.Length != 2 || parts[0] is not ("mp3" or "aac" or "opus") || !int.TryParse(parts[1].TrimEnd('k'), NumberStyles.Integer, CultureInfo.InvariantCulture, out var kbps) || kbps is < 8 or > 320)
        {
            throw new ArgumentException($"'{text}' is not a codec condition; use clean, mp3:64, aac:48 or opus:24.");
        }

        return new CodecCondition(parts[0], kbps);
    }

    /// <summary>The samples after encoding and decoding at <paramref name="sampleRate"/> (the same array when clean).</summary>
    public float[] Apply(float[] samples, int sampleRate)
    {
        ArgumentNullException.ThrowIfNull(samples);
        if (IsClean)
        {
            return samples;
        }

        var decoded = FfmpegCodec.RoundTrip(samples, sampleRate, Format, Kbps);

        // Encoders add priming delay and padding; keep the original length so frame counts stay comparable.
        var result = new float[samples.Length];
        decoded.AsSpan(0, Math.Min(decoded.Length, result.Length)).CopyTo(result);
        return result;
    }
}
