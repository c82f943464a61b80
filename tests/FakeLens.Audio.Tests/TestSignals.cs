using System.Diagnostics;
using FakeLens.TestSupport;

namespace FakeLens.Audio.Tests;

/// <summary>Signals synthesised for the tests (tones, chirps, noise, a speech-like buzz) and the TTS engines installed with the project.</summary>
internal static class TestSignals
{
    /// <summary>A speech-like harmonic buzz with a slowly moving F0 (170 ± 50 Hz), syllable envelope and pauses, plus faint noise.</summary>
    public static float[] SyntheticSpeech(int rate, double seconds, int seed = 7) => SyntheticSignals.Speech(rate, seconds, seed);

    public static float[] Tone(double frequency, int rate, double seconds, double amplitude = 0.5)
    {
        var x = new float[(int)(rate * seconds)];
        for (var i = 0; i < x.Length; i++)
        {
            x[i] = (float)(amplitude * Math.Sin(2 * Math.PI * frequency * i / rate));
        }

        return x;
    }

    public static float[] WhiteNoise(int rate, double seconds, double amplitude, int seed = 3)
    {
        var random = new Random(seed);
        var x = new float[(int)(rate * seconds)];
        for (var i = 0; i < x.Length; i++)
        {
            x[i] = (float)(amplitude * ((random.NextDouble() * 2) - 1));
        }

        return x;
    }

    /// <summary>Runs <c>espeak-ng</c> and returns the WAV bytes it wrote (22.05 kHz mono). Fails loudly when it is missing.</summary>
    public static byte[] Espeak(string text)
    {
        var path = Path.Combine(Path.GetTempPath(), $"fakelens-espeak-{Guid.NewGuid():N}.wav");
        try
        {
            var info = new ProcessStartInfo("espeak-ng") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
            foreach (var a in new[] { "-w", path, text })
            {
                info.ArgumentList.Add(a);
            }

            using var p = Process.Start(info) ?? throw new InvalidOperationException("espeak-ng did not start (install the Debian package espeak-ng)");
            p.WaitForExit(30_000);
            Assert.Equal(0, p.ExitCode);
            return File.ReadAllBytes(path);
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>Concatenates arrays.</summary>
    public static float[] Concat(params float[][] parts)
    {
        var total = 0;
        foreach (var p in parts)
        {
            total += p.Length;
        }

        var output = new float[total];
        var at = 0;
        foreach (var p in parts)
        {
            p.CopyTo(output, at);
            at += p.Length;
        }

        return output;
    }
}
