namespace FakeLens.Core.Evidence;

/// <summary>A stretch of a video that a detector flagged: from, to (seconds), its peak score (0..1), the curve it comes from.</summary>
public sealed record TimeSegment(double StartSeconds, double EndSeconds, double Score, string Series, string Label);
