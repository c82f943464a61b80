using FakeLens.Audio.Decoding;
using FakeLens.TestSupport;
using FakeLens.Watermark.Audio;

namespace FakeLens.Watermark.Tests.Audio;

/// <summary>Test hosts: a synthetic speech-like signal (harmonic sweep with syllable envelope, pauses and noise) and a few real clips.</summary>
internal static class AudioHosts
{
    /// <summary>Harmonics of a gliding 120–220 Hz fundamental, 4 Hz syllable envelope, 0.3 s pauses, light noise.</summary>
    public static float[] SyntheticSpeech(int rate, double seconds, int seed = 7) => SyntheticSignals.Speech(rate, seconds, seed);

    /// <summary>A real clip, cut to its first <paramref name="maxSeconds"/> seconds to keep tests fast.</summary>
    public static WavAudio Real(string folder, int index, double maxSeconds = 4.5)
    {
        var wav = WavIo.Read(File.ReadAllBytes(TestData.Files("audio/real/" + folder, "*.wav")[index]));
        var n = (int)Math.Min(wav.Samples.Length, maxSeconds * wav.SampleRate);
        return wav with { Samples = wav.Samples[..n] };
    }

    public static float[] Silence(int rate, double seconds) => new float[(int)(rate * seconds)];

    public static WatermarkPayload Payload16 { get; } = WatermarkPayload.Parse("0xBEEF");

    public static WatermarkPayload Payload32 { get; } = WatermarkPayload.Parse("0x1234ABCD");
}
