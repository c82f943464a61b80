using FakeLens.Imaging.Features;

namespace FakeLens.Learning.Image;

/// <summary>
/// One image scored by the learned model: calibrated probability, the aggregated raw score (mean of patch
/// logits), each patch's raw score on the Columns × Rows grid, and the strongest measured cue in words.
/// </summary>
public sealed record ImageModelScore(
    double Probability,
    double RawScore,
    double FractionOfRealAtOrAbove,
    IReadOnlyList<PatchRect> Patches,
    IReadOnlyList<double> PatchScores,
    IReadOnlyList<double> PatchProbabilities,
    int Columns,
    int Rows,
    string? StrongestCue);
