using System.Globalization;
using FakeLens.Core.Detection;
using FakeLens.Core.Evidence;
using FakeLens.Imaging.Decoding;
using FakeLens.Imaging.Noise;
using FakeLens.TestSupport;

namespace FakeLens.Imaging.Tests.Noise;

public sealed class NoiseResidualDetectorTests
{
    private const int RegionX = 200;
    private const int RegionY = 120;
    private const int RegionSize = 128;

    [Fact]
    public async Task Noise_flags_region_with_extra_noise()
    {
        var scene = Scenes.AddNoise(Scenes.Natural(512, 384, 1, noiseSigma: 3), 10, RegionX, RegionY, RegionSize, RegionSize);

        var found = await Finding(ImageEncoder.Png(scene));

        Assert.Equal("noise.inconsistent-regions", found.Id);
        Assert.Equal(EvidenceDirection.Manipulated, found.Direction);
        Assert.InRange(found.LikelihoodRatio, 1.5, 3.0);
        Assert.Equal("noisier than the rest", found.Regions[0].Label);
        Assert.True(IoU(found.Regions[0]) >= 0.5, $"top region {found.Regions[0]}");
    }

    [Fact]
    public async Task Noise_flags_smoothed_region_as_cleaner_than_the_rest()
    {
        var scene = BoxBlur(Scenes.Natural(512, 384, 3, noiseSigma: 3), RegionX, RegionY, RegionSize, RegionSize);

        var found = await Finding(ImageEncoder.Png(scene));

        Assert.Equal("noise.inconsistent-regions", found.Id);
        Assert.Equal("cleaner than the rest", found.Regions[0].Label);
        Assert.True(IoU(found.Regions[0]) >= 0.5, $"top region {found.Regions[0]}");
    }

    [Fact]
    public async Task Noise_reports_an_untouched_scene_as_consistent_with_its_noise_level()
    {
        var found = await Analyze(ImageEncoder.Png(Scenes.Natural(512, 384, 5, noiseSigma: 3)));

        var consistent = Assert.Single(found, e => e.Id == "noise.consistent");
        Assert.Equal(EvidenceDirection.Neutral, consistent.Direction);
        Assert.DoesNotContain(found, e => e.Direction != EvidenceDirection.Neutral);
        var level = Assert.Single(found, e => e.Id == "noise.level");
        var sigma = double.Parse(level.Facts[0].Value, CultureInfo.InvariantCulture);
        Assert.InRange(sigma, 1.0, 3.5);
    }

