using FakeLens.Core.Evidence;

namespace FakeLens.Faces;

/// <summary>
/// What the face analyser found in a video: per-track cues as evidence, per-frame scores for the timeline, the
/// number of face tracks, and the cue statistics of the main (longest) track as a feature vector for learning
/// (names in <see cref="FaceVideoFeatures.Names"/>; NaN where a cue could not be measured).
/// </summary>
public sealed record FaceVideoResult(IReadOnlyList<Evidence> Evidence, IReadOnlyList<TimeSeries> Series, int FaceTracks)
{
    public IReadOnlyDictionary<string, double> Features { get; init; } = FaceVideoFeatures.Empty();

    /// <summary>Frames the face engine actually ran on (after one faceless second, only every 5th frame is examined
    /// until a face appears).</summary>
    public int FramesExamined { get; init; }

    /// <summary>Stretches of time where a face track looks blended (faces.blend), labelled with the face.</summary>
    public IReadOnlyList<TimeSegment> Segments { get; init; } = [];
}
