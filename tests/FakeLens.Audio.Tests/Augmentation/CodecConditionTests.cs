using FakeLens.Audio.Augmentation;

namespace FakeLens.Audio.Tests.Augmentation;

public sealed class CodecConditionTests
{
    private const int Rate = 16_000;

    [Fact]
    public void Channel_conditions_parse_and_name_themselves()
    {
        Assert.Equal("phone 8kHz", CodecCondition.Parse("phone").Name);
        Assert.Equal("noise 20dB", CodecCondition.Parse("noise:20").Name);
        Assert.Equal("mp3 64k", CodecCondition.Parse("mp3:64").Name);
        Assert.Throws<ArgumentException>(() => CodecCondition.Parse("noise:loud"));
        Assert.Throws<ArgumentException>(() => CodecCondition.Parse("phone:3"));
    }

    [Fact]
    public void Noise_condition_adds_white_noise_at_the_requested_SNR_and_is_repeatable()
    {
        var x = TestSignals.Tone(300, Rate, 3, 0.3);
        var noise = CodecCondition.Parse("noise:20");
        var y = noise.Apply(x, Rate);
        double signal = 0, added = 0;
        for (var i = 0; i < x.Length; i++)
        {
            signal += x[i] * (double)x[i];
            added += (y[i] - x[i]) * (double)(y[i] - x[i]);
        }

        Assert.InRange(10 * Math.Log10(signal / added), 19.5, 20.5);
        Assert.Equal(y, noise.Apply(x, Rate));
    }

    [Fact]
    public void Phone_condition_keeps_a_1_kHz_tone_and_removes_a_6_kHz_tone()
    {
        static double Rms(float[] v) => Math.Sqrt(v.Skip(1000).Take(v.Length - 2000).Average(s => s * (double)s));
        var phone = CodecCondition.Parse("phone");
        var low = TestSignals.Tone(1000, Rate, 1);
        var high = TestSignals.Tone(6000, Rate, 1);
        Assert.Equal(low.Length, phone.Apply(low, Rate).Length);
        Assert.InRange(Rms(phone.Apply(low, Rate)) / Rms(low), 0.9, 1.1);
        Assert.True(Rms(phone.Apply(high, Rate)) / Rms(high) < 0.01);
    }
}
