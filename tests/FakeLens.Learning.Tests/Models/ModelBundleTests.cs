using FakeLens.Learning.Calibration;
using FakeLens.Learning.Classifiers;
using FakeLens.Learning.Models;
using FakeLens.Learning.Tests.Classifiers;
using FakeLens.Learning.Training;

namespace FakeLens.Learning.Tests.Models;

public sealed class ModelBundleTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("fakelens-bundle-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static ModelManifest Manifest(CalibratedModel model, int featureCount) => new()
    {
        Name = "test-model",
        Version = 3,
        FeatureSet = "synthetic",
        FeatureVersion = 2,
        FeatureNames = [.. Enumerable.Range(0, featureCount).Select(i => "f" + i)],
        Classifier = model.Classifier.Kind.ToString(),
        Calibration = model.Calibrator.Kind,
        Threshold = model.Threshold,
        TargetFpr = model.TargetFpr,
        Seed = 1,
        Command = "fakelens train synthetic",
        Created = DateTimeOffset.UnixEpoch,
        Metrics = new Dictionary<string, double> { ["auc"] = 0.9 },
    };

    [Fact]
    public void A_saved_bundle_scores_exactly_like_the_trained_model()
    {
        var (x, y) = SyntheticFeatures.Make(300, 1);
        var model = CalibratedTraining.Train(x, y, null, ClassifierKind.FastTree, CalibrationKind.Platt, 0.01, 3, 1, null, CancellationToken.None);
        string path = Path.Combine(_dir, "m.zip");
        new ModelBundle(Manifest(model, x[0].Length), model, new Dictionary<string, byte[]> { ["gmm.bin"] = [1, 2, 3] }).Save(path);

        var loaded = ModelBundle.Load(path);
        Assert.Equal("test-model v3", loaded.Manifest.DisplayName);
        Assert.Equal(0.9, loaded.Manifest.Metrics["auc"]);
        Assert.Equal([1, 2, 3], loaded.Attachments["gmm.bin"]);
        Assert.NotNull(loaded.Model);
        Assert.Equal(model.Threshold, loaded.Model!.Threshold);
        for (int i = 0; i < 10; i++)
        {
            Assert.Equal(model.Probability(x[i]), loaded.Model.Probability(x[i]), 6);
        }

        Assert.Equal(model.FractionOfRealAtOrAbove(0.5), loaded.Model.FractionOfRealAtOrAbove(0.5), 12);
        loaded.EnsureFeatures("synthetic", 2);
    }

    [Fact]
    public void A_bundle_refuses_features_of_another_version_with_a_message_naming_both()
    {
        var (x, y) = SyntheticFeatures.Make(100, 2);
        var model = CalibratedTraining.Train(x, y, null, ClassifierKind.Logistic, CalibrationKind.Platt, 0.05, 3, 1, null, CancellationToken.None);
        var bundle = new ModelBundle(Manifest(model, x[0].Length), model);
        var e = Assert.Throws<ModelMismatchException>(() => bundle.EnsureFeatures("synthetic", 3));
        Assert.Contains("v2", e.Message, StringComparison.Ordinal);
        Assert.Contains("v3", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Garbage_and_missing_models_fail_with_a_clear_exception()
    {
        string path = Path.Combine(_dir, "bad.zip");
        File.WriteAllBytes(path, [0x50, 0x4B, 3, 4, 9, 9, 9]);
        Assert.Throws<ModelMismatchException>(() => ModelBundle.Load(path));
        Assert.Throws<ModelMismatchException>(() => ModelBundle.Load(Path.Combine(_dir, "none.zip")));
        Assert.Throws<ModelMismatchException>(() => ModelBundle.LoadEmbedded("no-such-model.zip"));
    }
}
