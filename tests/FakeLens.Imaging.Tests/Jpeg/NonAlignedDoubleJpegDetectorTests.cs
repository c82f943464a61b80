using FakeLens.Core.Detection;
using FakeLens.Core.Evidence;
using FakeLens.Imaging.Decoding;
using FakeLens.Imaging.Jpeg;
using FakeLens.TestSupport;

namespace FakeLens.Imaging.Tests.Jpeg;

public sealed class NonAlignedDoubleJpegDetectorTests
{
    private static async Task<Evidence> Run(byte[] bytes, string name) =>
        Assert.Single(await new NonAlignedDoubleJpegDetector().AnalyzeAsync(AnalysisContext.FromBytes(bytes, name), CancellationToken.None));

    /// <summary>The image without its first <paramref name="dx"/> columns and <paramref name="dy"/> rows.</summary>
    private static RgbImage Crop(RgbImage image, int dx, int dy)
    {
        int w = image.Width - dx, h = image.Height - dy;
        var px = new byte[w * h * 3];
        for (var y = 0; y < h; y++)
        {
            Array.Copy(image.Pixels, (((y + dy) * image.Width) + dx) * 3, px, y * w * 3, w * 3);
        }

        return new RgbImage(w, h, px);
    }

    [Theory]
    [InlineData(3, 5, 5, 3)]
    [InlineData(1, 0, 7, 0)]
    public async Task Photo_cropped_after_a_quality_60_save_reports_the_shifted_grid_offset(int cropX, int cropY, int offsetX, int offsetY)
    {
        var first = JpegTestImages.Decode(ImageEncoder.Jpeg(JpegTestImages.Kodak(7), 60));

        var e = await Run(ImageEncoder.Jpeg(Crop(first, cropX, cropY), 90), "cropped.jpg");

        Assert.Equal("jpeg.nonaligned-double.global", e.Id);
        Assert.Equal(EvidenceDirection.Neutral, e.Direction);
        Assert.Equal($"{offsetX}, {offsetY}", JpegMapAssert.Fact(e, "estimated earlier grid offset (x, y)"));
        Assert.Equal("13", JpegMapAssert.Fact(e, "earlier DC quantisation step (estimate)"));
    }

    [Fact]
    public async Task Area_pasted_from_a_shifted_quality_60_jpeg_is_located_with_its_offset()
    {
        // A 160 × 144 area of Kodak 7's quality-60 JPEG, cropped by (2, 6) first, lands at (300, 200) of the photo.
        var original = JpegTestImages.Kodak(7);
        var shifted = JpegTestImages.Decode(ImageEncoder.Jpeg(Crop(original, 2, 6), 60));
        var spliced = Scenes.Paste(original, shifted, 298, 194, 160, 144, 300, 200);

        var e = await Run(ImageEncoder.Jpeg(spliced, 90), "pasted.jpg");

        Assert.Equal("jpeg.nonaligned-double.region", e.Id);
        Assert.Equal(EvidenceDirection.Manipulated, e.Direction);
        Assert.InRange(e.LikelihoodRatio, 1, 3);
        Assert.Equal("2, 6", JpegMapAssert.Fact(e, "estimated earlier grid offset (x, y)"));
        var (inside, outside) = JpegMapAssert.Means(e.Heatmap!, original.Width, original.Height, 300, 200, 160, 144);
        Assert.True(inside > 0.3 && inside > 5 * outside, $"map inside {inside:0.000}, outside {outside:0.000}");
    }

    [Fact]
    public async Task Photo_saved_twice_on_the_same_grid_shows_no_shifted_grid()
    {
        var e = await Run(JpegTestImages.Twice(JpegTestImages.Kodak(7), 60, 90), "aligned.jpg");

        Assert.True(e.Id == "jpeg.nonaligned-double.none", string.Join("; ", e.Facts.Select(f => $"{f.Name}={f.Value}")));
        Assert.Equal(EvidenceDirection.Neutral, e.Direction);
    }

    [Fact]
    public async Task Png_input_is_not_applicable()
    {
        var detector = new NonAlignedDoubleJpegDetector();
        var png = ImageEncoder.Png(Scenes.Natural(128, 128));

        var e = await Run(png, "picture.png");

        Assert.False(detector.AppliesTo(AnalysisContext.FromBytes(png, "picture.png").Media));
        Assert.Equal(0, e.Reliability);
        Assert.Contains("not a JPEG", e.Explanation, StringComparison.Ordinal);
        Assert.Null(e.Heatmap);
    }
}
