using FakeLens.Core.Detection;
using FakeLens.Core.Evidence;
using FakeLens.Imaging.Decoding;
using FakeLens.Imaging.Jpeg;
using FakeLens.TestSupport;

namespace FakeLens.Imaging.Tests.Jpeg;

public sealed class JpegGhostDetectorTests
{
    private static async Task<Evidence> Run(byte[] bytes, string name) =>
        Assert.Single(await new JpegGhostDetector().AnalyzeAsync(AnalysisContext.FromBytes(bytes, name), CancellationToken.None));

    [Fact]
    public async Task Area_pasted_from_a_quality_60_jpeg_into_a_quality_90_save_shows_a_ghost_at_60_inside_it()
    {
        // Kodak 5, uncompressed, with a 192 × 160 area (on the 8×8 grid) taken from its own quality-60 JPEG, saved at 90.
        var original = JpegTestImages.Kodak(5);
        var low = JpegTestImages.Decode(ImageEncoder.Jpeg(original, 60));
        var spliced = Scenes.Paste(original, low, 256, 192, 192, 160, 256, 192);

        var e = await Run(ImageEncoder.Jpeg(spliced, 90), "ghost.jpg");

        Assert.Equal("jpeg.ghosts.region", e.Id);
        Assert.Equal(EvidenceDirection.Manipulated, e.Direction);
        Assert.InRange(e.LikelihoodRatio, 1, 3);
        Assert.InRange(int.Parse(JpegMapAssert.Fact(e, "most telling quality"), System.Globalization.CultureInfo.InvariantCulture), 55, 65);
        var (inside, outside) = JpegMapAssert.Means(e.Heatmap!, original.Width, original.Height, 256, 192, 192, 160);
        Assert.True(inside > 0.3 && inside > 4 * outside, $"ghost map inside {inside:0.000}, outside {outside:0.000}");
        var r = e.Regions[0];
        Assert.True(r.X < 448 && r.X + r.Width > 256 && r.Y < 352 && r.Y + r.Height > 192, $"region {r} misses the paste");
    }

    [Fact]
    public async Task Photo_saved_once_at_quality_90_shows_no_ghost_region()
    {
        var e = await Run(ImageEncoder.Jpeg(JpegTestImages.Kodak(5), 90), "once.jpg");

        Assert.Equal("jpeg.ghosts.uniform", e.Id);
        Assert.Equal(EvidenceDirection.Neutral, e.Direction);
        Assert.NotNull(e.Heatmap);
    }

    [Fact]
    public async Task Png_input_is_analysed_with_low_reliability()
    {
        var e = await Run(ImageEncoder.Png(Scenes.Natural(256, 192, seed: 3)), "picture.png");

        Assert.True(e.Reliability <= 0.2, $"reliability {e.Reliability}");
        Assert.Contains("not a JPEG", e.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tiny_image_is_not_judged()
    {
        var e = await Run(ImageEncoder.Jpeg(Scenes.Natural(40, 40), 90), "tiny.jpg");

        Assert.Equal(EvidenceDirection.Neutral, e.Direction);
        Assert.True(e.Reliability <= 0.1);
    }
}
