namespace FakeLens.Imaging.CopyMove;

/// <summary>One duplicated area: where it was copied from and to (original image pixels), how much supports it, and the mapping.</summary>
/// <param name="Source">Bounding box of the copied-from area.</param>
/// <param name="Target">Bounding box of the copied-to area.</param>
/// <param name="Support">Keypoint inliers (SIFT method) or matching blocks (block method).</param>
/// <param name="Transform">The mapping in words ("shift (+120, −40) px, rotation 20°, scale 1.10").</param>
internal sealed record CopyMoveMatch(OpenCvSharp.Rect Source, OpenCvSharp.Rect Target, int Support, string Transform);
