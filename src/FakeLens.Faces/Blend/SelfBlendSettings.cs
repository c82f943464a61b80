namespace FakeLens.Faces.Blend;

/// <summary>
/// One self-blend's settings (<see cref="SelfBlender"/>): colour of the altered copy (contrast, per-channel shift in
/// levels), blur σ or sharpening amount, scale and shift (shift in face sizes), mask shape (inner points only, hull
/// shrink, radial jitter of hull points, erosion (&lt; 0) or dilation (&gt; 0) and blur σ, both in face sizes) and blend ratio.
/// </summary>
public sealed record SelfBlendSettings(
    double Contrast, double ShiftR, double ShiftG, double ShiftB, double BlurSigma, double Sharpen, double Scale, double ShiftX, double ShiftY,
    bool InnerPointsOnly, double Shrink, double HullJitter, double Morph, double MaskSigma, double Ratio)
{
    /// <summary>Random settings in the ranges of the class comment of <see cref="SelfBlender"/>.</summary>
    public static SelfBlendSettings Random(Random rng, double faceSize)
    {
        ArgumentNullException.ThrowIfNull(rng);
        var contrast = 0.9 + (0.2 * rng.NextDouble());
        var brightness = (rng.NextDouble() * 20) - 10;
        var filter = rng.NextDouble();
        var blur = filter < 0.5 ? 0.6 + (1.0 * rng.NextDouble()) : 0;
        var sharpen = filter is >= 0.5 and < 0.7 ? 0.3 + (0.5 * rng.NextDouble()) : 0;
        var scale = 0.96 + (0.08 * rng.NextDouble());
        var variant = rng.Next(3);
        var morph = rng.NextDouble() * 0.06 * (rng.Next(2) == 0 ? -1 : 1);
        double[] ratios = [0.5, 0.75, 1, 1, 1];
        return new SelfBlendSettings(
            contrast, SelfBlender.U(rng, 20) + brightness, SelfBlender.U(rng, 20) + brightness, SelfBlender.U(rng, 20) + brightness, blur, sharpen,
            scale, SelfBlender.U(rng, 0.015), SelfBlender.U(rng, 0.015),
            variant == 1, variant == 2 ? 0.8 + (0.15 * rng.NextDouble()) : 1.0, 0.04, morph, 0.01 + (0.04 * rng.NextDouble()), ratios[rng.Next(ratios.Length)]);
    }
}
