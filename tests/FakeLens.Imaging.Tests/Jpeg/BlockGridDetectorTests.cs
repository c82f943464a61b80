using FakeLens.Core.Detection;
using FakeLens.Core.Evidence;
using FakeLens.Imaging.Decoding;
using FakeLens.Imaging.Jpeg;
using FakeLens.TestSupport;

namespace FakeLens.Imaging.Tests.Jpeg;

public sealed class BlockGridDetectorTests
{
    private static async Task<Evidence> Run(byte[] bytes, string name) =>
        Assert.Single(await new BlockGridDetector().AnalyzeAsync(AnalysisContext.FromBytes(bytes, name), CancellationToken.None));

    [Fact]
    public async Task Area_from_a_quality_50_jpeg_pasted_off_grid_shows_a_foreign_grid_there()
    {
        // A synthetic scene saved at 75 (the "camera"); a 160 × 160 area of its own quality-50 JPEG is pasted 3 px
        // right and 5 px down of where it was, so its block grid sits at offset (3, 5); the result is saved at 90.
        // (Heavily textured areas hide the grid at these qualities; the tamper-set figures say how often.)
        var original = Scenes.Natural(512, 512, seed: 2, noiseSigma: 1.5);
        var camera = JpegTestImages.Decode(ImageEncoder.Jpeg(original, 75));
        var low = JpegTestImages.Decode(ImageEncoder.Jpeg(original, 50));
        var spliced = Scenes.Paste(camera, low, 300, 200, 160, 160, 303, 205);

        var e = await Run(ImageEncoder.Jpeg(spliced, 90), "grid.jpg");

        Assert.Equal("0, 0", JpegMapAssert.Fact(e, "image grid offset (x, y)"));
        var (inside, outside) = JpegMapAssert.Means(e.Heatmap!, original.Width, original.Height, 303, 205, 160, 160);
        Assert.True(inside > 0.3 && inside > 3 * outside, $"grid map inside {inside:0.000}, outside {outside:0.000}");
        Assert.Equal("jpeg.block-grid.region", e.Id);
        Assert.InRange(e.LikelihoodRatio, 1, 3);
    }

    [Fact]
    public async Task Photo_cropped_after_a_save_reports_its_grid_offset()
    {
        var first = JpegTestImages.Decode(ImageEncoder.Jpeg(JpegTestImages.Kodak(7), 70));
        var px = new byte[(first.Width - 3) * (first.Height - 2) * 3];
        for (var y = 0; y < first.Height - 2; y++)
        {
            Array.Copy(first.Pixels, (((y + 2) * first.Width) + 3) * 3, px, y * (first.Width - 3) * 3, (first.Width - 3) * 3);
        }

        // Saved as PNG: the only grid left is the shifted one of the quality-70 save.
        var e = await Run(ImageEncoder.Png(new RgbImage(first.Width - 3, first.Height - 2, px)), "cropped.png");

        Assert.Equal("5, 6", JpegMapAssert.Fact(e, "image grid offset (x, y)"));
    }

    [Fact]
    public async Task Uncompressed_picture_has_no_grid_and_low_reliability()
    {
        var e = await Run(ImageEncoder.Png(JpegTestImages.Kodak(7)), "never-jpeg.png");

        Assert.True(e.Reliability <= 0.1, $"reliability {e.Reliability}");
        Assert.Equal(EvidenceDirection.Neutral, e.Direction);
    }
}
