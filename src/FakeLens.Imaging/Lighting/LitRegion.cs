namespace FakeLens.Imaging.Lighting;

/// <summary>One object or face whose occluding contour was fitted; box in original image pixels.</summary>
/// <param name="Kind">"face" or "object".</param>
/// <param name="Mask">Working-resolution mask of the region (row-major, <see cref="LightingAnalysis.WorkWidth"/> wide), for maps.</param>
internal sealed record LitRegion(string Kind, int X, int Y, int Width, int Height, LightEstimate Light, bool Usable, string? WhyNot, byte[] Mask);
