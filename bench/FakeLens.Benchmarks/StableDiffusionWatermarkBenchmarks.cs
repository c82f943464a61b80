using BenchmarkDotNet.Attributes;
using FakeLens.Core.Detection;
using FakeLens.Imaging.Decoding;
using FakeLens.TestSupport;
using FakeLens.Watermark;
using FakeLens.Watermark.StableDiffusion;

namespace FakeLens.Benchmarks;

/// <summary>
/// Embed and detect time of the Stable Diffusion invisible watermark (dwtDct, dwtDctSvd) on a 12 MP (4000 × 3000)
/// photo-like image, one core. Detect reads the block votes once and scores SD 1.x, 2.x and SDXL from them; on an
/// unmarked image it reads them a second time in RGB order (pre-2024 diffusers). The detector row is the marked
/// case with the decode already cached.
/// Run: dotnet run -c Release --project bench/FakeLens.Benchmarks -- --filter '*StableDiffusionWatermark*'
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 1, iterationCount: 5)]
public class StableDiffusionWatermarkBenchmarks
{
    private readonly DwtDctWatermark _dwtDct = new();
    private readonly DwtDctSvdWatermark _dwtDctSvd = new();
    private readonly StableDiffusionWatermarkDetector _detector = new();
    private RgbImage? _image;
    private RgbImage? _markedSd1;
    private RgbImage? _markedSvd;
    private byte[] _png = [];
    private DecodedImage? _decoded;

    [GlobalSetup]
    public void Setup()
    {
        _image = Scenes.Natural(4000, 3000, seed: 5);
        _markedSd1 = _dwtDct.Embed(_image, StableDiffusionPayloads.StableDiffusionV1.Payload);
        _markedSvd = _dwtDctSvd.Embed(_image, StableDiffusionPayloads.FakeLensTest.Payload);
        _png = ImageEncoder.Png(_markedSd1);
        _decoded = ImageDecoder.Decode(_png, long.MaxValue);
    }

    [Benchmark(Description = "embed dwtDct SD1 (uint8 path)")]
    public RgbImage EmbedDwtDct() => _dwtDct.Embed(_image!, StableDiffusionPayloads.StableDiffusionV1.Payload);

    [Benchmark(Description = "embed dwtDct SDXL (float path)")]
    public RgbImage EmbedDwtDctSdxl() => _dwtDct.Embed(_image!, StableDiffusionPayloads.Sdxl.Payload);

    [Benchmark(Description = "embed dwtDctSvd")]
    public RgbImage EmbedDwtDctSvd() => _dwtDctSvd.Embed(_image!, StableDiffusionPayloads.FakeLensTest.Payload);

    [Benchmark(Description = "detect dwtDct (SD1, SDV2, SDXL)")]
    public WatermarkDetection DetectDwtDct() => _dwtDct.Detect(_markedSd1!, key: null);

    [Benchmark(Description = "detect dwtDct, unmarked (BGR and RGB order)")]
    public WatermarkDetection DetectDwtDctUnmarked() => _dwtDct.Detect(_image!, key: null);

    [Benchmark(Description = "detect dwtDctSvd (FLwm + SD payloads)")]
    public WatermarkDetection DetectDwtDctSvd() => _dwtDctSvd.Detect(_markedSvd!, key: null);

    [Benchmark(Description = "detector watermark.stable-diffusion (decode cached)")]
    public async Task<int> Detector()
    {
        var context = AnalysisContext.FromBytes(_png, "bench.png");
        context.GetOrCreate(ImageDecoder.CacheKey, _ => _decoded!);
        return (await _detector.AnalyzeAsync(context, CancellationToken.None)).Count;
    }
}
