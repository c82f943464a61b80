using FakeLens.Audio.Features;

namespace FakeLens.Audio.Tests.Features;

public sealed class CqccExtractorTests
{
    [Fact]
    public void Frames_every_10_ms_carry_30_static_30_delta_30_delta_delta_values()
    {
        var frames = new CqccExtractor().Extract(TestSignals.SyntheticSpeech(16_000, 1.0));

        Assert.Equal(101, frames.Length);
        Assert.All(frames, f => Assert.Equal(90, f.Length));
        Assert.All(frames, f => Assert.All(f, v => Assert.True(float.IsFinite(v))));
        Assert.Equal(864, CqccExtractor.Bins);
    }

    [Theory]
    [InlineData(110.0)]
    [InlineData(1000.0)]
    [InlineData(5000.0)]
    public void A_tone_peaks_in_the_constant_q_bin_of_its_frequency(double frequency)
    {
        var cqcc = new CqccExtractor();
        var spectrogram = cqcc.LogPowerSpectrogram(TestSignals.Tone(frequency, 16_000, 1.0));
        var frame = spectrogram[50];
        var peak = Array.IndexOf(frame, frame.Max());

        var expected = 96 * Math.Log2(frequency / 15.625);
        Assert.InRange(peak, expected - 1.5, expected + 1.5);
        Assert.Equal(frequency, cqcc.BinFrequency(peak), frequency * 0.012);
    }

    [Fact]
    public void Cqcc_deltas_follow_the_baseline_htk_formula()
    {
        var frames = new CqccExtractor().Extract(TestSignals.SyntheticSpeech(16_000, 0.5));
        const int t = 20;
        for (var k = 0; k < 30; k += 7)
        {
            double expected = 0;
            for (var j = 1; j <= 3; j++)
            {
                expected += j * (frames[t + j][k] - frames[t - j][k]);
            }

            Assert.Equal(expected / 28, frames[t][30 + k], 3);
        }
    }
}
