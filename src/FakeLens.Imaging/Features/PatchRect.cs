namespace FakeLens.Imaging.Features;

/// <summary>A square patch of an image at native resolution: top-left corner and side in pixels.</summary>
public readonly record struct PatchRect(int X, int Y, int Size);
