using FakeLens.Core.Detection;
using FakeLens.Core.Evidence;
using FakeLens.Core.Media;
using FakeLens.Video.Frames;
using FakeLens.Watermark.StableDiffusion;

namespace FakeLens.Video.Tests.Sequences;

public sealed class SequenceSeamTests : IDisposable
{
    private readonly Clips _clips = new();

    [Fact]
    public async Task Face_analyzer_gets_dense_frames_at_its_rate_capped_at_1280_px_and_the_audio_envelope()
    {
        var path = _clips.Pattern("talk.mp4", 1600, 900, 5);
        var faces = new FaceVideoAnalyzerStandIn();
        var detector = new VideoFramesDetector([new FrameScorer(new StableDiffusionWatermarkDetector(), 4)], new FaceSequenceAnalyzer(faces));
        var context = new AnalysisContext(path, File.ReadAllBytes(path), new MediaType(MediaFormat.Mp4, MediaKind.Video, "video/mp4", false, null), ScanLimits.Default);
        var evidence = await detector.AnalyzeAsync(context, CancellationToken.None);

        var frames = faces.Frames!;
        Assert.InRange(frames.Count, 29, 31); // 3 s (MaxSeconds, spread in 3 windows over 5 s) at 10 fps
        Assert.All(frames, f => Assert.Equal((1280, 720), (f.Image.Width, f.Image.Height)));
        Assert.Contains(frames, f => f.TimeSeconds > 4);
        var audio = faces.Audio!;
        Assert.Equal(0.01, audio.StepSeconds, 6);
        Assert.InRange(audio.Rms.Max(), 0.06, 0.12); // lavfi sine: amplitude 1/8 of full scale, RMS 0.125/√2 ≈ 0.088
        Assert.Contains(evidence, e => e.Id == "faces.blink");
        Assert.Contains(Assert.Single(evidence, e => e.Timeline is not null).Timeline!.Series, s => s.Label == "faces.blink");
    }

    [Fact]
    public async Task Without_audio_the_analyzer_gets_no_envelope()
    {
        var path = _clips.Make("silent.mp4", "-f", "lavfi", "-i", "testsrc2=size=320x240:rate=25:duration=2", "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p");
        var faces = new FaceVideoAnalyzerStandIn();
        var detector = new VideoFramesDetector([], new FaceSequenceAnalyzer(faces));
        var context = new AnalysisContext(path, File.ReadAllBytes(path), new MediaType(MediaFormat.Mp4, MediaKind.Video, "video/mp4", false, null), ScanLimits.Default);
        await detector.AnalyzeAsync(context, CancellationToken.None);
        Assert.Null(faces.Audio);
        Assert.InRange(faces.Frames!.Count, 19, 21);
    }

    [Fact]
    public async Task A_failing_analyzer_costs_its_own_findings_only()
    {
        var path = _clips.Pattern("x.mp4", 320, 240, 2);
        var detector = new VideoFramesDetector([new FrameScorer(new StableDiffusionWatermarkDetector(), 4)], new ThrowingAnalyzer());
        var context = new AnalysisContext(path, File.ReadAllBytes(path), new MediaType(MediaFormat.Mp4, MediaKind.Video, "video/mp4", false, null), ScanLimits.Default);
        var evidence = await detector.AnalyzeAsync(context, CancellationToken.None);
        var failed = Assert.Single(evidence, e => e.Id == "video.sequence-failed");
        Assert.Contains("no face model", failed.Explanation, StringComparison.Ordinal);
        Assert.Contains(evidence, e => e.Id == "video.frames.watermark.stable-diffusion");
        Assert.Contains(evidence, e => e.Id == "video.timeline");
    }

    private sealed class ThrowingAnalyzer : FakeLens.Video.Sequences.IFrameSequenceAnalyzer
    {
        public string Name => "faces";

        public double FramesPerSecond => 5;

        public double MaxSeconds => 1;

        public int MaxLongSide => 320;

        public FakeLens.Video.Sequences.FrameSequenceResult Analyze(IReadOnlyList<FakeLens.Video.Sequences.SequenceFrame> frames, FakeLens.Video.Sequences.LoudnessEnvelope? audio, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("no face model");
    }

    public void Dispose() => _clips.Dispose();
}
