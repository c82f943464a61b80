using BenchmarkDotNet.Attributes;
using FakeLens.Imaging.Decoding;
using FakeLens.Imaging.Features;
using FakeLens.TestSupport;

namespace FakeLens.Benchmarks;

/// <summary>
/// Where the learned AI-image detector's time goes: one 256 px patch through each feature family alone and through
/// all of them (the detector scores up to 16 such patches per image, 6 for a 577 × 433 px image, and nothing else of
/// note: no per-image fixed cost beyond loading the model once per process). docs/image-model.md quotes the split.
/// Run: dotnet run -c Release --project bench/FakeLens.Benchmarks -- --filter '*ImagePatchFeatureBenchmarks*'
/// </summary>
[SimpleJob(launchCount: 1, warmupCount: 1, iterationCount: 5)]
public class ImagePatchFeatureBenchmarks
{
    private RgbImage? _image;
    private ImagePatchFeatures? _extractor;

    [Params(ImageFeatureFamilies.Spectral, ImageFeatureFamilies.Npr, ImageFeatureFamilies.Spam, ImageFeatureFamilies.Colour, ImageFeatureFamilies.Noise, ImageFeatureFamilies.ResNet, ImageFeatureFamilies.ResNet | ImageFeatureFamilies.ResNetLayers, ImageFeatureFamilies.All, ImageFeatureFamilies.All | ImageFeatureFamilies.ResNetLayers)]
    public ImageFeatureFamilies Family { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _image = ImageDecoder.Decode(ImageEncoder.Jpeg(Scenes.Natural(577, 433, seed: 5), 90), long.MaxValue).Image;
        _extractor = new ImagePatchFeatures(Family);
        _extractor.Extract(_image, new PatchRect(0, 0, PatchLayout.PatchSide)); // loads ResNet-18 once, outside the measurement
    }

    [Benchmark]
    public float OnePatch() => _extractor!.Extract(_image!, new PatchRect(160, 88, PatchLayout.PatchSide))[0];
}
