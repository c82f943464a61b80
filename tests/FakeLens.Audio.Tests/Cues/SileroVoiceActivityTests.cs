using FakeLens.Audio.Cues;
using FakeLens.Audio.Decoding;

namespace FakeLens.Audio.Tests.Cues;

public sealed class SileroVoiceActivityTests
{
    private const int Rate = 16_000;

    private static SileroVoiceActivity Model => SileroVoiceActivity.Default
        ?? throw new InvalidOperationException("silero_vad_v5.onnx is not installed: run scripts/bootstrap.sh tests (it fetches @ricky0123/vad-web 0.0.31 into .fakelens/models/).");

    [Fact]
    public void Real_speech_is_speech_and_the_silence_and_noise_around_it_are_not()
    {
        var speech = AudioDecoder.DecodeFile(TestSupport.TestData.Path("audio", "real", "librispeech", "1034-121119-0000.flac")).Samples;
        var noise = TestSignals.WhiteNoise(Rate, 2, 0.05);
        var x = TestSignals.Concat(new float[Rate], speech, noise);
        var frames = SpeechFrames.Analyze(x, VoiceActivityKind.Silero);
        Assert.Equal(VoiceActivityKind.Silero, frames.Vad);
        var speechStart = Rate / 160;
        var speechEnd = (Rate + speech.Length) / 160;
        double Share(int from, int to) => Enumerable.Range(from, to - from).Count(t => frames.Speech[t]) / (double)(to - from);
        Assert.True(Share(0, speechStart - 10) < 0.05, $"leading silence: {Share(0, speechStart - 10)}");
        Assert.True(Share(speechStart, speechEnd) > 0.6, $"speech: {Share(speechStart, speechEnd)}");
        Assert.True(Share(speechEnd + 20, frames.Count) < 0.1, $"trailing noise: {Share(speechEnd + 20, frames.Count)}");
    }

    [Fact]
    public void A_steady_tone_is_speech_to_the_energy_rule_but_not_to_silero()
    {
        var tone = TestSignals.Tone(220, Rate, 3);
        Assert.True(SpeechFrames.Analyze(tone, VoiceActivityKind.Energy).SpeechSeconds > 2.5);
        Assert.True(Model.Detect(tone, tone.Length / 160).Count(s => s) * 0.01 < 0.5);
    }

    [Fact]
    public void Segments_run_as_one_batch_give_the_same_probabilities_as_one_segment_at_a_time()
    {
        var speech = AudioDecoder.DecodeFile(TestSupport.TestData.Path("audio", "real", "librispeech", "1034-121119-0000.flac")).Samples;
        var x = TestSignals.Concat(speech, speech);
        var all = Model.ChunkProbabilities(x);
        var segment = SileroVoiceActivity.ChunkSamples * SileroVoiceActivity.SegmentChunks;
        var second = Model.ChunkProbabilities(x.AsSpan(segment, Math.Min(segment, x.Length - segment)));
        Assert.True(all.Length > SileroVoiceActivity.SegmentChunks, "the test needs more than one segment");
        for (var i = 0; i < second.Length; i++)
        {
            Assert.Equal(second[i], all[SileroVoiceActivity.SegmentChunks + i], 3);
        }
    }
}
