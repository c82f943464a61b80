using FakeLens.Audio.Cues;
using FakeLens.Audio.Decoding;
using FakeLens.Core.Evidence;

namespace FakeLens.Audio.Tests.Cues;

public sealed class BandwidthCueTests
{
    [Fact]
    public void Noise_made_at_16_kHz_and_upsampled_to_44_1_kHz_shows_an_empty_top_above_8_kHz()
    {
        var made = TestSignals.WhiteNoise(16_000, 3, 0.3);
        var upsampled = AudioResampler.Resample(made, 16_000, 44_100);
        var cue = BandwidthCue.Measure(upsampled, 44_100);
        Assert.True(cue.HasEmptyTop, $"cliff {cue.CliffDropDb:0} dB at {cue.CliffHz} Hz, above {cue.AboveCliffDb:0} dB");
        Assert.InRange(cue.CliffHz, 7500, 9000);
        Assert.Equal(16_000, cue.LikelyContentRate);
        Assert.True(cue.Above11kDb < -50, $"above 11 kHz: {cue.Above11kDb:0} dB");
    }

    [Fact]
    public void Full_band_noise_at_44_1_kHz_has_no_cliff()
    {
        var cue = BandwidthCue.Measure(TestSignals.WhiteNoise(44_100, 3, 0.3), 44_100);
        Assert.False(cue.HasEmptyTop, $"cliff {cue.CliffDropDb:0} dB at {cue.CliffHz} Hz");
        Assert.InRange(cue.Above11kDb, -3, 3);
    }

    [Fact]
    public void Detector_says_in_words_that_a_16_kHz_voice_sits_in_a_44_1_kHz_file()
    {
        var speech = AudioResampler.Resample(TestSignals.SyntheticSpeech(16_000, 3), 16_000, 44_100);
        var evidence = new SpeechBandwidthDetector().Analyze(SpeechAudio.FromSamples(speech, 44_100), CancellationToken.None);
        Assert.Equal(EvidenceDirection.AiGenerated, evidence.Direction);
        Assert.Contains("44.1 kHz", evidence.Explanation, StringComparison.Ordinal);
        Assert.Contains("upsampled", evidence.Explanation, StringComparison.Ordinal);
        Assert.True(evidence.LikelihoodRatio <= 2);

        var native = new SpeechBandwidthDetector().Analyze(SpeechAudio.FromSamples(TestSignals.SyntheticSpeech(44_100, 3), 44_100), CancellationToken.None);
        Assert.Equal(EvidenceDirection.Neutral, native.Direction);
    }
}
