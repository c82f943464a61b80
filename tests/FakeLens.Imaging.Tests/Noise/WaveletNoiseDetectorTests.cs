using FakeLens.Core.Evidence;
using FakeLens.Imaging.Noise;
using FakeLens.TestSupport;
using Xunit.Abstractions;

namespace FakeLens.Imaging.Tests.Noise;

public sealed class WaveletNoiseDetectorTests(ITestOutputHelper output)
{
    [Fact]
    public void Wavelet_sigma_is_higher_inside_a_noisier_rectangle_and_near_the_true_level_outside()
    {
        var map = WaveletNoiseDetector.Analyze(NoiseEstimatorChecks.NoisyRectangle(), CancellationToken.None);

        var (inside, outside) = NoiseEstimatorChecks.InsideOutside(map);
        output.WriteLine($"inside {inside:0.00} outside {outside:0.00}");
        Assert.InRange(outside, 0.75 * 2 * NoiseEstimatorChecks.LumaFactor, 1.3 * 2 * NoiseEstimatorChecks.LumaFactor);
        Assert.InRange(inside, 0.75 * 8.2 * NoiseEstimatorChecks.LumaFactor, 1.3 * 8.2 * NoiseEstimatorChecks.LumaFactor);
    }

    [Fact]
    public async Task Wavelet_flags_the_noisier_rectangle_and_its_map_is_hotter_there()
    {
        var found = await NoiseEstimatorChecks.Analyze(new WaveletNoiseDetector(), NoiseEstimatorChecks.NoisyRectangle());

        var finding = Assert.Single(found);
        Assert.Equal("noise.wavelet.inconsistent-regions", finding.Id);
        Assert.Equal(EvidenceDirection.Manipulated, finding.Direction);
        Assert.InRange(finding.LikelihoodRatio, 1.5, 3.0);
        Assert.Equal("noisier than the rest", finding.Regions[0].Label);
        Assert.True(NoiseEstimatorChecks.IoU(finding.Regions[0]) >= 0.4, $"top region {finding.Regions[0]}");
        var (hotInside, hotOutside) = NoiseEstimatorChecks.HeatInsideOutside(finding.Heatmap!, 512, 384);
        Assert.True(hotInside > hotOutside + 0.3, $"heat inside {hotInside:0.00}, outside {hotOutside:0.00}");
    }

    [Fact]
    public async Task Wavelet_reports_an_untouched_scene_as_consistent_without_a_map()
    {
        var found = await NoiseEstimatorChecks.Analyze(new WaveletNoiseDetector(), Scenes.DeadLeaves(512, 384, 5, noiseSigma: 3));

        var finding = Assert.Single(found);
        Assert.Equal("noise.wavelet.consistent", finding.Id);
        Assert.Null(finding.Heatmap); // nothing flagged: no map to dilute the fused map
        Assert.DoesNotContain(found, e => e.Direction != EvidenceDirection.Neutral);
    }

    [Fact]
    public async Task Wavelet_on_a_flat_image_has_low_reliability()
    {
        var found = await NoiseEstimatorChecks.Analyze(new WaveletNoiseDetector(), Scenes.Flat(512, 384));

        Assert.All(found, e => Assert.True(e.Reliability <= 0.25, $"{e.Id} reliability {e.Reliability}"));
        Assert.DoesNotContain(found, e => e.Direction != EvidenceDirection.Neutral);
    }
}
