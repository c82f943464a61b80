namespace FakeLens.Imaging.Compare;

/// <summary>
/// Global tone change from original to suspect over the unchanged, covered area: mean luma difference in grey
/// levels, luma standard-deviation ratio, mean chroma ratio, and whether the suspect lost its colour.
/// </summary>
public sealed record ToneChange(double Brightness, double Contrast, double Saturation, bool Grayscale);
