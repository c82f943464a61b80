namespace FakeLens.Faces.Blend;

/// <summary>One face's blend features (<see cref="FaceBlendFeatures.Names"/>), the per-sector boundary strength for the map, and where it was measured.</summary>
public sealed record FaceBlendMeasurement(float[] Features, float[] SectorBoundary, BlendFrame Frame);
