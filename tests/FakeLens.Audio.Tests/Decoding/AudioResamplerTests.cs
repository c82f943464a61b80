using FakeLens.Audio.Decoding;

namespace FakeLens.Audio.Tests.Decoding;

public sealed class AudioResamplerTests
{
    private static double RmsError(float[] y, int rate, double frequency, double amplitude)
    {
        // Middle half only: the ends see the zero padding.
        double sum = 0;
        var from = y.Length / 4;
        var to = 3 * y.Length / 4;
        for (var i = from; i < to; i++)
        {
            var e = y[i] - (amplitude * Math.Sin(2 * Math.PI * frequency * i / rate));
            sum += e * e;
        }

        return Math.Sqrt(sum / (to - from));
    }

    [Theory]
    [InlineData(48_000)] // polyphase, 1 phase
    [InlineData(44_100)] // polyphase, 160 phases
    [InlineData(22_050)] // polyphase, 320 phases
    [InlineData(44_117)] // no short ratio: the table walk
    public void A_1_kHz_tone_survives_resampling_to_16_kHz(int fromRate)
    {
        var y = AudioResampler.Resample(TestSignals.Tone(1000, fromRate, 1), fromRate, 16_000);
        Assert.Equal((int)Math.Floor(fromRate * 1.0 * 16_000 / fromRate), y.Length);
        Assert.True(RmsError(y, 16_000, 1000, 0.5) < 2e-3, $"rms error {RmsError(y, 16_000, 1000, 0.5)}");
    }

    [Theory]
    [InlineData(48_000)]
    [InlineData(44_100)]
    public void A_tone_above_the_new_nyquist_is_removed(int fromRate)
    {
        var y = AudioResampler.Resample(TestSignals.Tone(9_000, fromRate, 1), fromRate, 16_000);
        Assert.True(RmsError(y, 16_000, 0, 0) < 0.01, $"residual rms {RmsError(y, 16_000, 0, 0)}");
    }

    [Fact]
    public void Polyphase_and_table_walk_agree_where_the_ratio_allows_both()
    {
        // 44.1 → 16 kHz runs polyphase; 44.1 → 16.0005 kHz is nearly the same ratio but has too many phases.
        // Over the first 2,000 outputs the two grids drift apart by under 0.04 samples.
        var x = TestSignals.Tone(1000, 44_100, 1);
        var a = AudioResampler.Resample(x, 44_100, 16_000);
        var b = AudioResampler.Resample(x, 441_000, 160_003);
        double diff = 0;
        for (var i = 100; i < 2000; i++)
        {
            diff = Math.Max(diff, Math.Abs(a[i] - b[i]));
        }

        Assert.True(diff < 0.01, $"max difference {diff}");
    }
}
