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
