namespace FakeLens.Imaging.Tampering;

/// <summary>
/// One detector over a tamper set. Pixel metrics are means over the tampered files (per image, then averaged; a
/// file without a map scores 0); image metrics compare every tampered file with the controls.
/// </summary>
public sealed record TamperEvalSummary(
    string Detector, int Files, int FilesWithMap, double Auc, double TprAt5PercentFpr,
    double F1Best, double MccBest, double F1Default, double MccDefault, double MsPerMegapixel);
