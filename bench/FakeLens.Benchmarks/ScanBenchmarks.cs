using BenchmarkDotNet.Attributes;
using FakeLens.Cli;
using FakeLens.Core.Detection;
using FakeLens.Core.Fusion;
using FakeLens.Core.Scanning;
using FakeLens.Imaging.Decoding;
using FakeLens.TestSupport;

namespace FakeLens.Benchmarks;

/// <summary>
/// Time of each detector, and of the whole scan, on one synthetic photo-like JPEG (q90) per size, one core.
/// Divide by the megapixels in the parameter to get ms/MP (README: Performance). Each detector is timed
/// with the decode already cached, so the decode appears once, under image.decode.
/// Run: dotnet run -c Release --project bench/FakeLens.Benchmarks -- --filter '*ScanBenchmarks*'
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 1, iterationCount: 5)]
public class ScanBenchmarks
{
    private byte[] _jpeg = [];
    private DecodedImage? _decoded;
    private Scanner? _scanner;
    private string _path = string.Empty;

    /// <summary>Image size in megapixels (4:3).</summary>
    [Params(1, 12)]
    public int Megapixels { get; set; }

    [ParamsSource(nameof(DetectorIds))]
    public string Detector { get; set; } = string.Empty;

    public static IEnumerable<string> DetectorIds() => DetectorCatalog.All().Select(d => d.Id).Append("scan (all, incl. decode and fusion)");

    [GlobalSetup]
    public void Setup()
    {
        var w = (int)Math.Round(Math.Sqrt(Megapixels * 1e6 * 4 / 3));
        var h = (int)Math.Round(w * 3 / 4.0);
        _jpeg = ImageEncoder.Jpeg(Scenes.Natural(w, h, seed: 5), 90);
        _decoded = ImageDecoder.Decode(_jpeg, long.MaxValue);
        _path = Path.Combine(Path.GetTempPath(), $"fakelens-bench-{Megapixels}mp.jpg");
        File.WriteAllBytes(_path, _jpeg);
        _scanner = new Scanner(DetectorCatalog.All(), new EvidenceFusion(), ScanLimits.Default);
    }

    [Benchmark]
    public async Task<int> Run()
    {
        if (Detector.StartsWith("scan", StringComparison.Ordinal))
        {
            return (await _scanner!.ScanFileAsync(_path)).Evidence.Count;
        }

        var detector = DetectorCatalog.All().First(d => d.Id == Detector);
        var context = AnalysisContext.FromBytes(_jpeg, "bench.jpg");
        if (Detector != "image.decode")
        {
            context.GetOrCreate(ImageDecoder.CacheKey, _ => _decoded!);
        }

        return (await detector.AnalyzeAsync(context, CancellationToken.None)).Count;
    }
}
