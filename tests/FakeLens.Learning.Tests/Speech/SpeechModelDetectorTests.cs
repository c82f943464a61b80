using FakeLens.Audio.Decoding;
using FakeLens.Core.Detection;
using FakeLens.Core.Evidence;
using FakeLens.Learning.Speech;

namespace FakeLens.Learning.Tests.Speech;

public sealed class SpeechModelDetectorTests
{
    private static readonly SpeechModelDetector Detector = new();

    private static async Task<Evidence> Scan(byte[] bytes, string name)
    {
        var result = await Detector.AnalyzeAsync(AnalysisContext.FromBytes(bytes, name), CancellationToken.None);
        return Assert.Single(result);
    }

    [Fact]
    public async Task Silence_is_not_applicable()
    {
        var evidence = await Scan(WavIo.Write(new float[16_000 * 3], 16_000), "silence.wav");
        Assert.Equal("speech.model-not-applicable", evidence.Id);
        Assert.Equal(EvidenceDirection.Neutral, evidence.Direction);
        Assert.Equal(0, evidence.Reliability);
    }

    [Fact]
    public async Task A_clip_of_0_3_s_is_not_applicable_and_says_why()
    {
        var evidence = await Scan(WavIo.Write(new float[4800], 16_000), "short.wav");
        Assert.Equal("speech.model-not-applicable", evidence.Id);
        Assert.Contains("0.30 s", evidence.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Corrupt_bytes_are_not_applicable_not_a_crash()
    {
        var bytes = "RIFF\u0010\0\0\0WAVEfmt garbage garbage"u8.ToArray();
        var evidence = await Scan(bytes, "broken.wav");
        Assert.Equal("speech.model-not-applicable", evidence.Id);
    }

    [Fact]
    public void Real_speech_gets_a_calibrated_probability_capped_strength_and_a_window_series()
    {
        var audio = AudioDecoder.DecodeFile(TestSupport.TestData.Path("audio", "real", "librispeech", "1034-121119-0000.flac"));
        var evidence = Detector.Analyze(audio, CancellationToken.None);
        Assert.Equal("speech.model", evidence.Id);
        Assert.InRange(evidence.Probability!.Value, 0, 1);
        Assert.InRange(evidence.LikelihoodRatio, 1, SpeechModelDetector.MaxLikelihoodRatio);
        Assert.False(evidence.Decisive);
        Assert.NotNull(evidence.TimeSeries);
        Assert.True(evidence.TimeSeries!.Values.Count >= Math.Floor(audio.DurationSeconds / LearnedSpeechModel.WindowStepSeconds) - 1);
        Assert.Contains(evidence.Facts, f => f.Name == "speech found");
    }

    [Fact]
    public void Shipped_model_records_the_feature_version_it_was_trained_on()
    {
        var model = LearnedSpeechModel.LoadDefault();
        Assert.Equal(Audio.Features.UtteranceFeatures.FeatureSetId, model.Bundle.Manifest.FeatureSet);
        Assert.Equal(Audio.Features.UtteranceFeatures.NamesOf(model.FeatureVersion).Count, model.Model.Classifier.FeatureCount);
        Assert.Equal(Audio.Features.UtteranceFeatures.NamesOf(model.FeatureVersion), model.Bundle.Manifest.FeatureNames);
        Assert.NotNull(model.Gmm);
        Assert.Contains("train speech", model.Bundle.Manifest.Command, StringComparison.Ordinal);
    }
}
