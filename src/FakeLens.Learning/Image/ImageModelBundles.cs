using System.Text.Json;
using FakeLens.Imaging.Features;
using FakeLens.Learning.Calibration;
using FakeLens.Learning.Classifiers;
using FakeLens.Learning.Models;
using FakeLens.Learning.Training;

namespace FakeLens.Learning.Image;

/// <summary>Packs a trained image model with its manifest (feature set, version and names, the command) and the real-patch statistics.</summary>
public static class ImageModelBundles
{
    public static ModelBundle Create(
        CalibratedModel model,
        ImagePatchFeatures extractor,
        PatchFeatureTable trainingRows,
        CalibrationKind calibration,
        string name,
        int version,
        string trainedOn,
        string command,
        int seed,
        IReadOnlyDictionary<string, double> metrics,
        string notes)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(extractor);
        var manifest = ModelManifest.ForCalibratedModel(model, calibration, (ImagePatchFeatures.FeatureSetId, ImagePatchFeatures.Version, extractor.Names), name, version, trainedOn, command, seed, metrics, notes);
        var stats = JsonSerializer.SerializeToUtf8Bytes(RealPatchStats.From(trainingRows));
        return new ModelBundle(manifest, model, new Dictionary<string, byte[]> { [LearnedImageModel.RealStatsAttachment] = stats });
    }

    public static ClassifierKind ParseClassifier(string? text) => (text ?? "lgbm").ToLowerInvariant() switch
    {
        "lgbm" or "lightgbm" => ClassifierKind.LightGbm,
        "fasttree" => ClassifierKind.FastTree,
        "logistic" or "lr" => ClassifierKind.Logistic,
        _ => throw new ArgumentException($"Unknown classifier '{text}'; choose lgbm, fasttree or logistic."),
    };
}
