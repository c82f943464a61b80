namespace FakeLens.Imaging.Jpeg;

/// <summary>How one DCT frequency's coefficient histogram fits single versus double quantisation.</summary>
/// <param name="Index">Natural index of the frequency (row × 8 + column).</param>
/// <param name="CurrentStep">Step in the file's table (q2).</param>
/// <param name="PreviousStep">Most likely earlier step (q1) under the double-quantisation model.</param>
/// <param name="Scale">Laplacian scale of the unquantised coefficients under that model.</param>
/// <param name="SingleScale">Laplacian scale under the single-quantisation model.</param>
/// <param name="Gain">Log-likelihood gain (nats) of double over single quantisation on the non-zero coefficients.</param>
/// <param name="NonZero">Non-zero coefficients in the histogram.</param>
public sealed record QuantizationFit(int Index, int CurrentStep, int PreviousStep, double Scale, double SingleScale, double Gain, int NonZero)
{
    public double GainPerCoefficient => NonZero == 0 ? 0 : Gain / NonZero;
}
