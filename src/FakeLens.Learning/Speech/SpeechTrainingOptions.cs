using FakeLens.Learning.Calibration;
using FakeLens.Learning.Classifiers;

namespace FakeLens.Learning.Speech;

/// <summary>Learner settings: classifier, calibration, threshold FPR, folds, seed, and the GMM baseline's size.</summary>
public sealed record SpeechTrainingOptions
{
    public ClassifierKind Kind { get; init; } = ClassifierKind.LightGbm;

    public CalibrationKind Calibration { get; init; } = CalibrationKind.Platt;

    /// <summary>The threshold is set where this share of held-out real clips scores above it.</summary>
    public double TargetFpr { get; init; } = 0.05;

    public int Folds { get; init; } = 5;

    public int Seed { get; init; } = 7;

    /// <summary>GMM components per class: 512 in the ASVspoof baseline; fewer train much faster on small data.</summary>
    public int GmmComponents { get; init; } = 64;

    public int GmmIterations { get; init; } = 10;

    /// <summary>At most this many frames per class go into EM (a random subset), which bounds training time.</summary>
    public int MaxGmmFrames { get; init; } = 80_000;

    public bool TrainGmm { get; init; } = true;

    /// <summary>For leave-one-repository-out: several GMM sizes (components, frames per class) trained beside the one LightGBM of each fold; null = the one of <see cref="GmmComponents"/> / <see cref="MaxGmmFrames"/>.</summary>
    public IReadOnlyList<(int Components, int Frames)>? GmmArms { get; init; }

    /// <summary>Models trained side by side in leave-one-system-out.</summary>
    public int Threads { get; init; } = 2;

    /// <summary>What decides in scan: <c>model</c> (utterance model), <c>gmm</c> (calibrated LFCC-GMM) or <c>fusion</c> (mean of both); see <see cref="SpeechDecision"/>.</summary>
    public string Decision { get; init; } = "model";

    /// <summary>How training rows are weighted: every folder equal within its class (default) or 1/√(folder size).</summary>
    public RowWeighting RowWeights { get; init; } = RowWeighting.Folder;
}
