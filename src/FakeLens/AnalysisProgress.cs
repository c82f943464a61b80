namespace FakeLens;

/// <summary>How far the analysis of one file has got.</summary>
/// <param name="Completed">Detectors finished so far.</param>
/// <param name="Total">Detectors that apply to this file (0 until the file has been sniffed).</param>
/// <param name="Detector">The detector that just finished.</param>
public sealed record AnalysisProgress(int Completed, int Total, string Detector)
{
    /// <summary>Completed / Total in 0..1 (0 while Total is unknown).</summary>
    public double Fraction => Total == 0 ? 0 : Math.Clamp(Completed / (double)Total, 0, 1);
}
