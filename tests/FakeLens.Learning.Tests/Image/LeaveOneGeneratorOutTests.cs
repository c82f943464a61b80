using FakeLens.Learning.Classifiers;
using FakeLens.Learning.Image;

namespace FakeLens.Learning.Tests.Image;

public sealed class LeaveOneGeneratorOutTests
{
    /// <summary>3 AI families × 8 images and 5 real sources (camera folders) of 2–9 photos, with random 4-d rows (2 per image).</summary>
    private static PatchFeatureTable Table()
    {
        var samples = new List<ImageSample>();
        foreach (var family in (string[])["flux", "midjourney", "sd1"])
        {
            for (var i = 0; i < 8; i++)
            {
                samples.Add(new ImageSample($"/ai/{family}/{i}.png", true, family, family));
            }
        }

        var sources = new (string Folder, int Count)[] { ("canon", 9), ("nikon", 6), ("iphone", 4), ("kodak", 3), ("scans", 2) };
        foreach (var (folder, count) in sources)
        {
            for (var i = 0; i < count; i++)
            {
                samples.Add(new ImageSample($"/real/{folder}/{i}.jpg", false, folder, "real"));
            }
        }

        var random = new Random(3);
        var rows = new List<float[]>();
        var imageOf = new List<int>();
        var labels = new List<bool>();
        for (var i = 0; i < samples.Count; i++)
        {
            for (var k = 0; k < 2; k++)
            {
                var shift = samples[i].IsFake ? 0.8f : 0f;
                rows.Add([.. Enumerable.Range(0, 4).Select(_ => (float)random.NextDouble() + shift)]);
                imageOf.Add(i);
                labels.Add(samples[i].IsFake);
            }
        }

        return new PatchFeatureTable(samples, ["a", "b", "c", "d"], rows, imageOf, labels, [.. labels.Select(_ => false)], []);
    }

    [Fact]
    public void No_image_of_the_held_out_family_or_its_real_sources_reaches_training()
    {
        var table = Table();
        var samples = table.Samples;
        var checkedFamilies = new List<string>();
        var rows = ImageEvaluation.LeaveOneGeneratorOut(table, table, ClassifierKind.Logistic, 5, CancellationToken.None, out var heldOut, (family, training) =>
        {
            lock (checkedFamilies)
            {
                checkedFamilies.Add(family);
            }

            var trainingImages = training.ImageOf.ToHashSet();
            Assert.DoesNotContain(trainingImages, i => samples[i].IsFake && samples[i].Family == family);
            var split = ImageEvaluation.LeaveOneGeneratorOutSplits(samples, 5).Single(s => s.Family == family);
            Assert.Empty(trainingImages.Intersect(split.Test));

            // A real source (camera folder) is either wholly held out or wholly in training.
            var heldOutFolders = split.Test.Where(i => !samples[i].IsFake).Select(i => samples[i].Folder).ToHashSet();
            Assert.NotEmpty(heldOutFolders);
            Assert.DoesNotContain(trainingImages, i => !samples[i].IsFake && heldOutFolders.Contains(samples[i].Folder));
        }, parallelism: 2);

        Assert.Equal(["flux", "midjourney", "sd1"], checkedFamilies.Order(StringComparer.Ordinal));
        Assert.Equal(3, rows.Count);
        Assert.All(rows, r => Assert.Equal(8, r.Fakes));

        // Every image is held out exactly once, so every image has a pooled held-out score.
        Assert.All(heldOut, s => Assert.False(double.IsNaN(s)));
        var pooled = ImageEvaluation.Pooled(samples, heldOut);
        Assert.Equal((24, 24), (pooled.Fakes, pooled.Reals));
        Assert.InRange(pooled.Auc, 0.8, 1.0); // the fake rows are shifted, so a model that never saw the family still ranks them
    }

    [Fact]
    public void Real_sources_are_dealt_whole_and_balanced()
    {
        var samples = Table().Samples;
        var groups = ImageEvaluation.RealGroups(samples, 3, 5);
        foreach (var folder in samples.Where(s => !s.IsFake).Select(s => s.Folder).Distinct())
        {
            Assert.Single(Enumerable.Range(0, samples.Count).Where(i => samples[i].Folder == folder && !samples[i].IsFake).Select(i => groups[i]).Distinct());
        }

        var sizes = Enumerable.Range(0, 3).Select(g => groups.Count(x => x == g)).ToArray();
        Assert.Equal(24, sizes.Sum());
        Assert.True(sizes.Max() - sizes.Min() <= 3, string.Join(",", sizes));
        Assert.All(Enumerable.Range(0, samples.Count).Where(i => samples[i].IsFake), i => Assert.Equal(-1, groups[i]));
    }

