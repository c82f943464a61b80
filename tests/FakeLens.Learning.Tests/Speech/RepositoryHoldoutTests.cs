using FakeLens.Audio.Features;
using FakeLens.Learning.Speech;

namespace FakeLens.Learning.Tests.Speech;

/// <summary>Leave one repository out: the held-out repository's clips of both classes and every voice it used stay out of training.</summary>
public sealed class RepositoryHoldoutTests
{
    [Fact]
    public void A_held_out_repository_removes_both_classes_and_its_voices_from_every_other_repository()
    {
        (bool, string, string, string)[] clips =
        [
            (true, "maskgct", "maskgct.github.io", "celeb:obama"), (false, "real", "maskgct.github.io", "maskgct-demo"),
            (true, "xtts", "ttsdb", "celeb:obama"), (false, "real", "VoiceCraft_web", "libritts:1089"),
            (true, "f5-tts", "prosodyeval.github.io", "libritts:1089"), (false, "real", "ljspeech", "lj"),
        ];
        var split = new RepositoryHoldout("maskgct.github.io", clips);

        Assert.False(split.InTraining("maskgct.github.io", "maskgct-demo"));
        Assert.False(split.InTraining("maskgct.github.io", "some-other-voice"));
        Assert.False(split.InTraining("ttsdb", "celeb:obama"));
        Assert.True(split.InTraining("VoiceCraft_web", "libritts:1089"));
        Assert.True(split.InTraining("ljspeech", "lj"));
        Assert.True(split.InTest("maskgct.github.io"));
        Assert.False(split.InTest("ttsdb"));

        var joined = new RepositoryHoldout("VoiceCraft_web+ttsdb", clips);
        Assert.False(joined.InTraining("prosodyeval.github.io", "libritts:1089"));
        Assert.False(joined.InTraining("maskgct.github.io", "celeb:obama"));
        Assert.True(joined.InTraining("maskgct.github.io", "maskgct-demo"));
        Assert.True(joined.InTest("ttsdb") && joined.InTest("VoiceCraft_web"));
    }

    // Three repositories whose synthetic clips sit high on one cue and real clips low, and a fourth ("new") whose real
    // clips are like the others'. When its synthetic clips are like the others' too, holding it out separates them
    // (EER near 0, TPR high); when they sit on the real side of the cue (a system like nothing in training), the figure
    // must show it (TPR near 0, EER near or above 50 %). The reference model is scored on the same held-out clips.
    [Theory]
    [InlineData(1f, 0.0, 0.05, 0.9, 1.0)]
    [InlineData(0f, 0.3, 1.0, 0.0, 0.2)]
    public void A_held_out_repository_is_scored_at_the_fold_threshold_beside_the_reference(float newFakeCue, double minEer, double maxEer, double minTpr, double maxTpr)
    {
        var random = new Random(3);
        var rows = new List<SpeechRow>();
        void Add(bool fake, string family, string folder, string group, float cue)
        {
            var x = new float[UtteranceFeatures.Count];
            for (var i = 0; i < x.Length; i++)
            {
                x[i] = (float)random.NextDouble();
            }

            x[0] = cue + (0.2f * (float)random.NextDouble());
            var i0 = rows.Count;
            rows.Add(new SpeechRow(i0, new SpeechSample($"/c/{i0}.wav", fake, folder, family, group), fake, family, "clean", x, [], 3.0));
        }

        foreach (var repo in new[] { "a", "b", "c", "new" })
        {
            for (var i = 0; i < 40; i++)
            {
                Add(true, "sys-" + repo + (i % 2), repo, $"{repo}-v{i % 5}", repo == "new" ? newFakeCue : 1f);
                Add(false, "real", repo, $"{repo}-r{i % 5}", 0f);
            }
        }

        var options = new SpeechTrainingOptions { TrainGmm = false, Threads = 1, Folds = 3 };
        var reference = new RepositoryEvaluation.Reference("cue", r => r.Features[0], 0.6);
        var report = RepositoryEvaluation.Run(rows, [("clean", rows)], ["new", "a"], options, reference, null, CancellationToken.None);

        var recipe = Cells(report, "new", 6);
        Assert.InRange(recipe[1], minTpr, maxTpr);
        Assert.InRange(recipe[2], minEer, maxEer);
        Assert.InRange(recipe[0], 0.0, 0.15);
        var cue = Cells(report, "new", 7);
        Assert.Equal(0.0, cue[0]);
        Assert.Equal(newFakeCue > 0.5f ? 1.0 : 0.0, cue[1]);
        var a = Cells(report, "a", 6);
        Assert.InRange(a[2], 0.0, 0.05);
        Assert.Contains("| sys-new0 | 20 | new |", report, StringComparison.Ordinal);
        Assert.Contains("| sys-a1 | 20 | a |", report, StringComparison.Ordinal);
    }

