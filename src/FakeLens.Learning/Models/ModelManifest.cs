using System.Text.Json.Serialization;
using FakeLens.Learning.Calibration;
using FakeLens.Learning.Training;

namespace FakeLens.Learning.Models;

/// <summary>
/// What a model file says about itself: its name and version (as evidence quotes them), the feature code
/// it was trained with (a model refuses features of another set or version), the learner, calibration and
/// threshold, the data and the exact command (with seed) that reproduce it, and the metrics measured then.
/// </summary>
public sealed record ModelManifest
{
    public required string Name { get; init; }

    public required int Version { get; init; }

    /// <summary>Id of the feature extractor, e.g. "image-patch" or "speech-utterance".</summary>
    public required string FeatureSet { get; init; }

    public required int FeatureVersion { get; init; }

    public IReadOnlyList<string> FeatureNames { get; init; } = [];

    /// <summary>Learner name ("LightGbm", "FastTree", "Logistic", "Gmm", …).</summary>
    public required string Classifier { get; init; }

    /// <summary>"platt", "isotonic" or "none".</summary>
    public string Calibration { get; init; } = "none";

    /// <summary>Decision threshold on the probability (or on the score when uncalibrated).</summary>
    public double Threshold { get; init; }

    public double TargetFpr { get; init; }

    /// <summary>Data the model was trained on, in words.</summary>
    public string TrainedOn { get; init; } = "";

    /// <summary>The exact command that reproduces this file.</summary>
    public string Command { get; init; } = "";

    public int Seed { get; init; }

    public DateTimeOffset Created { get; init; }

    public IReadOnlyDictionary<string, double> Metrics { get; init; } = new Dictionary<string, double>();

    public string Notes { get; init; } = "";

    /// <summary>
    /// File name of a second model of the same feature set that draws the "where" map for this one (issue 13: v9 scores the
    /// picture, v7 draws the map where v9 has a candidate window); looked for beside this file, then among the shipped models.
    /// Null (absent from older files, and not written then): the model draws its own map.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? MapModel { get; init; }

    /// <summary>"default-image v1".</summary>
    public string DisplayName => $"{Name} v{Version}";

    /// <summary>The manifest of a calibrated classifier trained on the named features (image and speech models alike).</summary>
    public static ModelManifest ForCalibratedModel(
        CalibratedModel model,
        CalibrationKind calibration,
        (string Id, int Version, IReadOnlyList<string> Names) features,
        string name,
        int version,
        string trainedOn,
        string command,
        int seed,
        IReadOnlyDictionary<string, double> metrics,
        string notes)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(metrics);
        return new ModelManifest
        {
            Name = name,
            Version = version,
            FeatureSet = features.Id,
            FeatureVersion = features.Version,
            FeatureNames = features.Names,
            Classifier = model.Classifier.Kind.ToString(),
            Calibration = calibration == CalibrationKind.Isotonic ? "isotonic" : "platt",
            Threshold = model.Threshold,
            TargetFpr = model.TargetFpr,
            TrainedOn = trainedOn,
            Command = command,
            Seed = seed,
            Created = DateTimeOffset.UtcNow,
            Metrics = new Dictionary<string, double>(metrics),
            Notes = notes,
        };
    }
}
