using FakeLens.Audio.Decoding;
using FakeLens.Core.Evidence;
using FakeLens.Learning.Speech;

namespace FakeLens.Learning.Tests.Speech;

/// <summary>
/// Regression pins for the shipped default-speech model on fixed shared files: the decision probability must stay
/// within a small tolerance of the value measured when the model was committed, and on the right side of its
/// threshold. A change of features, VAD, resampler or model that moves these scores fails here.
/// </summary>
public sealed class ShippedSpeechModelTests
{
    private const double Tolerance = 0.02;
    private static readonly LearnedSpeechModel Model = LearnedSpeechModel.LoadDefault();
    private static readonly LearnedSpeechModel V3 = LearnedSpeechModel.From(FakeLens.Learning.Models.ModelBundle.LoadEmbedded("default-speech-v3.zip"));
    private static readonly LearnedSpeechModel V4 = LearnedSpeechModel.From(FakeLens.Learning.Models.ModelBundle.LoadEmbedded("default-speech-v4.zip"));
    private static readonly LearnedSpeechModel V5 = LearnedSpeechModel.From(FakeLens.Learning.Models.ModelBundle.LoadEmbedded("default-speech-v5.zip"));
    private static readonly LearnedSpeechModel V6 = LearnedSpeechModel.From(FakeLens.Learning.Models.ModelBundle.LoadEmbedded("default-speech-v6.zip"));
    private static readonly LearnedSpeechModel V7 = LearnedSpeechModel.From(FakeLens.Learning.Models.ModelBundle.LoadEmbedded("default-speech-v7.zip"));
    private static readonly LearnedSpeechModel V8 = LearnedSpeechModel.From(FakeLens.Learning.Models.ModelBundle.LoadEmbedded("default-speech-v8.zip"));

    [Theory]
    [InlineData("audio/real/librispeech/1034-121119-0000.flac", false, 0.8678)]
    [InlineData("audio/real/speechbrain/spk1_snt1.wav", false, 0.3452)]
    [InlineData("audio/synthetic/tortoise/favorites/atkins_mha.mp3", true, 0.9737)]
    [InlineData("audio/synthetic/classic-tts/espeak-ng_01_en-us.wav", true, 0.9812)]
    public void Shipped_model_scores_fixed_files_as_when_it_was_committed(string file, bool fake, double pinned)
    {
        var score = ScoreOf(Model, file);
        Assert.True(Math.Abs(score.Probability - pinned) <= Tolerance, $"{file}: probability {score.Probability:0.0000}, pinned {pinned}");
        Assert.Equal(fake, score.Probability >= Model.Threshold);
    }

    // Earlier model files keep scoring as when they were committed: v8 (the previous default, the same recipe without
    // the Opus 24k rows), v7 (the same recipe without the round-7 modern block), v6 (the same recipe without the seventh round's real sources), v5 (the same recipe on the 3,120-clip corpus), v4 (clean-trained on the same v2 vector) and v3, trained on the 194-value v1 vector. Since v2
    // appends values, v1 must still be computed as the exact prefix: if the prefix drifted, v3's pins would move.
    [Theory]
    [InlineData(8, 2, "audio/real/librispeech/1034-121119-0000.flac", 0.7891)]
    [InlineData(8, 2, "audio/real/speechbrain/spk1_snt1.wav", 0.3430)]
    [InlineData(8, 2, "audio/synthetic/tortoise/favorites/atkins_mha.mp3", 0.9748)]
    [InlineData(8, 2, "audio/synthetic/classic-tts/espeak-ng_01_en-us.wav", 0.9799)]
    [InlineData(7, 2, "audio/real/librispeech/1034-121119-0000.flac", 0.8753)]
    [InlineData(7, 2, "audio/real/speechbrain/spk1_snt1.wav", 0.2100)]
    [InlineData(7, 2, "audio/synthetic/tortoise/favorites/atkins_mha.mp3", 0.9799)]
    [InlineData(7, 2, "audio/synthetic/classic-tts/espeak-ng_01_en-us.wav", 0.9691)]
    [InlineData(6, 2, "audio/real/librispeech/1034-121119-0000.flac", 0.8136)]
    [InlineData(6, 2, "audio/real/speechbrain/spk1_snt1.wav", 0.4417)]
    [InlineData(6, 2, "audio/synthetic/tortoise/favorites/atkins_mha.mp3", 0.9730)]
    [InlineData(6, 2, "audio/synthetic/classic-tts/espeak-ng_01_en-us.wav", 0.9835)]
    [InlineData(5, 2, "audio/real/librispeech/1034-121119-0000.flac", 0.8188)]
    [InlineData(5, 2, "audio/real/speechbrain/spk1_snt1.wav", 0.5607)]
    [InlineData(5, 2, "audio/synthetic/tortoise/favorites/atkins_mha.mp3", 0.9554)]
    [InlineData(5, 2, "audio/synthetic/classic-tts/espeak-ng_01_en-us.wav", 0.9786)]
    [InlineData(4, 2, "audio/real/librispeech/1034-121119-0000.flac", 0.7876)]
    [InlineData(4, 2, "audio/real/speechbrain/spk1_snt1.wav", 0.4692)]
    [InlineData(4, 2, "audio/synthetic/tortoise/favorites/atkins_mha.mp3", 0.9444)]
    [InlineData(4, 2, "audio/synthetic/classic-tts/espeak-ng_01_en-us.wav", 0.9539)]
    [InlineData(3, 1, "audio/real/librispeech/1034-121119-0000.flac", 0.732)]
    [InlineData(3, 1, "audio/real/speechbrain/spk1_snt1.wav", 0.4833)]
    [InlineData(3, 1, "audio/synthetic/tortoise/favorites/atkins_mha.mp3", 0.9727)]
    [InlineData(3, 1, "audio/synthetic/classic-tts/espeak-ng_01_en-us.wav", 0.9607)]
    public void Earlier_model_files_still_score_as_when_they_were_committed(int version, int featureVersion, string file, double pinned)
    {
        var model = version switch { 3 => V3, 4 => V4, 5 => V5, 6 => V6, 7 => V7, _ => V8 };
        Assert.Equal(featureVersion, model.FeatureVersion);
        var score = ScoreOf(model, file);
        Assert.True(Math.Abs(score.Probability - pinned) <= Tolerance, $"{file}: v{version} probability {score.Probability:0.0000}, pinned {pinned}");
    }

