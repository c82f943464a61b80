using FakeLens.Learning.Speech;

namespace FakeLens.Learning.Tests.Speech;

/// <summary>The tables behind the speech figures, on four clips whose answers are counted by hand.</summary>
public sealed class SpeechEvaluationReportTests
{
    private static SpeechRow Row(int i, bool fake, string folder, string voice) =>
        new(i, new SpeechSample($"/clips/{i}.wav", fake, folder, fake ? "tts" : "real", voice), fake, fake ? "tts" : "real", "clean", [], [], 3.0);

    // real/a: 0.1 (voice v1), 0.4 (voice v2); fake/b: 0.9 (v1), 0.3 (v2). Threshold 0.35.
    // All: AUC = fake-above-real pairs 3 of 4 = 0.750; at 0.35 the 0.4 real and the 0.3 fake are wrong: accuracy, TPR and FPR 50 %.
    // Voice v1 is separated perfectly (EER 0, real called fake 0 %, fake caught 100 %); v2 is inverted (100 % / 0 %).
    private static readonly SpeechEvaluation.Scored Scored = new(
        "clean",
        [Row(0, false, "real/a", "v1"), Row(1, false, "real/a", "v2"), Row(2, true, "fake/b", "v1"), Row(3, true, "fake/b", "v2")],
        [0.1, 0.4, 0.9, 0.3],
        [0.1, 0.4, 0.9, 0.3]);

    private static string Line(string text, string start) => text.Split('\n').Single(l => l.StartsWith(start, StringComparison.Ordinal));

    [Fact]
    public void Overall_and_per_folder_rows_match_the_hand_counts()
    {
        var report = SpeechEvaluation.Report(Scored, 0.35);

        var all = Line(report, "| **all** |").Split('|', StringSplitOptions.TrimEntries);
        Assert.Equal(["2", "2"], all[2..4]);
        Assert.Equal("0.750", all[5]);
        Assert.Equal(["50.0 %", "50.0 %", "50.0 %"], all[6..9]);

        var real = Line(report, "| real/a |").Split('|', StringSplitOptions.TrimEntries);
        Assert.Equal(["2", "0", "—", "—"], real[2..6]);
        Assert.Equal("50.0 %", real[8]);   // one of the two reals scores above 0.35
    }

    [Fact]
    public void Voice_rows_show_what_each_voice_does_at_the_threshold()
    {
        var report = SpeechEvaluation.Report(Scored, 0.35);

        var v1 = Line(report, "| v1 |").Split('|', StringSplitOptions.TrimEntries);
        Assert.Equal(["1", "1", "0.0 %"], v1[2..5]);
        Assert.Equal(["0.0 %", "100.0 %"], v1[6..8]);
        var v2 = Line(report, "| v2 |").Split('|', StringSplitOptions.TrimEntries);
        Assert.Equal(["100.0 %", "0.0 %"], v2[6..8]);
    }

    [Fact]
    public void Eer_is_zero_when_every_fake_scores_above_every_real_and_ignores_missing_scores()
    {
        Assert.Equal(0.0, SpeechEvaluation.Eer([(0.1, false), (0.2, false), (0.8, true), (double.NaN, true), (0.9, true)]), 9);
        Assert.True(double.IsNaN(SpeechEvaluation.Eer([(double.NaN, true)])));
    }
}
