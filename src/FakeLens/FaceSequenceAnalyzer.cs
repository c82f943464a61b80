using FakeLens.Faces;
using FakeLens.Video.Sequences;

namespace FakeLens;

/// <summary>
/// Joins the two libraries that know nothing of each other: the video detector's dense frame pass
/// (<see cref="IFrameSequenceAnalyzer"/>) feeds the facial cues (<see cref="FaceVideoAnalyzer"/>) with frames capped
/// at 1280 px and the audio loudness for lip-sync.
/// </summary>
internal sealed class FaceSequenceAnalyzer(FaceVideoAnalyzer faces) : IFrameSequenceAnalyzer
{
    public string Name => "faces";

    public double FramesPerSecond => faces.FramesPerSecond;

    public double MaxSeconds => faces.MaxSeconds;

    public int MaxLongSide => 1280;

    /// <summary>The analyzer when the face models are installed, else null (the video detector then skips faces).</summary>
    public static FaceSequenceAnalyzer? TryCreate() => FaceVideoAnalyzer.TryCreate(out _) is { } f ? new FaceSequenceAnalyzer(f) : null;

    public FrameSequenceResult Analyze(IReadOnlyList<SequenceFrame> frames, LoudnessEnvelope? audio, CancellationToken cancellationToken)
    {
        var result = faces.Analyze(frames.Select(f => new FaceFrame(f.TimeSeconds, f.Image)).ToList(), audio is null ? null : new SpeechEnvelope(audio.StepSeconds, audio.Rms), cancellationToken);
        return new FrameSequenceResult(result.Evidence, result.Series, result.FaceTracks) { Segments = result.Segments };
    }
}
