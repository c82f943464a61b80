namespace FakeLens.Imaging.Compare;

/// <summary>
/// A ranked candidate source: hash distance (0–128 bits, the smaller of direct and mirrored), and, when it was
/// verified with keypoints, the RANSAC inliers and whether it is the same picture; <see cref="KeypointVotes"/> is
/// the number of the suspect's local descriptors that matched the candidate's (<see cref="KeypointSignature"/>; 0
/// when the index has no signatures).
/// </summary>
public sealed record SearchCandidate(string Path, int HashDistance, bool Verified, int Inliers, bool SamePicture, int KeypointVotes = 0);
