using BenchmarkDotNet.Attributes;
using FakeLens.Imaging.Decoding;
using FakeLens.Imaging.Features;
using FakeLens.TestSupport;

namespace FakeLens.Benchmarks;

/// <summary>
/// Issue 13 round 13: what the resnet-npr block (a second ResNet-18 pass on the window's NPR residual) adds to one
/// 256 px window of the shipped feature set (v10: all, resnet-layers). ai-image.model extracts one such vector per
/// window it scores (the whole-image grid refined to at most 32 windows), so the block's cost per picture is the
/// difference here times that count. docs/image-model.md "Round 13" quotes it.
/// Run: dotnet run -c Release --project bench/FakeLens.Benchmarks -- --filter '*ResidualBlockBenchmarks*'
/// </summary>
[SimpleJob(launchCount: 1, warmupCount: 1, iterationCount: 5)]
public class ResidualBlockBenchmarks
{
    private RgbImage? _image;
    private ImagePatchFeatures? _extractor;

    [Params(ImageFeatureFamilies.All | ImageFeatureFamilies.ResNetLayers, ImageFeatureFamilies.All | ImageFeatureFamilies.ResNetLayers | ImageFeatureFamilies.ResNetNpr)]
    public ImageFeatureFamilies Family { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _image = ImageDecoder.Decode(ImageEncoder.Jpeg(Scenes.Natural(577, 433, seed: 5), 90), long.MaxValue).Image;
        _extractor = new ImagePatchFeatures(Family);
        _extractor.Extract(_image, new PatchRect(0, 0, PatchLayout.PatchSide)); // loads ResNet-18 once, outside the measurement
    }

    [Benchmark]
    public float OneWindow() => _extractor!.Extract(_image!, new PatchRect(160, 88, PatchLayout.PatchSide))[0];
}
