using FakeLens.Audio.Augmentation;

namespace FakeLens.Audio.Tests.Augmentation;

public sealed class CodecStreamTests
{
    private const int Rate = 16_000;

    /// <summary>The lag in −maxLag…maxLag at which <paramref name="y"/> best matches <paramref name="x"/> (y[n + lag] ≈ x[n]) and its normalised correlation.</summary>
    private static (int Lag, double Correlation) BestLag(float[] x, float[] y, int maxLag)
    {
        var best = (Lag: 0, Correlation: double.NegativeInfinity);
        for (var lag = -maxLag; lag <= maxLag; lag++)
        {
            double xy = 0, xx = 0, yy = 0;
            for (var n = maxLag; n < x.Length - maxLag; n++)
            {
                xy += x[n] * (double)y[n + lag];
                xx += x[n] * (double)x[n];
                yy += y[n + lag] * (double)y[n + lag];
            }

            var c = xy / Math.Sqrt((xx * yy) + 1e-20);
            if (c > best.Correlation)
            {
                best = (lag, c);
            }
        }

        return best;
    }

    [Theory]
    [InlineData("mp3:64")]
    [InlineData("aac:48")]
    [InlineData("opus:24")]
    public void Clips_coded_in_one_stream_come_back_aligned_with_their_own_length(string condition)
    {
        var codec = CodecCondition.Parse(condition);
        var clips = new[] { 1.3, 2.7, 0.8, 2.1 }.Select((s, k) => TestSignals.SyntheticSpeech(Rate, s, seed: 11 + k)).ToList();
        var coded = codec.ApplyMany(clips, Rate);
        Assert.Equal(clips.Count, coded.Count);
        for (var k = 0; k < clips.Count; k++)
        {
            Assert.Equal(clips[k].Length, coded[k].Length);
            var (lag, correlation) = BestLag(clips[k], coded[k], 1200);
            Assert.InRange(lag, -1, 1);
            Assert.True(correlation > 0.9, $"{condition} clip {k}: correlation {correlation:0.000} at lag {lag}");
        }
    }

    [Fact]
    public void A_clip_coded_in_a_stream_matches_the_same_clip_coded_alone()
    {
        var codec = CodecCondition.Parse("mp3:64");
        var clips = new[] { 1.5, 2.0, 1.0 }.Select((s, k) => TestSignals.SyntheticSpeech(Rate, s, seed: 3 + k)).ToList();
        var streamed = codec.ApplyMany(clips, Rate);
        var alone = codec.Apply(clips[1], Rate);
        double signal = 0, difference = 0;
        for (var n = 0; n < alone.Length; n++)
        {
            signal += alone[n] * (double)alone[n];
            difference += (alone[n] - streamed[1][n]) * (double)(alone[n] - streamed[1][n]);
        }

        Assert.True(10 * Math.Log10(signal / difference) > 15, $"streamed vs alone: {10 * Math.Log10(signal / difference):0.0} dB");
    }

    [Fact]
    public void Delay_finds_a_known_shift_and_is_zero_for_silence()
    {
        var x = TestSignals.SyntheticSpeech(Rate, 2);
        var shifted = new float[x.Length + 1105];
        x.CopyTo(shifted, 1105);
        Assert.Equal(1105, CodecStream.Delay(x, shifted, Rate));
        Assert.Equal(0, CodecStream.Delay(new float[Rate * 2], new float[Rate * 2], Rate));
    }
}
