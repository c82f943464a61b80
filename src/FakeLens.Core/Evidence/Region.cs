namespace FakeLens.Core.Evidence;

/// <summary>A rectangle in image pixel coordinates that a finding points at.</summary>
/// <param name="Score">How strongly this region stands out, 0..1.</param>
public sealed record Region(int X, int Y, int Width, int Height, double Score, string Label);
