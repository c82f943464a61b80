namespace FakeLens.Imaging.Jpeg;

/// <summary>Quality of a quantisation table on the IJG (libjpeg) 1..100 scale.</summary>
/// <param name="Quality">Closest IJG quality.</param>
/// <param name="MeanAbsoluteError">Mean |difference| per entry between the table and the IJG table at that quality.</param>
/// <param name="IsStandard">True when the table equals the scaled IJG table exactly (libjpeg, libjpeg-turbo, Skia, GIMP, PIL, OpenCV ...).</param>
public sealed record JpegQualityEstimate(int Quality, double MeanAbsoluteError, bool IsStandard);
