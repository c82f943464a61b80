namespace FakeLens.Imaging.Compare;

/// <summary>An axis-aligned box in pixels of the image it refers to.</summary>
public sealed record CropBox(int X, int Y, int Width, int Height);
