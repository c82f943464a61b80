using FakeLens.Imaging.Decoding;
using FakeLens.Imaging.Features;
using FakeLens.Learning.Calibration;
using FakeLens.Learning.Classifiers;
using FakeLens.Learning.Evaluation;
using FakeLens.Learning.Image;
using FakeLens.TestSupport;

namespace FakeLens.Learning.Tests.Image;

public sealed class ImageModelTrainerTests : IDisposable
{
    private readonly SyntheticImageSet _set = new(perFolder: 14);

    public void Dispose() => _set.Dispose();

    private PatchFeatureTable Training(IReadOnlyList<ImageSample> samples, ImagePatchFeatures extractor) =>
        ImageFeatureExtraction.Training(samples, extractor, PatchAugmentation.Default, 3, 0, 5, 2, null, CancellationToken.None);

    [Fact]
    public void Trained_model_separates_held_out_images_and_survives_a_save_and_load()
    {
        var samples = _set.Samples();
        Assert.Equal(42, samples.Count);
        var extractor = new ImagePatchFeatures(ImageFeatureFamilies.Handmade); // the trainer, not the features, is under test; ResNet has its own tests
        var table = Training(samples, extractor);
        Assert.Empty(table.Failures);

        var model = ImageModelTrainer.Train(table, ClassifierKind.LightGbm, CalibrationKind.Platt, 0.05, 4, 5, CancellationToken.None, out var oof);

        // Held-out images (their fold's classifier never saw any patch of them) are told apart.
        var auc = BinaryMetrics.Auc(oof, samples.Select(s => s.IsFake).ToList());
        Assert.True(auc > 0.9, $"held-out AUC {auc:0.000}");
        Assert.InRange(model.Threshold, 0, 1);

        var path = Path.Combine(_set.Root, "model.zip");
        ImageModelBundles.Create(model, extractor, table, CalibrationKind.Platt, "test-image", 3, "synthetic", "test", 5, new Dictionary<string, double> { ["cv_auc"] = auc }, "")
            .Save(path);
        var loaded = LearnedImageModel.Load(path);
        Assert.Equal("test-image v3", loaded.Bundle.Manifest.DisplayName);
        Assert.Equal(extractor.Names, loaded.Extractor.Names);

        // New images, never used in training: a fresh up-sampled scene scores above a fresh camera-like one.
        var real = loaded.Score(Scenes.Natural(320, 320, seed: 9001), CancellationToken.None);
        var fake = loaded.Score(PseudoFakes.Nearest(Scenes.Natural(160, 160, seed: 9002)), CancellationToken.None);
        Assert.True(fake.Probability > real.Probability, $"fake {fake.Probability:0.000} vs real {real.Probability:0.000}");
        Assert.Equal(fake.Columns * fake.Rows, fake.PatchProbabilities.Count);
    }

    [Fact]
    public void Leave_one_generator_out_tests_each_family_on_a_model_that_never_saw_it()
    {
        var samples = _set.Samples();
        Assert.Equal(["transposed", "upsampled"], samples.Where(s => s.IsFake).Select(s => s.Family).Distinct().Order(StringComparer.Ordinal));
        var extractor = new ImagePatchFeatures(ImageFeatureFamilies.Spectral | ImageFeatureFamilies.Npr);
        var train = Training(samples, extractor);
        var test = ImageFeatureExtraction.Grid(samples, extractor, ImagePerturbation.Parse("jpeg:90"), LearnedImageModel.MaxPatches, 2, null, CancellationToken.None);

        var rows = ImageEvaluation.LeaveOneGeneratorOut(train, test, ClassifierKind.Logistic, 5, CancellationToken.None);

        Assert.Equal(2, rows.Count);
        Assert.All(rows, r =>
        {
            Assert.Equal(14, r.Fakes);
            Assert.InRange(r.Reals, 6, 8); // the 14 real images are dealt to the two held-out groups
            Assert.InRange(r.Auc, 0, 1);
        });
        var table = ImageEvaluation.LooTable(rows);
        Assert.Contains("| upsampled | 14 |", table, StringComparison.Ordinal);
        Assert.Contains("**mean**", table, StringComparison.Ordinal);
    }

    [Fact]
    public void A_subsampled_grid_gives_rows_only_to_the_included_images_and_the_same_rows_as_the_full_grid()
    {
        var samples = _set.Samples().Take(6).ToList();
        var extractor = new ImagePatchFeatures(ImageFeatureFamilies.Colour);
        var full = ImageFeatureExtraction.Grid(samples, extractor, ImagePerturbation.Parse("crop:256,jpeg:85"), 1, 2, null, CancellationToken.None);
        var half = ImageFeatureExtraction.Grid(samples, extractor, ImagePerturbation.Parse("crop:256,jpeg:85"), 1, 2, null, CancellationToken.None, include: i => i % 2 == 0);
        Assert.Equal([0, 2, 4], half.ImageOf.Distinct());
        Assert.Empty(half.Failures);
        for (var r = 0; r < half.Rows.Count; r++)
        {
            Assert.Equal(full.Rows[full.ImageOf.ToList().IndexOf(half.ImageOf[r])], half.Rows[r]);
        }
    }

    [Fact]
    public void Training_rows_are_the_same_in_every_run_and_process()
    {
        var samples = _set.Samples().Take(6).ToList();
        var extractor = new ImagePatchFeatures(ImageFeatureFamilies.Colour | ImageFeatureFamilies.Noise);
        var a = ImageFeatureExtraction.Training(samples, extractor, PatchAugmentation.Default, 2, 0, 7, 2, null, CancellationToken.None);
        var b = ImageFeatureExtraction.Training(samples, extractor, PatchAugmentation.Default, 2, 0, 7, 1, null, CancellationToken.None);
        Assert.Equal(a.Rows.Count, b.Rows.Count);
        for (var i = 0; i < a.Rows.Count; i++)
        {
            Assert.Equal(a.Rows[i], b.Rows[i]);
        }
    }

    [Fact]
    public void A_model_refuses_features_it_was_not_trained_with()
    {
        var samples = _set.Samples();
        var extractor = new ImagePatchFeatures(ImageFeatureFamilies.Colour);
        var table = Training(samples, extractor);
        var model = ImageModelTrainer.Train(table, ClassifierKind.Logistic, CalibrationKind.Platt, 0.05, 3, 5, CancellationToken.None, out _);
        var bundle = ImageModelBundles.Create(model, extractor, table, CalibrationKind.Platt, "x", 1, "", "", 5, new Dictionary<string, double>(), "");
        var path = Path.Combine(_set.Root, "colour.zip");
        bundle.Save(path);

        // Loading works (the model knows its own families) …
        Assert.Equal(ImageFeatureFamilies.Colour, LearnedImageModel.Load(path).Extractor.Families);

        // … but a manifest whose names this build does not compute (same count, one renamed) is refused with a clear message.
        var forged = new FakeLens.Learning.Models.ModelBundle(bundle.Manifest with { FeatureNames = [.. bundle.Manifest.FeatureNames.SkipLast(1), "colour.made-up"] }, bundle.Model, bundle.Attachments);
        var forgedPath = Path.Combine(_set.Root, "forged.zip");
        forged.Save(forgedPath);
        var e = Assert.Throws<FakeLens.Learning.Models.ModelMismatchException>(() => LearnedImageModel.Load(forgedPath));
        Assert.Contains("retrain", e.Message, StringComparison.Ordinal);
    }
}
