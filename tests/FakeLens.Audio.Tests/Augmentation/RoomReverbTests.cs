using FakeLens.Audio.Augmentation;

namespace FakeLens.Audio.Tests.Augmentation;

public sealed class RoomReverbTests
{
    private const int Rate = 16_000;

    /// <summary>RT60 read back from the Schroeder backward-integrated energy decay, fitted from −5 to −25 dB (T20 × 3).</summary>
    private static double SchroederRt60(double[] h, int rate)
    {
        var remaining = new double[h.Length];
        double sum = 0;
        for (var n = h.Length - 1; n >= 0; n--)
        {
            sum += h[n] * h[n];
            remaining[n] = sum;
        }

        var xs = new List<double>();
        var ys = new List<double>();
        for (var n = 0; n < h.Length; n++)
        {
            var db = 10 * Math.Log10(remaining[n] / remaining[0]);
            if (db is <= -5 and >= -25)
            {
                xs.Add(n / (double)rate);
                ys.Add(db);
            }
        }

        var mx = xs.Average();
        var my = ys.Average();
        var slope = xs.Zip(ys).Sum(p => (p.First - mx) * (p.Second - my)) / xs.Sum(x => (x - mx) * (x - mx));
        return -60 / slope;
    }

    [Theory]
    [InlineData(200, 1)]
    [InlineData(400, 2)]
    [InlineData(400, 3)]
    [InlineData(800, 4)]
    [InlineData(1200, 5)]
    public void Schroeder_decay_of_the_impulse_response_gives_back_the_requested_RT60(int rt60Ms, int seed)
    {
        var h = RoomReverb.ImpulseResponse(rt60Ms / 1000.0, Rate, seed);
        Assert.Equal(3 * rt60Ms * Rate / 2000, h.Length);
        Assert.InRange(SchroederRt60(h, Rate), 0.85 * rt60Ms / 1000.0, 1.15 * rt60Ms / 1000.0);

        // Direct path first and strongest; the reverberant part carries the direct path's energy (0 dB DRR).
        Assert.Equal(1.0, h[0]);
        Assert.All(h.Skip(1), v => Assert.True(Math.Abs(v) < 1));
        Assert.InRange(h.Skip(1).Sum(v => v * v), 0.999, 1.001);
    }

    [Fact]
    public void Output_keeps_the_clip_length_and_level_and_is_deterministic_per_clip()
    {
        var condition = CodecCondition.Parse("reverb:400");
        var x = TestSignals.SyntheticSpeech(Rate, 3);
        var y = condition.Apply(x, Rate);
        Assert.Equal(x.Length, y.Length);
        static double Rms(float[] v) => Math.Sqrt(v.Average(s => s * (double)s));
        Assert.InRange(Rms(y) / Rms(x), 0.99, 1.01);
        Assert.All(y, v => Assert.InRange(v, -1f, 1f));

        // It changes the signal, and the same clip gets the same room on every call.
        Assert.True(x.Zip(y).Sum(p => (p.First - p.Second) * (double)(p.First - p.Second)) > 0.1 * x.Sum(v => v * (double)v));
        Assert.Equal(y, condition.Apply(x, Rate));
        Assert.Equal(y, CodecCondition.Parse("reverb:400").ApplyMany([x], Rate)[0]);

        // A clip of another length gets another room (seeded by length and RT60), as noise:20 is.
        var shorter = x.AsSpan(0, x.Length - 1).ToArray();
        Assert.NotEqual(
            RoomReverb.ImpulseResponse(0.4, Rate, (x.Length * 7919) + 400),
            RoomReverb.ImpulseResponse(0.4, Rate, (shorter.Length * 7919) + 400));
        Assert.Empty(condition.Apply([], Rate));
    }

    [Fact]
    public void Convolution_by_FFT_equals_the_direct_sum()
    {
        var random = new Random(5);
        var x = Enumerable.Range(0, 300).Select(_ => (float)((random.NextDouble() * 2) - 1)).ToArray();
        var h = Enumerable.Range(0, 37).Select(_ => (random.NextDouble() * 2) - 1).ToArray();
        var y = RoomReverb.Convolve(x, h, x.Length);
        for (var n = 0; n < x.Length; n++)
        {
            double direct = 0;
            for (var k = 0; k <= Math.Min(n, h.Length - 1); k++)
            {
                direct += h[k] * x[n - k];
            }

            Assert.Equal(direct, y[n], 9);
        }
    }