    // The utterance features carry nothing; the LFCC-GMM frames do: synthetic frames sit at +1.5 on the first dimension,
    // real ones at 0. When the held-out repository's synthetic frames are like the others', the GMM head separates it
    // (EER near 0, TPR high) at an FPR near the 5 % target; when they sit on the real side, the GMM head must miss them.
    // The fused head (mean of percentile ranks) sits between the chance-level LightGBM and the GMM.
    [Theory]
    [InlineData(1.5f, 0.0, 0.1, 0.8, 1.0)]
    [InlineData(0f, 0.3, 1.0, 0.0, 0.25)]
    public void Gmm_arms_are_trained_per_fold_and_scored_beside_the_recipe(float newFakeShift, double minEer, double maxEer, double minTpr, double maxTpr)
    {
        var random = new Random(5);
        double Gauss() => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
        var rows = new List<SpeechRow>();
        void Add(bool fake, string family, string folder, string group, float shift)
        {
            var x = new float[UtteranceFeatures.Count];
            for (var i = 0; i < x.Length; i++)
            {
                x[i] = (float)random.NextDouble();
            }

            var frames = Enumerable.Range(0, 30).Select(_ => new[] { shift + (float)Gauss(), (float)Gauss(), (float)Gauss() }).ToArray();
            var i0 = rows.Count;
            rows.Add(new SpeechRow(i0, new SpeechSample($"/c/{i0}.wav", fake, folder, family, group), fake, family, "clean", x, frames, 3.0));
        }

        foreach (var repo in new[] { "a", "b", "c", "new" })
        {
            for (var i = 0; i < 40; i++)
            {
                Add(true, "sys-" + repo, repo, $"{repo}-v{i % 5}", repo == "new" ? newFakeShift : 1.5f);
                Add(false, "real", repo, $"{repo}-r{i % 5}", 0f);
            }
        }

        var options = new SpeechTrainingOptions { Threads = 1, Folds = 3, GmmIterations = 5, GmmArms = [(2, 100_000), (4, 1_000)] };
        var report = RepositoryEvaluation.Run(rows, [("clean", rows)], ["new", "a"], options, null, null, CancellationToken.None);

        Assert.Contains("| pooled EER (every held-out clip) | ", report, StringComparison.Ordinal);
        Assert.Contains("GMM 2 × 100k, clean", report, StringComparison.Ordinal);
        Assert.Contains("fused 4 × 1k, clean", report, StringComparison.Ordinal);
        Assert.Contains("wall s, 2 × 100k", report, StringComparison.Ordinal);
        foreach (var column in new[] { 7, 9 })
        {
            var gmm = Cells(report, "new", column);
            Assert.InRange(gmm[0], 0.0, 0.2);
            Assert.InRange(gmm[1], minTpr, maxTpr);
            Assert.InRange(gmm[2], minEer, maxEer);
        }

        // Held-out "a" looks like training on both sides: the GMM separates it whatever "new" does.
        Assert.InRange(Cells(report, "a", 7)[2], 0.0, 0.1);
        var recipe = Cells(report, "a", 6)[2];
        var fused = Cells(report, "a", 8)[2];
        Assert.True(fused < recipe, $"fused EER {fused} should beat the chance-level LightGBM's {recipe}");
    }

    [Fact]
    public void Gmm_arms_parse_and_bad_ones_are_a_clear_error()
    {
        Assert.Null(RepositoryEvaluation.ParseGmmArms(null));
        Assert.Equal([(64, 20_000), (512, 100_000_000)], RepositoryEvaluation.ParseGmmArms("64:20000, 512:100000000"));
        Assert.Equal("256 × 500k", RepositoryEvaluation.ArmName((256, 500_000)));
        Assert.Equal("512 × 100M", RepositoryEvaluation.ArmName((512, 100_000_000)));
        foreach (var bad in new[] { "64", "64:x", "0:100", "512:100", "-4:100" })
        {
            var e = Assert.Throws<ArgumentException>(() => RepositoryEvaluation.ParseGmmArms(bad));
            Assert.Contains(bad.Split(',')[0], e.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void An_unknown_repository_is_a_clear_error()
    {
        var options = new SpeechTrainingOptions { TrainGmm = false, Threads = 1, Folds = 3 };
        var e = Assert.Throws<ArgumentException>(() => RepositoryEvaluation.Run([], [("clean", [])], ["nowhere"], options, null, null, CancellationToken.None));
        Assert.Contains("nowhere", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_voice_matched_row_names_the_folders_it_holds()
    {
        SpeechRow Row(int i, bool fake, string folder, float cue) =>
            new(i, new SpeechSample($"/m/{i}.wav", fake, folder, fake ? "sys" : "real", "v" + (i % 3)) { Matched = true }, fake, fake ? "sys" : "real", "clean", [cue], [], 3.0);
        var rows = Enumerable.Range(0, 12).Select(i => Row(i, i % 2 == 0, i < 6 ? "matched-pairs" : "UniAudio_demo", i % 2 == 0 ? 0.9f : 0.1f)).ToList();
        var report = SpeechEvaluation.Report(new SpeechEvaluation.Scored("clean", rows, rows.Select(r => (double)r.Features[0]).ToList(), rows.Select(_ => double.NaN).ToList()), 0.5);

        Assert.Contains("**voice-matched (UniAudio_demo, matched-pairs)**", report, StringComparison.Ordinal);
        Assert.DoesNotContain("vits-demo", report, StringComparison.Ordinal);
    }

    /// <summary>The "FPR / TPR / EER" cell of a repository's row (column 6 = recipe, 7 = reference), as fractions.</summary>
    private static double[] Cells(string report, string repository, int column)
    {
        var cells = report.Split('\n').First(l => l.StartsWith($"| {repository} |", StringComparison.Ordinal)).Split('|', StringSplitOptions.TrimEntries);
        return cells[column].Split('/', StringSplitOptions.TrimEntries)
            .Select(v => double.Parse(v.TrimEnd('%', ' '), System.Globalization.CultureInfo.InvariantCulture) / 100).ToArray();
    }
}
