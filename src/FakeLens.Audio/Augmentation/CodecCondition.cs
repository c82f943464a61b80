using System.Globalization;
using FakeLens.Audio.Decoding;

namespace FakeLens.Audio.Augmentation;

/// <summary>
/// A lossy round trip through ffmpeg (or none): <c>clean</c>, <c>mp3:64</c>, <c>aac:48</c>, <c>opus:24</c>; or a channel:
/// <c>phone</c> (down to 8 kHz and back: the 0–4 kHz band of a phone line; <see cref="Kbps"/> holds the rate in kHz),
/// <c>noise:20</c> (white noise at 20 dB SNR over the clip's RMS, seeded by the clip's length so both classes and
/// every run get the same treatment; <see cref="Kbps"/> holds the SNR) and <c>reverb:400</c> (a synthetic room of
/// RT60 400 ms, <see cref="RoomReverb"/>, seeded by the clip's length and the RT60; <see cref="Kbps"/> holds the RT60 in ms).
/// </summary>
public sealed record CodecCondition(string Format, int Kbps)
{
    public static CodecCondition Clean { get; } = new("clean", 0);

    /// <summary>The codecs training draws from (both classes alike) when --augment is on.</summary>
    public static IReadOnlyList<CodecCondition> TrainingSet { get; } =
    [
        new("mp3", 32), new("mp3", 64), new("mp3", 128), new("aac", 48), new("aac", 96), new("opus", 24), new("opus", 48),
    ];

    public bool IsClean => Format == "clean";

    /// <summary>A channel computed here per clip (phone band, noise, reverberation), not an ffmpeg codec round trip.</summary>
    public bool IsChannel => Format is "phone" or "noise" or "reverb";

    public string Name => Format switch
    {
        "clean" => "clean",
        "phone" => string.Create(CultureInfo.InvariantCulture, $"phone {Kbps}kHz"),
        "noise" => string.Create(CultureInfo.InvariantCulture, $"noise {Kbps}dB"),
        "reverb" => string.Create(CultureInfo.InvariantCulture, $"reverb {Kbps}ms"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{Format} {Kbps}k"),
    };

    /// <summary>Parses <c>clean</c> or <c>format:kbps</c>.</summary>
    public static CodecCondition Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var t = text.Trim().ToLowerInvariant();
        if (t is "clean" or "none" or "")
        {
            return Clean;
        }

        if (t is "phone" or "phone:8")
        {
            return new CodecCondition("phone", 8);
        }

        if (t is "reverb")
        {
            return new CodecCondition("reverb", 400);
        }

        var parts = t.Split(':');
        if (parts.Length == 2 && parts[0] == "reverb")
        {
            return int.TryParse(parts[1].EndsWith("ms", StringComparison.Ordinal) ? parts[1][..^2] : parts[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var rt60) && rt60 is >= 50 and <= 3000
                ? new CodecCondition("reverb", rt60)
                : throw new ArgumentException($"'{text}' is not a reverberation condition; use reverb:<RT60 in ms>, 50–3000, e.g. reverb:400.");
        }

        if (parts.Length == 2 && parts[0] == "noise" && int.TryParse(parts[1].TrimEnd('b', 'd'), NumberStyles.Integer, CultureInfo.InvariantCulture, out var snr) && snr is >= 0 and <= 60)
        {
            return new CodecCondition("noise", snr);
        }

        if (parts.Length != 2 || parts[0] is not ("mp3" or "aac" or "opus") || !int.TryParse(parts[1].TrimEnd('k'), NumberStyles.Integer, CultureInfo.InvariantCulture, out var kbps) || kbps is < 8 or > 320)
        {
            throw new ArgumentException($"'{text}' is not a codec condition; use clean, mp3:64, aac:48, opus:24, phone, noise:20 or reverb:400.");
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

        if (Format == "phone")
        {
            var narrow = AudioResampler.Resample(samples, sampleRate, Kbps * 1000);
            var back = AudioResampler.Resample(narrow, Kbps * 1000, sampleRate);
            var same = new float[samples.Length];
            back.AsSpan(0, Math.Min(back.Length, same.Length)).CopyTo(same);
            return same;
        }

        if (Format == "noise")
        {
            double sq = 0;
            foreach (var v in samples)
            {
                sq += v * v;
            }

            var sigma = Math.Sqrt(sq / Math.Max(1, samples.Length)) * Math.Pow(10, -Kbps / 20.0);
            var random = new Random(samples.Length);
            var noisy = new float[samples.Length];
            for (var i = 0; i < samples.Length; i++)
            {
                // Box–Muller: Gaussian white noise.
                var g = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
                noisy[i] = (float)Math.Clamp(samples[i] + (sigma * g), -1, 1);
            }

            return noisy;
        }

        if (Format == "reverb")
        {
            return RoomReverb.Apply(samples, sampleRate, Kbps);
        }

        return CodecStream.RoundTrip([samples], sampleRate, Format, Kbps)[0];
    }

    /// <summary>
    /// Every clip after this condition, the lossy codecs in ONE ffmpeg encode/decode of all clips joined with silence
    /// (<see cref="CodecStream"/>): the same result per clip as a round trip of each clip alone, up to the codec's
    /// memory across the silent gap, at a fraction of the process start-up cost.
    /// </summary>
    public IReadOnlyList<float[]> ApplyMany(IReadOnlyList<float[]> clips, int sampleRate)
    {
        ArgumentNullException.ThrowIfNull(clips);
        return IsClean || IsChannel ? clips.Select(c => Apply(c, sampleRate)).ToList() : CodecStream.RoundTrip(clips, sampleRate, Format, Kbps);
    }
}
