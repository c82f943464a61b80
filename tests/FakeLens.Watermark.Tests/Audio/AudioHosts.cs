using FakeLens.Audio.Decoding;
using FakeLens.TestSupport;
using FakeLens.Watermark.Audio;

namespace FakeLens.Watermark.Tests.Audio;

/// <summary>Test hosts: a synthetic speech-like signal (harmonic sweep with syllable envelope, pauses and noise) and a few real clips.</summary>
internal static class AudioHosts
{
    /// <summary>Harmonics of a gliding 120–220 Hz fundamental, 4 Hz syllable envelope, 0.3 s pauses, light noise.</summary>
    public static float[] SyntheticSpeech(int rate, double seconds, int seed = 7)
    {
        var random = new Random(seed);
        var x = new float[(int)(rate * seconds)];
        double phase = 0;
        for (var i = 0; i < x.Length; i++)
        {
            var t = i / (double)rate;
            var f0 = 170 + (50 * Math.Sin(2 * Math.PI * 0.3 * t));
            phase += 2 * Math.PI * f0 / rate;
            double v = 0;
            for (var h = 1; h <= 30 && h * f0 < rate / 2.0; h++)
            {
                v += Math.Sin(h * phase) / h;
            }

            var envelope = Math.Max(0, Math.Sin(2 * Math.PI * 2 * t));
            var pause = (t % 1.7) > 1.4 ? 0.02 : 1;
            x[i] = (float)((0.25 * v * envelope * pause) + (0.01 * ((random.NextDouble() * 2) - 1)));
        }

        return x;
    }

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
