namespace FakeLens.Video.Sequences;

/// <summary>
/// The seam to analyzers that need dense, consecutive frames rather than a sparse sample (face tracking, blinking,
/// lip-sync, pulse): the video detector decodes frames at <see cref="FramesPerSecond"/> for at most
/// <see cref="MaxSeconds"/> (in evenly spread windows over long videos), long side capped at <see cref="MaxLongSide"/>,
/// together with the audio loudness envelope, and passes them in one call. FakeLens.Faces' FaceVideoAnalyzer is
/// plugged in through a three-line adapter in the composition root (docs/video.md, "Faces").
/// </summary>
public interface IFrameSequenceAnalyzer
{
    /// <summary>Short name for messages and timings ("faces").</summary>
    string Name { get; }

    double FramesPerSecond { get; }

    double MaxSeconds { get; }

    int MaxLongSide { get; }

    FrameSequenceResult Analyze(IReadOnlyList<SequenceFrame> frames, LoudnessEnvelope? audio, CancellationToken cancellationToken);
}
