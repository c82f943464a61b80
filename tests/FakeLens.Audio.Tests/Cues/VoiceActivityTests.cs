using FakeLens.Audio.Cues;

namespace FakeLens.Audio.Tests.Cues;

public sealed class VoiceActivityTests
{
    private const int Rate = 16_000;

    [Fact]
    public void Tone_segments_are_speech_and_the_silence_between_them_is_not()
    {
        var noise = TestSignals.WhiteNoise(Rate, 3, 0.0005);
        var x = TestSignals.Concat(TestSignals.Tone(220, Rate, 1), new float[Rate], TestSignals.Tone(220, Rate, 1));
        for (var i = 0; i < x.Length; i++)
        {
            x[i] += noise[i];
        }

        var frames = SpeechFrames.Analyze(x);
        double Share(int from, int to) => Enumerable.Range(from, to - from).Count(t => frames.Speech[t]) / (double)(to - from);
        Assert.True(Share(5, 95) > 0.95, $"tone 1: {Share(5, 95)}");
        Assert.True(Share(110, 190) < 0.05, $"silence: {Share(110, 190)}");
        Assert.True(Share(205, 295) > 0.95, $"tone 2: {Share(205, 295)}");
        Assert.InRange(frames.SpeechSeconds, 1.8, 2.2);
    }

    [Fact]
    public void Steady_white_noise_is_not_speech()
    {
        var frames = SpeechFrames.Analyze(TestSignals.WhiteNoise(Rate, 3, 0.1));
        Assert.True(frames.SpeechSeconds < 0.2, $"{frames.SpeechSeconds} s of speech in noise");
    }
}
