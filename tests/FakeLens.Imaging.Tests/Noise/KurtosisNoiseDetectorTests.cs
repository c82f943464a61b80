using FakeLens.Core.Evidence;
using FakeLens.Imaging.Noise;
using FakeLens.TestSupport;
using Xunit.Abstractions;

namespace FakeLens.Imaging.Tests.Noise;

public sealed class KurtosisNoiseDetectorTests(ITestOutputHelper output)
{
    [Fact]
    public void Kurtosis_sigma_is_higher_inside_a_noisier_rectangle_and_near_the_true_level_outside()
    {
        var map = KurtosisNoiseDetector.Analyze(NoiseEstimatorChecks.NoisyRectangle(), CancellationToken.None);

        // The kurtosis fit is the least precise of the estimators (a fourth moment from 80 px windows): wider tolerance.
        var (inside, outside) = NoiseEstimatorChecks.InsideOutside(map);
        output.WriteLine($"inside {inside:0.00} outside {outside:0.00}");
        Assert.InRange(outside, 0.6 * 2 * NoiseEstimatorChecks.LumaFactor, 1.4 * 2 * NoiseEstimatorChecks.LumaFactor);
        Assert.InRange(inside, 0.6 * 8.2 * NoiseEstimatorChecks.LumaFactor, 1.4 * 8.2 * NoiseEstimatorChecks.LumaFactor);
        Assert.True(inside > 2.5 * outside, $"inside {inside:0.00}, outside {outside:0.00}");
    }

    [Fact]
    public async Task Kurtosis_reports_an_untouched_scene_as_consistent_without_a_map()
    {
        var found = await NoiseEstimatorChecks.Analyze(new KurtosisNoiseDetector(), Scenes.DeadLeaves(512, 384, 5, noiseSigma: 3));

        var finding = Assert.Single(found);
        Assert.Equal("noise.kurtosis.consistent", finding.Id);
        Assert.Null(finding.Heatmap); // nothing flagged: no map to dilute the fused map
        Assert.DoesNotContain(found, e => e.Direction != EvidenceDirection.Neutral);
    }

    [Fact]
    public async Task Kurtosis_on_a_flat_image_has_low_reliability()
    {
        var found = await NoiseEstimatorChecks.Analyze(new KurtosisNoiseDetector(), Scenes.Flat(512, 384));

        Assert.All(found, e => Assert.True(e.Reliability <= 0.25, $"{e.Id} reliability {e.Reliability}"));
        Assert.DoesNotContain(found, e => e.Direction != EvidenceDirection.Neutral);
    }
}
