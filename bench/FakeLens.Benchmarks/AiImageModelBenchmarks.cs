using BenchmarkDotNet.Attributes;
using FakeLens.Imaging.Decoding;
using FakeLens.Learning.Image;
using FakeLens.TestSupport;

namespace FakeLens.Benchmarks;

/// <summary>
/// Feature extraction + scoring of the learned AI-image detector (issue 5's "≤ 200 ms per megapixel on one core"),
/// on a synthetic photo-like image already decoded, for the sizes a scan meets. The detector scores at most 16
/// native-resolution 256 px patches, so its time grows with the image only through the colour statistics of the
/// reliability check; divide by the megapixels in the parameter to get ms/MP.
/// Run: dotnet run -c Release --project bench/FakeLens.Benchmarks -- --filter '*AiImageModelBenchmarks*'
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 1, iterationCount: 5)]
public class AiImageModelBenchmarks
{
    private readonly AiImageModelDetector _detector = new();
    private DecodedImage? _decoded;

    /// <summary>Image size in megapixels (4:3).</summary>
    [Params(0.25, 1, 12, 24)]
    public double Megapixels { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var w = (int)Math.Round(Math.Sqrt(Megapixels * 1e6 * 4 / 3));
        var h = (int)Math.Round(w * 3 / 4.0);
        _decoded = ImageDecoder.Decode(ImageEncoder.Jpeg(Scenes.Natural(w, h, seed: 5), 90), long.MaxValue);

        // Load the embedded model once, outside the measured region (a scan loads it once per process).
        _detector.Analyze(_decoded, 90, CancellationToken.None);
    }

    [Benchmark]
    public double FeaturesAndScore() => _detector.Analyze(_decoded!, 90, CancellationToken.None).Probability ?? double.NaN;
}
