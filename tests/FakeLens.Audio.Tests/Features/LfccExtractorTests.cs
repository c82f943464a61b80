using FakeLens.Audio.Features;

namespace FakeLens.Audio.Tests.Features;

public sealed class LfccExtractorTests
{
    [Fact]
    public void One_second_at_16k_gives_99_frames_of_60_values_like_matlab_buffer_nodelay()
    {
        var lfcc = new LfccExtractor();
        var frames = lfcc.Extract(TestSignals.WhiteNoise(16_000, 1.0, 0.1));

        // buffer(x, 320, 160, 'nodelay') makes ceil((16000 − 160) / 160) = 99 columns.
        Assert.Equal(99, frames.Length);
        Assert.All(frames, f => Assert.Equal(60, f.Length));
        Assert.All(frames, f => Assert.All(f, v => Assert.True(float.IsFinite(v))));
        Assert.Equal(0.010, lfcc.HopSeconds, 6);
        Assert.Equal(0.020, lfcc.FrameSeconds, 6);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(9)]
    [InlineData(17)]
    public void A_pure_tone_at_a_filter_centre_puts_its_energy_in_that_filter(int filter)
    {
        var lfcc = new LfccExtractor();
        var centre = lfcc.FilterCentre(filter);
        var power = NaivePower(Frame(TestSignals.Tone(centre, 16_000, 0.1), 320), 512);
        var energies = new double[20];
        lfcc.FilterEnergies(power, energies);

        var loudest = Array.IndexOf(energies, energies.Max());
        Assert.Equal(filter, loudest);
        Assert.True(energies[filter] > 20 * energies[Math.Max(0, filter - 2)], "two filters away the tone must be far weaker");
    }

    [Fact]
    public void Static_coefficients_match_a_hand_computed_frame()
    {
        // Independent reference of extract_lfcc.m for one frame: pre-emphasis, Hamming, naive 512-point DFT,
        // trimf filters, log10(+eps), orthonormal DCT-II.
        var x = TestSignals.Concat(TestSignals.Tone(440, 16_000, 0.05), TestSignals.WhiteNoise(16_000, 0.05, 0.05));
        var frames = new LfccExtractor().Extract(x);
        const int t = 3;
        var frame = new double[320];
        for (var i = 0; i < 320; i++)
        {
            var n = (t * 160) + i;
            var pre = x[n] - (0.97 * x[n - 1]);
            frame[i] = pre * (0.54 - (0.46 * Math.Cos(2 * Math.PI * i / 319)));
        }

        var power = NaivePower(frame, 512);
        var logE = new double[20];
        for (var m = 0; m < 20; m++)
        {
            double a = m * 8000.0 / 21, b = (m + 1) * 8000.0 / 21, c = (m + 2) * 8000.0 / 21, sum = 0;
            for (var k = 0; k < 257; k++)
            {
                var f = 8000.0 * k / 256;
                var w = f > a && f < c ? (f <= b ? (f - a) / (b - a) : (c - f) / (c - b)) : 0;
                sum += w * power[k];
            }

            logE[m] = Math.Log10(sum + 2.220446049250313e-16);
        }

        for (var k = 0; k < 20; k++)
        {
            double c = 0;
            for (var m = 0; m < 20; m++)
            {
                c += logE[m] * Math.Cos(Math.PI * ((2 * m) + 1) * k / 40.0);
            }

            c *= k == 0 ? Math.Sqrt(1 / 20.0) : Math.Sqrt(2 / 20.0);
            Assert.Equal(c, frames[t][k], 3);
        }
    }

    [Fact]
    public void Deltas_are_next_minus_previous_frame_with_repeated_edges()
    {
        var frames = new LfccExtractor().Extract(TestSignals.SyntheticSpeech(16_000, 0.5));
        var last = frames.Length - 1;
        for (var k = 0; k < 20; k++)
        {
            Assert.Equal(frames[6][k] - frames[4][k], frames[5][20 + k], 4);
            Assert.Equal(frames[1][k] - frames[0][k], frames[0][20 + k], 4);
            Assert.Equal(frames[last][k] - frames[last - 1][k], frames[last][20 + k], 4);
            Assert.Equal(frames[6][20 + k] - frames[4][20 + k], frames[5][40 + k], 4);
        }
    }

    private static double[] Frame(float[] x, int length)
    {
        var frame = new double[length];
        for (var i = 0; i < length; i++)
        {
            frame[i] = x[i + 100] * (0.54 - (0.46 * Math.Cos(2 * Math.PI * i / (length - 1))));
        }

        return frame;
    }

    private static double[] NaivePower(double[] frame, int n)
    {
        var power = new double[(n / 2) + 1];
        for (var k = 0; k < power.Length; k++)
        {
            double re = 0, im = 0;
            for (var i = 0; i < frame.Length; i++)
            {
                re += frame[i] * Math.Cos(2 * Math.PI * k * i / n);
                im -= frame[i] * Math.Sin(2 * Math.PI * k * i / n);
            }

            power[k] = (re * re) + (im * im);
        }

        return power;
    }
}
