using FakeLens.Audio.Dsp;
using FakeLens.Watermark.Robust;

namespace FakeLens.Watermark.Tests.Robust;

public sealed class ConvolutionalCodeTests
{
    [Fact]
    public void Viterbi_corrects_scattered_bit_errors()
    {
        var rng = new Random(3);
        var message = new bool[64];
        for (var i = 0; i < message.Length; i++)
        {
            message[i] = rng.Next(2) == 1;
        }

        var coded = ConvolutionalCode.Encode(message);
        Assert.Equal(140, coded.Length);
        var soft = coded.Select(b => b ? 1.0 : -1.0).ToArray();
        foreach (var i in new[] { 3, 20, 41, 77, 101, 130 })
        {
            soft[i] = -soft[i];
        }

        Assert.Equal(message, ConvolutionalCode.Decode(soft, 64));
    }

    [Fact]
    public void Keyed_tag_rejects_a_changed_payload()
    {
        var layout = RobustLayout.For(WatermarkKey.FromPassphrase("k"));
        var message = layout.Message(WatermarkPayload.Parse("0x01020304").Bits.ToArray());

        Assert.True(layout.TagMatches(message));
        message[5] = !message[5];
        Assert.False(layout.TagMatches(message));
    }

    [Fact]
    public void Fft_round_trip_restores_the_signal()
    {
        var re = new double[] { 1, 2, 3, 4, 0, -1, 5, 2 };
        var im = new double[8];
        var copy = re.ToArray();

        Fft.Transform(re, im, false);
        Assert.Equal(copy.Sum(), re[0], 9);
        Fft.Transform(re, im, true);

        for (var i = 0; i < re.Length; i++)
        {
            Assert.Equal(copy[i], re[i], 9);
            Assert.Equal(0, im[i], 9);
        }
    }
}
