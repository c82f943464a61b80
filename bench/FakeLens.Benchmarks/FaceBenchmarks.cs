using BenchmarkDotNet.Attributes;
using FakeLens.Faces;
using FakeLens.Faces.Cues;
using FakeLens.Imaging.Decoding;
using FakeLens.TestSupport;

namespace FakeLens.Benchmarks;

/// <summary>
/// Per-frame cost of the face analysis on one core: BlazeFace + the refined 468-point mesh (two mesh passes), and
/// the face-vs-surroundings statistics, on the shared portrait (ml72 people_4) scaled so the frame is 1280 px wide
/// (the video helper's cap) or 640 px, face about 300 / 150 px wide. The video analyser spends Find + Measure per
/// frame; at 10 fps for 30 s that is 300 frames. VideoAnalyzerThirtyFrames runs the whole analyser on 3 s (30 frames).
/// Run (in-process: on a busy machine the separate benchmark build exceeds BenchmarkDotNet's 2-minute limit):
/// dotnet run -c Release --project bench/FakeLens.Benchmarks -- --filter '*FaceBenchmarks*' --inProcess --launchCount 1 --warmupCount 1 --iterationCount 5
/// </summary>
[MemoryDiagnoser]
public class FaceBenchmarks
{
    private FaceEngine? _engine;
    private RgbImage? _frame;
    private FaceObservation? _face;
    private List<FaceFrame>? _clip;

    [Params(640, 1280)]
    public int Width { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _engine = FaceEngine.TryCreate(out var why) ?? throw new InvalidOperationException(why);
        var portrait = ImageDecoder.Decode(File.ReadAllBytes(TestData.Path("images", "ai-vs-real", "ml72", "real", "people_4.jpg")), long.MaxValue).Image;
        var square = ImageResizer.Resize(portrait, Width, Width);
        var h = Width * 9 / 16;
        var px = new byte[Width * h * 3];
        Array.Copy(square.Pixels, (Width * (Width - h) / 2) * 3, px, 0, px.Length);
        _frame = new RgbImage(Width, h, px);
        _face = _engine.Find(_frame, tiles: false).FirstOrDefault() ?? throw new InvalidOperationException("no face in the benchmark frame");

        // 3 s at 10 fps: the frame panned 2 px a frame over a slightly wider copy (whole pipeline, tracking included).
        var wide = ImageResizer.Resize(portrait, Width + 60, Width + 60);
        _clip = Enumerable.Range(0, 30).Select(i =>
        {
            var f = new byte[Width * h * 3];
            for (var y = 0; y < h; y++)
            {
                Array.Copy(wide.Pixels, (((y + ((Width + 60 - h) / 2)) * (Width + 60)) + (2 * i)) * 3, f, y * Width * 3, Width * 3);
            }

            return new FaceFrame(i / 10.0, new RgbImage(Width, h, f));
        }).ToList();
    }

    [GlobalCleanup]
    public void Cleanup() => _engine?.Dispose();

    [Benchmark]
    public int DetectAndMesh() => _engine!.Find(_frame!, tiles: false).Count;

    [Benchmark]
    public int VideoAnalyzerThirtyFrames() => new FaceVideoAnalyzer(_engine!).Analyze(_clip!, null, CancellationToken.None).FaceTracks;

    [Benchmark]
    public double FaceVsSurroundings() => FaceRegionAnalyzer.Measure(_frame!, _face!.Mesh).NoiseLogRatio;
}
