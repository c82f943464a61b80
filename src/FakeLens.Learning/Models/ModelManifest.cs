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

    /// <summary>"default-image v1".</summary>
    public string DisplayName => $"{Name} v{Version}";
}
