namespace FakeLens.Imaging.Lighting;

/// <summary>
/// A cast shadow attached to one object or face of a <see cref="LightingAnalysis"/>, and the light direction it implies.
/// Boxes are in original image pixels; angles as in <see cref="LightEstimate"/> (0° = light from the right, 90° = from above).
/// </summary>
/// <param name="RegionIndex">Index of the casting object in <see cref="LightingAnalysis.Regions"/>.</param>
/// <param name="LightFromDegrees">Direction of the light implied by the object → shadow vector (the light is on the other side).</param>
/// <param name="SigmaDegrees">One-sigma uncertainty of that direction from the shadow's shape (its spread across the vector).</param>
/// <param name="Pixels">Shadow pixels, at working resolution.</param>
internal sealed record CastShadow(int RegionIndex, int X, int Y, int Width, int Height, double LightFromDegrees, double SigmaDegrees, int Pixels);
