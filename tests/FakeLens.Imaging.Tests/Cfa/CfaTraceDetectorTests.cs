using FakeLens.Core.Evidence;
using FakeLens.Imaging.Cfa;
using FakeLens.Imaging.Decoding;
using FakeLens.Imaging.Tests.Noise;
using FakeLens.TestSupport;

namespace FakeLens.Imaging.Tests.Cfa;

public sealed class CfaTraceDetectorTests
{
    private const int RegionX = NoiseEstimatorChecks.RegionX;
    private const int RegionY = NoiseEstimatorChecks.RegionY;
    private const int RegionSize = NoiseEstimatorChecks.RegionSize;

    [Fact]
    public void Cfa_finds_the_trace_of_a_bayer_mosaiced_and_demosaiced_image()
    {
        var map = CfaTraceDetector.Analyze(Demosaiced(Scenes.DeadLeaves(512, 384, 3, noiseSigma: 2)), CancellationToken.None);

        Assert.True(CfaTraceDetector.HasTrace(map), $"strength {map.Strength:0.00}, null spread {map.NullSpread:0.00}");
        Assert.True(map.Strength > 2, $"strength {map.Strength:0.00}");
    }

    [Fact]
    public async Task Cfa_flags_a_pasted_patch_without_the_trace()
    {
        var camera = Demosaiced(Scenes.DeadLeaves(512, 384, 3, noiseSigma: 2));
        var foreign = Scenes.DeadLeaves(512, 384, 4, noiseSigma: 2);
        var spliced = Scenes.Paste(camera, foreign, RegionX, RegionY, RegionSize, RegionSize, RegionX, RegionY);

        var finding = Assert.Single(await NoiseEstimatorChecks.Analyze(new CfaTraceDetector(), spliced));

        Assert.Equal("cfa.missing-regions", finding.Id);
        Assert.Equal(EvidenceDirection.Manipulated, finding.Direction);
        Assert.InRange(finding.LikelihoodRatio, 1.5, 3.0);
        Assert.True(NoiseEstimatorChecks.IoU(finding.Regions[0]) >= 0.5, $"top region {finding.Regions[0]}");
        var (inside, outside) = NoiseEstimatorChecks.HeatInsideOutside(finding.Heatmap!, 512, 384);
        Assert.True(inside > outside + 0.3, $"heat inside {inside:0.00}, outside {outside:0.00}");
    }

    [Fact]
    public async Task Cfa_reports_an_untouched_demosaiced_image_as_consistent()
    {
        var finding = Assert.Single(await NoiseEstimatorChecks.Analyze(new CfaTraceDetector(), Demosaiced(Scenes.DeadLeaves(512, 384, 5, noiseSigma: 2))));

        Assert.Equal("cfa.consistent", finding.Id);
        Assert.Equal(EvidenceDirection.Neutral, finding.Direction);
        Assert.Null(finding.Heatmap);
    }

    [Fact]
    public async Task Cfa_is_not_applicable_without_a_trace_and_then_carries_no_map()
    {
        var finding = Assert.Single(await NoiseEstimatorChecks.Analyze(new CfaTraceDetector(), Scenes.DeadLeaves(512, 384, 6, noiseSigma: 2)));

        Assert.Equal("cfa.not-applicable", finding.Id);
        Assert.Equal(EvidenceDirection.Neutral, finding.Direction);
        Assert.True(finding.Reliability <= 0.1);
        Assert.Null(finding.Heatmap);
    }

    [Fact]
    public async Task Cfa_on_a_flat_image_has_low_reliability()
    {
        var finding = Assert.Single(await NoiseEstimatorChecks.Analyze(new CfaTraceDetector(), Scenes.Flat(512, 384)));

        Assert.True(finding.Reliability <= 0.1);
        Assert.Equal(EvidenceDirection.Neutral, finding.Direction);
    }

    /// <summary>Samples <paramref name="image"/> through an RGGB Bayer filter and rebuilds it by bilinear demosaicing.</summary>
    internal static RgbImage Demosaiced(RgbImage image)
    {
        int w = image.Width, h = image.Height;
        var src = image.Pixels;
        var mosaic = new int[w * h];
        for (var y = 0; y < h; y++)
        {
            for (var x = 0; x < w; x++)
            {
                mosaic[(y * w) + x] = src[(((y * w) + x) * 3) + Channel(x, y)];
            }
        }

        var px = new byte[w * h * 3];
        for (var y = 0; y < h; y++)
        {
            for (var x = 0; x < w; x++)
            {
                for (var c = 0; c < 3; c++)
                {
                    int sum = 0, n = 0;
                    for (var dy = -1; dy <= 1; dy++)
                    {
                        for (var dx = -1; dx <= 1; dx++)
                        {
                            int xx = x + dx, yy = y + dy;
                            if (xx < 0 || yy < 0 || xx >= w || yy >= h || Channel(xx, yy) != c)
                            {
                                continue;
                            }

                            // Bilinear: the sample itself when acquired, else the mean of the nearest samples (4-neighbours for green).
                            if (Channel(x, y) == c && (dx != 0 || dy != 0))
                            {
                                continue;
                            }

                            if (c == 1 && dx != 0 && dy != 0)
                            {
                                continue;
                            }

                            sum += mosaic[(yy * w) + xx];
                            n++;
                        }
                    }

                    px[(((y * w) + x) * 3) + c] = (byte)((sum + (n / 2)) / n);
                }
            }
        }

        return new RgbImage(w, h, px);

        static int Channel(int x, int y) => (y & 1) == 0 ? ((x & 1) == 0 ? 0 : 1) : ((x & 1) == 0 ? 1 : 2);
    }
}