    /// <summary>
    /// Issue 13 round 13: --compare's arms on one table. Each pair's row gives the pooled figures and cross-fitted ECE of
    /// its own held-out scores (returned for paired comparisons), and the per-family table gives, under each pair, the
    /// AUC that a leave-one-generator-out run on that pair's columns alone returns.
    /// </summary>
    [Fact]
    public void Compare_reports_each_pairs_pooled_figures_ece_and_per_family_auc_from_its_own_held_out_scores()
    {
        var source = Table();
        var names = new Imaging.Features.ImagePatchFeatures(Imaging.Features.ImageFeatureFamilies.Colour | Imaging.Features.ImageFeatureFamilies.Noise).Names;
        var random = new Random(11);
        var rows = source.Rows.Select((r, i) => Enumerable.Range(0, names.Count).Select(j => j < 4 ? r[j] : (float)random.NextDouble()).ToArray()).ToList();
        var table = new PatchFeatureTable(source.Samples, names, rows, [.. source.ImageOf], [.. source.Labels], [.. source.Pseudo], []);
        (ClassifierKind, Imaging.Features.ImageFeatureFamilies)[] configs =
        [
            (ClassifierKind.Logistic, Imaging.Features.ImageFeatureFamilies.Colour | Imaging.Features.ImageFeatureFamilies.Noise),
            (ClassifierKind.Logistic, Imaging.Features.ImageFeatureFamilies.Noise),
        ];
        var scores = new List<double[]>();
        var progress = new List<string>();
        var text = ImageEvaluation.Compare(table, table, configs, 0, 5, m => { lock (progress) { progress.Add(m); } }, CancellationToken.None, 2, 1.0, scores);

        Assert.Equal(2, scores.Count);
        var noiseOnly = table.Select(Imaging.Features.ImageFeatureFamilies.Noise);
        var direct = ImageEvaluation.LeaveOneGeneratorOut(noiseOnly, noiseOnly, ClassifierKind.Logistic, 5, CancellationToken.None, out var heldOut, 2, 1.0);
        Assert.Equal(heldOut, scores[1]);
        var pooled = ImageEvaluation.Pooled(table.Samples, heldOut);
        var inv = System.Globalization.CultureInfo.InvariantCulture;
        var line = text.Split('\n').Single(l => l.StartsWith("| Logistic | noise |", StringComparison.Ordinal));
        var cells = line.Split('|', StringSplitOptions.TrimEntries).Where(c => c.Length > 0).ToArray();
        Assert.Equal(9, cells.Length);
        Assert.Equal(pooled.Auc.ToString("0.000", inv), cells[5]);
        Assert.Equal(pooled.TprAt1.ToString("0.000", inv), cells[6]);
        Assert.Equal(pooled.TprAt5.ToString("0.000", inv), cells[7]);
        Assert.Equal(ImageEvaluation.CrossFittedEce(table.Samples, heldOut, 5).ToString("0.000", inv), cells[8]);
        foreach (var r in direct)
        {
            var familyLine = text.Split('\n').Single(l => l.StartsWith($"| {r.Family} |", StringComparison.Ordinal));
            var familyCells = familyLine.Split('|', StringSplitOptions.TrimEntries).Where(c => c.Length > 0).ToArray();
            Assert.Equal(5, familyCells.Length);
            Assert.Equal(r.Auc.ToString("0.000", inv), familyCells[4]);
            Assert.Contains(progress, m => m.Contains($"Logistic:noise {r.Family}:", StringComparison.Ordinal));
        }
    }

    [Fact]
    public void Progress_reports_each_family_once_with_the_result_the_run_returns()
    {
        // A whole-corpus run takes an hour or more: each family's line is reported as its fold ends, so a stopped run
        // still says what it measured. The reported results are the returned ones, however the folds interleave.
        var table = Table();
        var reported = new List<LooResult>();
        var rows = ImageEvaluation.LeaveOneGeneratorOut(table, table, ClassifierKind.Logistic, 5, CancellationToken.None, out _, 2, 1.0, r =>
        {
            lock (reported)
            {
                reported.Add(r);
            }
        });

        Assert.True(rows.Count >= 2, $"{rows.Count} families");
        Assert.Equal(rows.Select(r => r.Family).Order(StringComparer.Ordinal), reported.Select(r => r.Family).Order(StringComparer.Ordinal));
        Assert.All(rows, r => Assert.Equal(r, reported.Single(x => x.Family == r.Family)));
    }

