using FakeLens.Core.Evidence;
using FakeLens.Imaging.Decoding;
using FakeLens.Video.Sequences;

namespace FakeLens.Video.Tests.Sequences;

// A stand-in with the exact shape of the faces helper's contract (FakeLens.Faces: FaceFrame, SpeechEnvelope,
// FaceVideoResult, FaceVideoAnalyzer), and the adapter the composition root uses once FakeLens.Faces is merged
// (docs/video.md, "Faces"): the adapter below is the code to copy, with "StandIn" names replaced by the real ones.
internal sealed record FaceFrame(double TimeSeconds, RgbImage Image);

internal sealed record SpeechEnvelope(double StepSeconds, IReadOnlyList<float> Rms);

internal sealed record FaceVideoResult(IReadOnlyList<Evidence> Evidence, IReadOnlyList<TimeSeries> Series, int FaceTracks);

/// <summary>Records what it was given; reports one finding and one curve (the mean luma of each frame).</summary>
internal sealed class FaceVideoAnalyzerStandIn
{
    public double FramesPerSecond => 10;

    public double MaxSeconds => 3;

    public IReadOnlyList<FaceFrame>? Frames { get; private set; }

    public SpeechEnvelope? Audio { get; private set; }

    public FaceVideoResult Analyze(IReadOnlyList<FaceFrame> frames, SpeechEnvelope? audio, CancellationToken ct)
    {
        Frames = frames;
        Audio = audio;
        var luma = frames.Select(f => (float)(f.Image.Luma().Average() / 255)).ToList();
        var finding = new Evidence
        {
            Id = "faces.blink",
            DetectorId = "faces",
            Category = EvidenceCategory.Faces,
            Direction = EvidenceDirection.Neutral,
            Title = "stand-in",
            Explanation = "stand-in",
        };
        return new FaceVideoResult([finding], [new TimeSeries(frames[0].TimeSeconds, 1 / FramesPerSecond, luma, "faces.blink")], 1);
    }
}

/// <summary>The adapter: FaceVideoAnalyzer behind FakeLens.Video's IFrameSequenceAnalyzer.</summary>
internal sealed class FaceSequenceAnalyzer(FaceVideoAnalyzerStandIn faces) : IFrameSequenceAnalyzer
{
    public string Name => "faces";

    public double FramesPerSecond => faces.FramesPerSecond;

    public double MaxSeconds => faces.MaxSeconds;

    public int MaxLongSide => 1280;

    public FrameSequenceResult Analyze(IReadOnlyList<SequenceFrame> frames, LoudnessEnvelope? audio, CancellationToken cancellationToken)
    {
        var result = faces.Analyze(frames.Select(f => new FaceFrame(f.TimeSeconds, f.Image)).ToList(), audio is null ? null : new SpeechEnvelope(audio.StepSeconds, audio.Rms), cancellationToken);
        return new FrameSequenceResult(result.Evidence, result.Series, result.FaceTracks);
    }
}
