namespace FakeLens.Imaging.Lighting;

/// <summary>A fitted light direction for one contour.</summary>
/// <param name="AngleDegrees">Direction the light comes from, 0° = right, 90° = top (counter-clockwise as seen).</param>
/// <param name="SigmaDegrees">One-sigma uncertainty of the angle.</param>
/// <param name="Strength">|v|: how much brighter the lit side is than the side facing away (grey levels).</param>
/// <param name="Ambient">Fitted ambient term A.</param>
/// <param name="Rms">Root-mean-square residual of the fit (grey levels).</param>
/// <param name="Samples">Contour samples used.</param>
/// <param name="SpanDegrees">Arc of normal directions the samples cover.</param>
internal sealed record LightEstimate(double AngleDegrees, double SigmaDegrees, double Strength, double Ambient, double Rms, int Samples, double SpanDegrees);
