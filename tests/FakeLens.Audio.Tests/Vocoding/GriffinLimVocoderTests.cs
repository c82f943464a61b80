using FakeLens.Audio.Vocoding;

namespace FakeLens.Audio.Tests.Vocoding;

public sealed class GriffinLimVocoderTests
{
    [Fact]
    public void Resynthesis_keeps_the_long_term_spectrum_but_not_the_waveform()
    {
        const int rate = 16_000;
        var input = TestSignals.SyntheticSpeech(rate, 2);
        var output = GriffinLimVocoder.Resynthesize(input, rate, seed: 1);
        Assert.Equal(input.Length, output.Length);

        var a = BandLevels(input, rate);
        var b = BandLevels(output, rate);
        var loudest = a.Max();
        var diffs = Enumerable.Range(0, a.Length).Where(i => a[i] > loudest - 40).Select(i => Math.Abs(a[i] - b[i])).ToList();
        Assert.True(diffs.Average() < 3, $"mean band difference {diffs.Average():0.0} dB: in {string.Join(' ', a.Select(v => v.ToString("0")))} out {string.Join(' ', b.Select(v => v.ToString("0")))}");

        double dot = 0, na = 0, nb = 0;
        for (var i = 0; i < input.Length; i++)
        {
            dot += input[i] * output[i];
            na += input[i] * input[i];
            nb += output[i] * output[i];
        }

        Assert.True(Math.Abs(dot / Math.Sqrt(na * nb)) < 0.9, "the phase is reconstructed, so the waveform differs");
    }

    // Mean power (dB) in 16 bands of 500 Hz over the whole signal.
    private static double[] BandLevels(float[] x, int rate)
    {
        const int n = 512;
        var window = Dsp.Windows.Hann(n);
        var fft = new Dsp.Fft(n);
        var bands = new double[16];
        var re = new double[n];
        var im = new double[n];
        for (var start = 0; start + n <= x.Length; start += n / 2)
        {
            for (var i = 0; i < n; i++)
            {
                re[i] = x[start + i] * window[i];
                im[i] = 0;
            }

            fft.Forward(re, im);
            for (var k = 1; k < n / 2; k++)
            {
                bands[Math.Min(15, k * rate / n / 500)] += (re[k] * re[k]) + (im[k] * im[k]);
            }
        }

        return bands.Select(v => 10 * Math.Log10(v + 1e-20)).ToArray();
    }
}
