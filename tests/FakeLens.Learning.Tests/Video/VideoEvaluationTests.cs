using FakeLens.Learning.Classifiers;
using FakeLens.Learning.Video;

namespace FakeLens.Learning.Tests.Video;

public sealed class VideoEvaluationTests
{
    // Feature rows with a known signal: fakes have feature 0 shifted by `shift`, except family "hidden" which does not.
    private static (List<float[]> X, List<VideoSample> Samples) Rows(double shift)
    {
        var rng = new Random(3);
        var x = new List<float[]>();
        var samples = new List<VideoSample>();
        foreach (var (family, fake, n) in new[] { ("cam-a", false, 20), ("cam-b", false, 20), ("cam-c", false, 20), ("gen-1", true, 20), ("gen-2", true, 20), ("hidden", true, 20) })
        {
            for (var i = 0; i < n; i++)
            {
                var signal = fake && family != "hidden" ? shift : 0;
                x.Add([(float)(rng.NextDouble() + signal), (float)rng.NextDouble(), (float)rng.NextDouble()]);
                samples.Add(new VideoSample($"{family}/{i}.mp4", fake, family, family));
            }
        }

        return (x, samples);
    }

    [Fact]
    public void A_family_carrying_the_signal_separates_and_a_family_without_it_does_not()
    {
        var (x, samples) = Rows(shift: 2);
        var result = VideoEvaluation.Evaluate(x, samples, ClassifierKind.LightGbm, folds: 5, seed: 7, targetFpr: 0.05, CancellationToken.None);
        var lofo = result.LeaveOneFamilyOut.ToDictionary(r => r.Family, r => r.Auc);
        Assert.True(lofo["gen-1"] > 0.85, $"gen-1 {lofo["gen-1"]}");
        Assert.True(lofo["hidden"] < 0.7, $"hidden {lofo["hidden"]}");
        Assert.Equal(3, result.Sources.Count(s => s.IsFake && !double.IsNaN(s.Auc)));
        Assert.Equal(3, result.Sources.Count(s => !s.IsFake));
        Assert.Contains("leave-one-family-out", VideoEvaluation.Table(result), StringComparison.Ordinal);
    }

    [Fact]
    public void Leave_one_family_out_never_trains_on_the_held_out_family_or_a_held_out_source_group()
    {
        // Two fake families share a source group ("repo-x"): holding one out must take the other's shared videos out too.
        VideoSample S(string path, bool fake, string family, string group) => new(path, fake, family, group);
        List<VideoSample> samples =
        [
            S("r/a1", false, "cam-a", "cam-a"), S("r/a2", false, "cam-a", "cam-a"), S("r/b1", false, "cam-b", "cam-b"),
            S("r/c1", false, "cam-c", "cam-c"), S("f/g1", true, "gen-1", "repo-x"), S("f/g2", true, "gen-2", "repo-x"),
            S("f/g3", true, "gen-2", "repo-y"), S("f/h1", true, "gen-3", "repo-z"),
        ];

        foreach (var family in new[] { "gen-1", "gen-2", "gen-3" })
        {
            var splits = VideoEvaluation.LeaveOneFamilyOutSplits(samples, family).ToList();
            Assert.Equal(2, splits.Count);
            var held = samples.Where(s => s.IsFake && s.Family == family).Select(s => s.Group).ToHashSet();
            foreach (var (train, testReal) in splits)
            {
                Assert.NotEmpty(testReal);
                Assert.DoesNotContain(train, i => samples[i].IsFake && samples[i].Family == family);
                Assert.DoesNotContain(train, i => held.Contains(samples[i].Group));
                Assert.DoesNotContain(train, i => testReal.Any(t => samples[t].Group == samples[i].Group));
            }

            // Every real source is tested once across the two splits.
            Assert.Equal(samples.Count(s => !s.IsFake), splits.Sum(s => s.TestReal.Count));
        }

        Assert.Empty(VideoEvaluation.LeaveOneFamilyOutSplits([.. samples.Where(s => s.IsFake || s.Group == "cam-a")], "gen-1"));
    }

    [Fact]
    public void The_confound_baseline_runs_the_same_protocol_on_its_columns_only()
    {
        var (x, samples) = Rows(shift: 2);
        var noise = VideoEvaluation.Evaluate(x, samples, ClassifierKind.LightGbm, folds: 5, seed: 7, targetFpr: 0.05, baselineColumns: [1], baselineName: "col1", CancellationToken.None);
        var signal = VideoEvaluation.Evaluate(x, samples, ClassifierKind.LightGbm, folds: 5, seed: 7, targetFpr: 0.05, baselineColumns: [0], baselineName: "col0", CancellationToken.None);

        Assert.Equal(3, noise.BaselineLeaveOneFamilyOut.Count);
        Assert.True(noise.BaselineLeaveOneFamilyOut.Single(r => r.Family == "gen-1").Auc < 0.75, "a noise column must not separate");
        Assert.True(signal.BaselineLeaveOneFamilyOut.Single(r => r.Family == "gen-1").Auc > 0.85, "the signal column alone separates");
        Assert.True(noise.LofoMean > noise.BaselineLofoMean);
        Assert.Contains("confound baseline: the same protocol with col1 alone", VideoEvaluation.Table(noise), StringComparison.Ordinal);
    }

    [Fact]
    public void Without_any_signal_held_out_auc_stays_near_chance()
    {
        var (x, samples) = Rows(shift: 0);
        var result = VideoEvaluation.Evaluate(x, samples, ClassifierKind.LightGbm, folds: 5, seed: 7, targetFpr: 0.05, CancellationToken.None);
        Assert.InRange(result.CvAuc, 0.3, 0.7);
    }

    [Fact]
    public void Dataset_names_families_by_first_subfolder_and_needs_both_classes()
    {
        var root = Directory.CreateTempSubdirectory("fakelens-video-ds-").FullName;
        try
        {
            foreach (var p in new[] { "real/cam/a.mp4", "real/cam/b.mkv", "fake/gen/x.mp4", "fake/gen/deep/y.webm", "fake/gen/notes.txt" })
            {
                var f = Path.Combine(root, p);
                Directory.CreateDirectory(Path.GetDirectoryName(f)!);
                File.WriteAllText(f, "x");
            }

            var samples = VideoDataset.Collect([Path.Combine(root, "real")], [Path.Combine(root, "fake")]);
            Assert.Equal(4, samples.Count);
            Assert.All(samples.Where(s => s.IsFake), s => Assert.Equal("gen", s.Family));
            Assert.All(samples.Where(s => !s.IsFake), s => Assert.Equal("cam", s.Group));
            Assert.Throws<ArgumentException>(() => VideoDataset.Collect([Path.Combine(root, "real")], []));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
