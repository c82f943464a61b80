using FakeLens.Core.Detection;
using FakeLens.Core.Evidence;
using FakeLens.Imaging.Decoding;
using FakeLens.Imaging.Noise;
using FakeLens.TestSupport;
using Xunit.Abstractions;

namespace FakeLens.Imaging.Tests.Noise;

/// <summary>The same checks for the two block noise estimators that flag areas (PCA and wavelet HH), one theory row each.</summary>
public sealed class BlockNoiseEstimatorTests(ITestOutputHelper output)
{
    public static TheoryData<string> Estimators => ["pca", "wavelet"];

    private static NoiseLevelMap Map(string estimator, RgbImage image) => estimator switch
    {
        "pca" => PcaNoiseDetector.Analyze(image, CancellationToken.None),
        _ => WaveletNoiseDetector.Analyze(image, CancellationToken.None),
    };

    private static IDetector Detector(string estimator) => estimator == "pca" ? new PcaNoiseDetector() : new WaveletNoiseDetector();

    [Theory]
    [MemberData(nameof(Estimators))]
    public void Sigma_is_higher_inside_a_noisier_rectangle_and_near_the_true_level_outside(string estimator)
    {
        var map = Map(estimator, NoiseEstimatorChecks.NoisyRectangle());

        var (inside, outside) = NoiseEstimatorChecks.InsideOutside(map);
        output.WriteLine($"{estimator}: inside {inside:0.00} outside {outside:0.00}");
        Assert.InRange(outside, 0.75 * 2 * NoiseEstimatorChecks.LumaFactor, 1.3 * 2 * NoiseEstimatorChecks.LumaFactor);
        Assert.InRange(inside, 0.75 * 8.2 * NoiseEstimatorChecks.LumaFactor, 1.3 * 8.2 * NoiseEstimatorChecks.LumaFactor);
    }

    [Theory]
    [MemberData(nameof(Estimators))]
    public async Task The_noisier_rectangle_is_flagged_and_the_map_is_hotter_there(string estimator)
    {
        var found = await NoiseEstimatorChecks.Analyze(Detector(estimator), NoiseEstimatorChecks.NoisyRectangle());

        var finding = Assert.Single(found);
        Assert.Equal($"noise.{estimator}.inconsistent-regions", finding.Id);
        Assert.Equal(EvidenceDirection.Manipulated, finding.Direction);
        Assert.InRange(finding.LikelihoodRatio, 1.5, 3.0);
        Assert.Equal("noisier than the rest", finding.Regions[0].Label);
        Assert.True(NoiseEstimatorChecks.IoU(finding.Regions[0]) >= 0.4, $"top region {finding.Regions[0]}");
        var (hotInside, hotOutside) = NoiseEstimatorChecks.HeatInsideOutside(finding.Heatmap!, 512, 384);
        Assert.True(hotInside > hotOutside + 0.3, $"heat inside {hotInside:0.00}, outside {hotOutside:0.00}");
    }

    [Theory]
    [MemberData(nameof(Estimators))]
    public async Task An_untouched_scene_is_consistent_without_a_map(string estimator)
    {
        var found = await NoiseEstimatorChecks.Analyze(Detector(estimator), Scenes.DeadLeaves(512, 384, 5, noiseSigma: 3));

        var finding = Assert.Single(found);
        Assert.Equal($"noise.{estimator}.consistent", finding.Id);
        Assert.Null(finding.Heatmap); // nothing flagged: no map to dilute the fused map
        Assert.DoesNotContain(found, e => e.Direction != EvidenceDirection.Neutral);
    }

    [Theory]
    [MemberData(nameof(Estimators))]
    public async Task A_flat_image_has_low_reliability(string estimator)
    {
        var found = await NoiseEstimatorChecks.Analyze(Detector(estimator), Scenes.Flat(512, 384));

        Assert.All(found, e => Assert.True(e.Reliability <= 0.25, $"{e.Id} reliability {e.Reliability}"));
        Assert.DoesNotContain(found, e => e.Direction != EvidenceDirection.Neutral);
    }
}
