namespace FakeLens.Imaging.Compare;

/// <summary>
/// The outcome of <see cref="SourceSearch.Find"/>: candidates best first (verified matches by inliers,
/// then the rest by hash distance), how many were ranked and verified, the ranking rate, and the full
/// comparison with the best match (null when no candidate is the same picture).
/// </summary>
public sealed record SearchResult(IReadOnlyList<SearchCandidate> Candidates, int Ranked, int VerifiedCount, double RankPerSecond, ComparisonResult? Best);