    [Fact]
    public void Shipped_model_is_v9_trained_clean_MP3_and_Opus_and_records_its_command()
    {
        // v9 = v8's recipe (LightGBM on the v2 vector deciding, the LFCC-GMM beside it, the round-7 modern block) with
        // every clip in three conditions: clean, after MP3 64 kbit/s and after Opus 24 kbit/s; shipped in round 11 on its
        // leave-one-repository-out figures (Opus real FPR 32 -> 13 %) and leave-one-system-out figure (docs/speech.md).
        // The file records both and its leave-one-real-source-out false-positive rate, each clean, after MP3 and after Opus.
        var manifest = Model.Bundle.Manifest;
        Assert.Equal(9, manifest.Version);
        Assert.Contains("--conditions clean,mp3:64,opus:24", manifest.Command, StringComparison.Ordinal);
        Assert.Equal(2, Model.FeatureVersion);
        Assert.NotNull(Model.Gmm);
        Assert.Null(Model.Decision);
        Assert.Equal(Model.Model.Threshold, Model.Threshold);
        Assert.Contains("--corpus data/speech-corpus.csv", manifest.Command, StringComparison.Ordinal);
        Assert.Contains("--decide model", manifest.Command, StringComparison.Ordinal);
        Assert.DoesNotContain("--row-weights", manifest.Command, StringComparison.Ordinal);
        Assert.DoesNotContain("real/librispeech", manifest.Command, StringComparison.Ordinal);
        foreach (var modern in new[] { "maskgct.github.io", "ditto-tts.github.io", "UniAudio_demo", "VoiceCraft_web", "ttsdb", "prosodyeval.github.io", "gspo_sparktts" })
        {
            Assert.Contains(modern + " (fake", manifest.TrainedOn, StringComparison.Ordinal);
        }

        Assert.InRange(manifest.Metrics["loo_eer"], 0.05, 0.5);
        Assert.InRange(manifest.Metrics["loo_eer_mp3"], 0.05, 0.5);
        Assert.InRange(manifest.Metrics["loo_eer_opus"], 0.05, 0.5);
        Assert.True(manifest.Metrics["loo_systems"] >= 90);
        Assert.InRange(manifest.Metrics["loro_fpr"], 0.0, 0.5);
        Assert.InRange(manifest.Metrics["loro_fpr_mp3"], 0.0, 0.5);
        Assert.InRange(manifest.Metrics["loro_fpr_opus"], 0.0, 0.5);
        Assert.InRange(manifest.Metrics["lorepo_eer"], 0.05, 0.6);
        Assert.InRange(manifest.Metrics["lorepo_eer_mp3"], 0.05, 0.6);
        Assert.InRange(manifest.Metrics["lorepo_eer_opus"], 0.05, 0.6);
        Assert.Equal(7, manifest.Metrics["lorepo_repositories"]);
        Assert.InRange(Model.Threshold, 0.01, 0.99);
    }

    [Fact]
    public void Evidence_quotes_the_leave_one_system_out_error_rate_of_the_model_file()
    {
        var audio = AudioDecoder.DecodeFile(TestSupport.TestData.Path("audio", "real", "librispeech", "1034-121119-0000.flac"));
        var evidence = new SpeechModelDetector(Model).Analyze(audio, CancellationToken.None);
        Assert.Equal("speech.model", evidence.Id);
        Assert.Contains("leave-one-system-out", evidence.Explanation, StringComparison.Ordinal);
        Assert.Contains(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{100 * Model.Bundle.Manifest.Metrics["loo_eer_mp3"]:0} % after MP3 64 kbit/s, {100 * Model.Bundle.Manifest.Metrics["loo_eer_opus"]:0} % after Opus 24 kbit/s"), evidence.Explanation, StringComparison.Ordinal);
        Assert.Contains(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"about {100 * Model.Bundle.Manifest.Metrics["lorepo_eer"]:0} % of clips, {100 * Model.Bundle.Manifest.Metrics["lorepo_eer_mp3"]:0} % after MP3, {100 * Model.Bundle.Manifest.Metrics["lorepo_eer_opus"]:0} % after Opus (leave-one-repository-out equal error rate over 7 repositories)"), evidence.Explanation, StringComparison.Ordinal);
        Assert.Contains(evidence.Facts, f => f.Name == "speech found" && f.Value.Contains("Silero VAD v5", StringComparison.Ordinal));
        Assert.Equal(EvidenceDirection.Neutral, evidence.Direction);
    }

    private static SpeechScore ScoreOf(LearnedSpeechModel model, string file)
        => model.Score(FakeLens.Audio.Cues.SpeechFrames.Analyze(AudioDecoder.DecodeFile(TestSupport.TestData.Path(file.Split('/'))).Samples));
}
