using FakeLens.Audio.Augmentation;
using FakeLens.Audio.Cues;
using FakeLens.Audio.Features;

namespace FakeLens.Audio.Tests.Features;

public sealed class SpectroTemporalFeaturesTests
{
    private const int Rate = 16_000;

    private static float Value(float[] vector, string name) =>
        vector[UtteranceFeatures.Names.ToList().IndexOf(name)];

    [Fact]
    public void Version_1_vector_is_the_prefix_of_version_2_so_older_models_score_the_same_numbers()
    {
        var frames = SpeechFrames.Analyze(TestSignals.SyntheticSpeech(Rate, 4));
        var v2 = UtteranceFeatures.Compute(frames);
        var v1 = UtteranceFeatures.Compute(frames, 0, int.MaxValue, 1);
        Assert.Equal(194, UtteranceFeatures.CountV1);
        Assert.Equal(UtteranceFeatures.CountV1, v1.Length);
        Assert.Equal(UtteranceFeatures.CountV1 + SpectroTemporalFeatures.SubBandNames.Count + SpectroTemporalFeatures.ModulationNames.Count, v2.Length);
        Assert.Equal(v1, v2.Take(v1.Length));
        Assert.Equal(UtteranceFeatures.NamesOf(1), UtteranceFeatures.Names.Take(194));
        Assert.Throws<ArgumentOutOfRangeException>(() => UtteranceFeatures.Compute(frames, 0, int.MaxValue, 3));
    }

    [Fact]
    public void Sub_band_level_above_4_kHz_falls_by_tens_of_dB_after_the_phone_band_limit()
    {
        var speech = TestSignals.SyntheticSpeech(Rate, 4);
        var noisy = new float[speech.Length];
        var noise = TestSignals.WhiteNoise(Rate, 4, 0.02);
        for (var i = 0; i < speech.Length; i++)
        {
            noisy[i] = speech[i] + noise[i];
        }

        var wide = UtteranceFeatures.Compute(SpeechFrames.Analyze(noisy));
        var narrow = UtteranceFeatures.Compute(SpeechFrames.Analyze(CodecCondition.Parse("phone").Apply(noisy, Rate)));
        foreach (var band in new[] { 5, 6, 7 })
        {
            var before = Value(wide, $"subband.{band}k_rel_db_mean");
            var after = Value(narrow, $"subband.{band}k_rel_db_mean");
            Assert.True(before - after > 20, $"{band} kHz: {before:0.0} dB → {after:0.0} dB");
        }
    }

    [Fact]
    public void Modulation_share_peaks_in_the_range_of_the_imposed_envelope_rate()
    {
        // White noise whose loudness swings at 6 Hz, against the same noise swinging at 24 Hz.
        static float[] Modulated(double hz)
        {
            var noise = TestSignals.WhiteNoise(Rate, 5, 0.3);
            for (var i = 0; i < noise.Length; i++)
            {
                noise[i] *= (float)(0.55 + (0.45 * Math.Sin(2 * Math.PI * hz * i / Rate)));
            }

            return noise;
        }

        var slow = UtteranceFeatures.Compute(SpeechFrames.Analyze(Modulated(6)));
        var fast = UtteranceFeatures.Compute(SpeechFrames.Analyze(Modulated(24)));
        foreach (var band in new[] { 1, 5 })
        {
            Assert.True(Value(slow, $"modulation.{band}k.4_8hz") > Value(fast, $"modulation.{band}k.4_8hz") + 10, $"band {band}: 4–8 Hz share");
            Assert.True(Value(fast, $"modulation.{band}k.16_32hz") > Value(slow, $"modulation.{band}k.16_32hz") + 10, $"band {band}: 16–32 Hz share");
        }
    }

    [Fact]
    public void Very_short_input_gives_finite_values()
    {
        var frames = SpeechFrames.Analyze(TestSignals.SyntheticSpeech(Rate, 0.3));
        Assert.All(UtteranceFeatures.Compute(frames), v => Assert.True(float.IsFinite(v)));
    }
}