    [Fact]
    public async Task Noise_on_a_flat_image_has_low_reliability_and_calls_it_clean()
    {
        var found = await Analyze(ImageEncoder.Png(Scenes.Flat(512, 384)));

        Assert.All(found, e => Assert.True(e.Reliability <= 0.25, $"{e.Id} reliability {e.Reliability}"));
        Assert.DoesNotContain(found, e => e.Direction != EvidenceDirection.Neutral);
        Assert.Contains(found, e => e.Id == "noise.level" && e.Title.Contains("clean", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Noise_on_a_tiny_image_has_low_reliability()
    {
        var found = await Analyze(ImageEncoder.Png(Scenes.Natural(40, 30)));

        Assert.All(found, e => Assert.True(e.Reliability <= 0.15, $"{e.Id} reliability {e.Reliability}"));
        Assert.DoesNotContain(found, e => e.Direction != EvidenceDirection.Neutral);
    }

    [Fact]
    public void Median_residual_is_zero_on_a_linear_ramp_and_keeps_an_impulse()
    {
        const int W = 7;
        var luma = new float[W * W];
        for (var i = 0; i < luma.Length; i++)
        {
            luma[i] = i % W;
        }

        luma[(3 * W) + 3] += 50;
        var residual = NoiseResidualDetector.MedianResidual(luma, W, W, CancellationToken.None);

        Assert.Equal(50f, residual[(3 * W) + 3]);
        Assert.Equal(0f, residual[(1 * W) + 1]);
        Assert.Equal(0f, residual[(5 * W) + 5]);
    }

    private static async Task<IReadOnlyList<Evidence>> Analyze(byte[] bytes) =>
        await new NoiseResidualDetector().AnalyzeAsync(AnalysisContext.FromBytes(bytes), CancellationToken.None);

    private static async Task<Evidence> Finding(byte[] bytes) =>
        Assert.Single(await Analyze(bytes), e => e.Id != "noise.level");

    private static double IoU(Region r)
    {
        var ix = Math.Max(0, Math.Min(r.X + r.Width, RegionX + RegionSize) - Math.Max(r.X, RegionX));
        var iy = Math.Max(0, Math.Min(r.Y + r.Height, RegionY + RegionSize) - Math.Max(r.Y, RegionY));
        var inter = ix * (double)iy;
        return inter / ((r.Width * (double)r.Height) + (RegionSize * RegionSize) - inter);
    }

    /// <summary>5 × 5 box blur inside a rectangle (a crude "denoise" or retouch).</summary>
    private static RgbImage BoxBlur(RgbImage image, int x0, int y0, int w, int h)
    {
        var px = (byte[])image.Pixels.Clone();
        for (var y = y0; y < y0 + h; y++)
        {
            for (var x = x0; x < x0 + w; x++)
            {
                for (var c = 0; c < 3; c++)
                {
                    var sum = 0;
                    for (var dy = -2; dy <= 2; dy++)
                    {
                        for (var dx = -2; dx <= 2; dx++)
                        {
                            sum += image.Pixels[((((y + dy) * image.Width) + x + dx) * 3) + c];
                        }
                    }

                    px[(((y * image.Width) + x) * 3) + c] = (byte)((sum + 12) / 25);
                }
            }
        }

        return new RgbImage(image.Width, image.Height, px);
    }

    [Theory]
    [InlineData(389, 263)]
    [InlineData(1024, 40)]
    [InlineData(9, 9)]
    public void Vector_median_residual_equals_the_scalar_loop(int w, int h)
    {
        // Issue 19 runs the 3 × 3 median residual eight columns at a time; it must be bit-for-bit the scalar loop's.
        var luma = Scenes.Natural(w, h, seed: 11).Luma();
        for (var i = 0; i < luma.Length; i += 97)
        {
            luma[i] = i % 2 == 0 ? 0f : 255f;
        }

        var scalar = NoiseResidualDetector.MedianResidual(luma, w, h, vectors: false, CancellationToken.None);
        var vector = NoiseResidualDetector.MedianResidual(luma, w, h, vectors: true, CancellationToken.None);
        Assert.Equal(scalar, vector);
    }

    [Theory]
    [InlineData(389, 263)]
    [InlineData(1100, 1003)]
    public void Block_sigma_map_equals_the_per_pixel_loop_it_replaced(int w, int h)
    {
        var image = Scenes.Natural(w, h, seed: 5, noiseSigma: 3);
        var map = NoiseResidualDetector.Analyze(image, CancellationToken.None);
        var luma = image.Luma();
        var residual = NoiseResidualDetector.MedianResidual(luma, w, h, vectors: false, CancellationToken.None);
        var block = map.Block;
        for (var by = 0; by < map.BlocksHigh; by++)
        {
            for (var bx = 0; bx < map.BlocksWide; bx++)
            {
                // The loop before issue 19's round 6, with a full sort for the median.
                var values = new List<float>();
                var clipped = 0;
                for (var y = by * block; y < (by + 1) * block; y++)
                {
                    for (var x = bx * block; x < (bx + 1) * block; x++)
                    {
                        if (y == 0 || y == h - 1 || x == 0 || x == w - 1)
                        {
                            continue;
                        }

                        var v = luma[(y * w) + x];
                        clipped += v < 3f || v > 252f ? 1 : 0;
                        values.Add(Math.Abs(residual[(y * w) + x]));
                    }
                }

                var i = (by * map.BlocksWide) + bx;
                var usable = values.Count >= 16 && clipped * 4 <= values.Count;
                Assert.Equal(usable, map.Usable[i]);
                if (usable)
                {
                    values.Sort();
                    var n = values.Count;
                    var median = n % 2 == 1 ? values[n / 2] : 0.5f * (values[(n / 2) - 1] + values[n / 2]);
                    Assert.Equal(BlockMaps.MadToSigma * median, map.Sigma[i]);
                }
            }
        }
    }
}