    [Fact]
    public void Cross_fitted_probabilities_of_a_fold_never_see_that_folds_other_scores()
    {
        var table = Table();
        var samples = table.Samples;
        ImageEvaluation.LeaveOneGeneratorOut(table, table, ClassifierKind.Logistic, 5, CancellationToken.None, out var heldOut, parallelism: 1);
        var p = ImageEvaluation.CrossFittedProbabilities(samples, heldOut, 5);
        Assert.All(p, v => Assert.InRange(v, 0.0, 1.0));
        Assert.InRange(ImageEvaluation.CrossFittedEce(samples, heldOut, 5), 0.0, 0.5);

        // Scramble every held-out score of the flux fold except one image's: that image's probability must not move
        // (its calibrator comes from the other folds), while the other folds' calibrators, which use flux's scores, do.
        var split = ImageEvaluation.LeaveOneGeneratorOutSplits(samples, 5).Single(s => s.Family == "flux");
        var keep = split.Test.First(i => samples[i].IsFake);
        var scrambled = heldOut.ToArray();
        var random = new Random(11);
        foreach (var i in split.Test.Where(i => i != keep))
        {
            scrambled[i] = (random.NextDouble() * 20) - 10;
        }

        var q = ImageEvaluation.CrossFittedProbabilities(samples, scrambled, 5);
        Assert.Equal(p[keep], q[keep], 12);
        var other = Enumerable.Range(0, samples.Count).First(i => samples[i].IsFake && samples[i].Family == "sd1");
        Assert.NotEqual(p[other], q[other]);
    }

    [Fact]
    public void A_capped_source_carries_at_most_its_share_and_both_classes_weigh_the_same()
    {
        // 3 AI sources of 60, 10 and 10 rows, 2 real sources of 30 and 30: capped at 0.5, the big AI source falls to
        // half of the AI weight (from 75 %); the real sources, already at 0.5, keep equal weights.
        var samples = new List<ImageSample>();
        var imageOf = new List<int>();
        var labels = new List<bool>();
        foreach (var (source, count, fake) in new[] { ("big", 60, true), ("b", 10, true), ("c", 10, true), ("cam1", 30, false), ("cam2", 30, false) })
        {
            for (var i = 0; i < count; i++)
            {
                samples.Add(new ImageSample($"/{source}/{i}.png", fake, source, fake ? source : "real", "repo/" + source));
                imageOf.Add(samples.Count - 1);
                labels.Add(fake);
            }
        }

        var table = new PatchFeatureTable(samples, ["a"], [.. labels.Select(_ => new float[] { 0 })], imageOf, labels, [.. labels.Select(_ => false)], []);
        var w = ImageModelTrainer.Weights(table, 0.5);
        double Sum(Func<int, bool> f) => Enumerable.Range(0, w.Length).Where(f).Sum(r => (double)w[r]);
        var fakeTotal = Sum(r => labels[r]);
        Assert.Equal(fakeTotal, Sum(r => !labels[r]), 3);
        Assert.Equal(w.Length, fakeTotal * 2, 3);
        Assert.Equal(0.5, Sum(r => samples[imageOf[r]].SourceName == "repo/big") / fakeTotal, 3);
        Assert.Equal(Sum(r => samples[imageOf[r]].SourceName == "repo/cam1"), Sum(r => samples[imageOf[r]].SourceName == "repo/cam2"), 3);

        // No cap: plain class balance.
        Assert.Equal(ImageModelTrainer.BalancedWeights(labels), ImageModelTrainer.Weights(table, 1));
    }

    [Fact]
    public void Source_disjoint_folds_keep_every_repository_on_one_side()
    {
        var table = Table();
        var samples = table.Samples;
        var splits = ImageEvaluation.SourceDisjointSplits(samples, 2);
        Assert.Equal(2, splits.Count);
        Assert.Equal(samples.Count, splits.Sum(s => s.Test.Count));
        foreach (var source in samples.Select(s => s.SourceName).Distinct())
        {
            Assert.Single(splits, s => s.Test.Any(i => samples[i].SourceName == source));
        }

        Assert.All(splits, s => Assert.Contains(s.Test, i => samples[i].IsFake));
        Assert.All(splits, s => Assert.Contains(s.Test, i => !samples[i].IsFake));
        var rows = ImageEvaluation.SourceDisjoint(table, table, ClassifierKind.Logistic, 2, 5, CancellationToken.None, out var heldOut);
        Assert.Equal(2, rows.Count);
        Assert.All(heldOut, s => Assert.False(double.IsNaN(s)));
    }
}