    [Fact]
    public void A_tone_burst_is_smeared_in_time_at_its_own_frequency_and_decays_at_the_RT60_rate()
    {
        // 16 bursts of 1 kHz (0.5 s, then 0.6 s of silence), each a few samples longer than the last so each gets its own
        // room; the level of the tail after the burst ends, averaged over the 16 rooms in dB, falls 60 dB per RT60.
        const double rt60 = 0.4;
        var condition = CodecCondition.Parse("reverb:400");
        const int frame = Rate / 100; // 10 ms
        var tailDb = new double[30];
        for (var k = 0; k < 16; k++)
        {
            var burst = (int)(0.5 * Rate) + (k * 3);
            var x = new float[burst + (int)(0.6 * Rate)];
            TestSignals.Tone(1000, Rate, 0.6, 0.5).AsSpan(0, burst).CopyTo(x);
            var y = condition.Apply(x, Rate);
            var steady = Level(y, burst - (10 * frame), 5 * frame);
            for (var f = 0; f < tailDb.Length; f++)
            {
                tailDb[f] += (10 * Math.Log10(Level(y, burst + (f * frame), frame) / steady)) / 16;
            }

            // The input is silent after the burst; the output is not, and its tail is the tone: the strongest
            // component 50–150 ms after the offset is at 1 kHz, far above 3 kHz.
            Assert.Equal(0, Level(x, burst + (5 * frame), frame));
            var segment = y.AsSpan(burst + (5 * frame), 10 * frame).ToArray();
            Assert.True(Goertzel(segment, 1000) > 100 * Goertzel(segment, 3000));
            Assert.True(Goertzel(segment, 1000) > 100 * Goertzel(segment, 600));
        }

        // Fit the mean tail level from 30 to 290 ms after the offset: −150 dB/s for RT60 400 ms, ±20 %.
        var xs = Enumerable.Range(3, 27).Select(f => (f + 0.5) * frame / (double)Rate).ToList();
        var ys = Enumerable.Range(3, 27).Select(f => tailDb[f]).ToList();
        var mx = xs.Average();
        var my = ys.Average();
        var slope = xs.Zip(ys).Sum(p => (p.First - mx) * (p.Second - my)) / xs.Sum(v => (v - mx) * (v - mx));
        Assert.InRange(-60 / slope, 0.8 * rt60, 1.2 * rt60);
        Assert.InRange(tailDb[3], -20, -3);
    }

    [Fact]
    public void Reverb_condition_parses_names_itself_and_rejects_bad_times()
    {
        Assert.Equal("reverb 400ms", CodecCondition.Parse("reverb:400").Name);
        Assert.Equal("reverb 400ms", CodecCondition.Parse("reverb").Name);
        Assert.Equal("reverb 1200ms", CodecCondition.Parse("REVERB:1200ms").Name);
        Assert.True(CodecCondition.Parse("reverb:400").IsChannel);
        Assert.False(CodecCondition.Parse("mp3:64").IsChannel);
        Assert.Throws<ArgumentException>(() => CodecCondition.Parse("reverb:10"));
        Assert.Throws<ArgumentException>(() => CodecCondition.Parse("reverb:5000"));
        Assert.Throws<ArgumentException>(() => CodecCondition.Parse("reverb:big"));
    }

    private static double Level(float[] v, int start, int count)
    {
        double s = 0;
        for (var i = start; i < start + count; i++)
        {
            s += v[i] * (double)v[i];
        }

        return s / count;
    }

    private static double Goertzel(float[] v, double frequency)
    {
        double re = 0, im = 0;
        for (var i = 0; i < v.Length; i++)
        {
            var w = 0.5 - (0.5 * Math.Cos(2 * Math.PI * i / (v.Length - 1)));
            re += w * v[i] * Math.Cos(2 * Math.PI * frequency * i / Rate);
            im -= w * v[i] * Math.Sin(2 * Math.PI * frequency * i / Rate);
        }

        return (re * re) + (im * im);
    }
}
