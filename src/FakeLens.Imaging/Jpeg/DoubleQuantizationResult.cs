namespace FakeLens.Imaging.Jpeg;

/// <summary>Outcome of the double-quantisation analysis of one JPEG's luma coefficients.</summary>
/// <param name="Fits">Per-frequency fits, low frequencies first.</param>
/// <param name="Significant">Fits whose gain passes the detection threshold.</param>
/// <param name="BlockLlr">Per 8×8 block: summed log-likelihood ratio (double vs single) over the significant frequencies.</param>
/// <param name="BlockCount">Per 8×8 block: non-zero coefficients contributing to <paramref name="BlockLlr"/>.</param>
public sealed record DoubleQuantizationResult(
    IReadOnlyList<QuantizationFit> Fits,
    IReadOnlyList<QuantizationFit> Significant,
    int BlocksWide,
    int BlocksHigh,
    float[] BlockLlr,
    int[] BlockCount)
{
    public bool DoubleCompressed => Significant.Count >= DoubleQuantizationAnalyzer.MinSignificantFrequencies;

    public double TotalGain => Significant.Sum(f => f.Gain);
}
