namespace FakeLens.Imaging.Compare;

/// <summary>
/// A ranked candidate source: hash distance (0–128 bits, the smaller of direct and mirrored), and, when it was
/// verified with keypoints, the RANSAC inliers and whether it is the same picture.
/// </summary>
public sealed record SearchCandidate(string Path, int HashDistance, bool Verified, int Inliers, bool SamePicture);
