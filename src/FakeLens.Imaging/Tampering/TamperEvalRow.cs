namespace FakeLens.Imaging.Tampering;

/// <summary>One detector on one file of a tamper set.</summary>
/// <param name="Score">Image-level score, higher = more likely tampered (the finding's "score" fact, else its "inconsistency score", else its weight towards manipulation).</param>
/// <param name="HasMap">Whether the detector produced a heatmap for this file (without one, its map counts as all-clear).</param>
/// <param name="Pixels">Localisation scores; null for controls (an empty mask has no F1).</param>
/// <param name="Milliseconds">Time the detector (or combiner) took on this file.</param>
/// <param name="TamperedFraction">Share of the picture inside the ground-truth mask (0 for controls; NaN when unknown).</param>
public sealed record TamperEvalRow(string File, TamperKind Kind, string Detector, double Score, bool HasMap, PixelScores? Pixels, double Milliseconds, double Megapixels, double TamperedFraction = double.NaN);
