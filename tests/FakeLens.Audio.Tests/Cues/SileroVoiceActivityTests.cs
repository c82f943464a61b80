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
        // Silero marks the pauses between phrases as non-speech (this clip: about half its frames are speech).
        Assert.True(Share(speechStart, speechEnd) > 0.35, $"speech: {Share(speechStart, speechEnd)}");
        Assert.True(Share(speechEnd + 20, frames.Count) < 0.1, $"trailing noise: {Share(speechEnd + 20, frames.Count)}");
    }

    [Fact]
    public void A_steady_tone_is_speech_to_the_energy_rule_but_not_to_silero()
    {
        var noise = TestSignals.WhiteNoise(Rate, 3, 0.0005);
        var tone = TestSignals.Concat(TestSignals.Tone(220, Rate, 1), new float[Rate], TestSignals.Tone(220, Rate, 1));
        for (var i = 0; i < tone.Length; i++)
        {
            tone[i] += noise[i];
        }

        Assert.True(SpeechFrames.Analyze(tone, VoiceActivityKind.Energy).SpeechSeconds > 1.8);
        var silero = Model.Detect(tone, tone.Length / 160).Count(s => s) * 0.01;
        Assert.True(silero < 0.5, $"Silero: {silero} s of speech in two tones");
    }

    [Fact]
    public void Segments_run_as_one_batch_do_not_mix_the_first_segment_with_the_others()
    {
        var speech = AudioDecoder.DecodeFile(TestSupport.TestData.Path("audio", "real", "librispeech", "1034-121119-0000.flac")).Samples;
        var x = TestSignals.Concat(speech, speech);
        var all = Model.ChunkProbabilities(x);
        var segment = SileroVoiceActivity.ChunkSamples * SileroVoiceActivity.SegmentChunks;
        var first = Model.ChunkProbabilities(x.AsSpan(0, segment));
        Assert.True(all.Length > SileroVoiceActivity.SegmentChunks, "the test needs more than one segment");
        Assert.Equal(SileroVoiceActivity.SegmentChunks, first.Length);
        for (var i = 0; i < first.Length; i++)
        {
            Assert.Equal(first[i], all[i], 4);
        }

        Assert.Contains(first, p => p > 0.9f);
        Assert.Contains(first, p => p < 0.1f);
    }
}
