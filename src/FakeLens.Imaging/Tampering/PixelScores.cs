namespace FakeLens.Imaging.Tampering;

/// <summary>
/// Localisation quality of one map against one mask: F1 and Matthews correlation at the threshold that maximises
/// each on this image (the "best threshold" of the MKLab evaluation, Zampoglou et al. 2017) and at the fixed default threshold.
/// </summary>
public sealed record PixelScores(double F1Best, double MccBest, double F1Default, double MccDefault, double BestF1Threshold);
