namespace FakeLens.Watermark.Robust;

/// <summary>A guess of how the marked grid was scaled and rotated: tile-to-image scale and angle in radians.</summary>
internal readonly record struct GridHypothesis(double Scale, double Angle);
