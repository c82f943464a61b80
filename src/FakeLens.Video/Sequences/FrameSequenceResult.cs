using FakeLens.Core.Evidence;

namespace FakeLens.Video.Sequences;

/// <summary>
/// What a sequence analyzer found: findings (each with its own reliability and explanation; they join the file's
/// evidence as they are), per-frame score series for the timeline, and how many tracks (faces) it followed.
/// </summary>
public sealed record FrameSequenceResult(IReadOnlyList<Evidence> Evidence, IReadOnlyList<TimeSeries> Series, int Tracks)
{
    /// <summary>Flagged stretches the analyzer found itself (e.g. a face that looks blended), added to the timeline's segments.</summary>
    public IReadOnlyList<TimeSegment> Segments { get; init; } = [];
}
