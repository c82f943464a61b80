using FakeLens.Core.Detection;
using FakeLens.Core.Evidence;
using FakeLens.Imaging.Decoding;
using FakeLens.Imaging.Jpeg;
using FakeLens.TestSupport;

namespace FakeLens.Imaging.Tests.Jpeg;

public sealed class DoubleQuantizationDetectorTests
{
    private static async Task<IReadOnlyList<Evidence>> Run(byte[] jpeg) =>
        await new DoubleQuantizationDetector().AnalyzeAsync(AnalysisContext.FromBytes(jpeg, "test.jpg"), CancellationToken.None);

    private static string Fact(Evidence e, string name) => e.Facts.Single(f => f.Name == name).Value;

    [Theory]
    [InlineData(1, 75)]
    [InlineData(3, 90)]
    [InlineData(6, 50)]
    public async Task Once_compressed_photo_is_not_reported_as_double_compressed(int kodak, int quality)
    {
        var evidence = await Run(ImageEncoder.Jpeg(JpegTestImages.Kodak(kodak), quality));

        var e = Assert.Single(evidence);
        Assert.Equal("jpeg.double-quantization", e.Id);
        Assert.Equal(EvidenceDirection.Neutral, e.Direction);
        Assert.StartsWith("No trace", e.Title, StringComparison.Ordinal);
        Assert.True(e.Reliability > 0.5);
    }

    [Fact]
    public async Task Photo_saved_at_60_then_90_is_reported_as_double_compressed_with_earlier_quality_60()
    {
        var evidence = await Run(JpegTestImages.Twice(JpegTestImages.Kodak(4), 60, 90));

        var e = evidence.Single(x => x.Id == "jpeg.double-quantization");
        Assert.Equal(EvidenceDirection.Neutral, e.Direction);
        Assert.Equal("60", Fact(e, "earlier quality (estimate)"));
        Assert.Equal("90", Fact(e, "current quality"));
        Assert.DoesNotContain(evidence, x => x.Id == "jpeg.double-quantization.region");
    }

    [Fact]
    public async Task Uncompressed_patch_pasted_between_two_saves_is_flagged_where_it_was_pasted()
    {
        var first = JpegTestImages.Decode(ImageEncoder.Jpeg(JpegTestImages.Kodak(1), 60));
        var donor = Scenes.Natural(500, 500, seed: 5, noiseSigma: 3);
        var spliced = Scenes.Paste(first, donor, 100, 100, 160, 128, 200, 240);

        var evidence = await Run(ImageEncoder.Jpeg(spliced, 90));

        var e = evidence.Single(x => x.Id == "jpeg.double-quantization.region");
        Assert.Equal(EvidenceDirection.Manipulated, e.Direction);
        Assert.InRange(e.LikelihoodRatio, 2, 4);
        var r = e.Regions[0];
        var ix = Math.Max(0, Math.Min(r.X + r.Width, 360) - Math.Max(r.X, 200));
        var iy = Math.Max(0, Math.Min(r.Y + r.Height, 368) - Math.Max(r.Y, 240));
        var iou = ix * iy / (double)((r.Width * r.Height) + (160 * 128) - (ix * iy));
        Assert.True(iou > 0.7, $"region {r} overlaps the paste with IoU {iou:0.00}");
        Assert.NotNull(e.Heatmap);
        Assert.True(e.Heatmap.Values[((280 / 8) * e.Heatmap.Width) + (280 / 8)] > 0.5, "heatmap is hot inside the paste");
    }

    [Fact]
    public async Task First_save_at_higher_quality_is_undetectable_and_says_so()
    {
        var evidence = await Run(JpegTestImages.Twice(JpegTestImages.Kodak(2), 95, 80));

        var e = Assert.Single(evidence);
        Assert.Equal(EvidenceDirection.Neutral, e.Direction);
        Assert.Contains("does not prove", e.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Flat_image_gives_an_unreliable_neutral_result()
    {
        var evidence = await Run(ImageEncoder.Jpeg(Scenes.Flat(256, 256), 85));

        var e = Assert.Single(evidence);
        Assert.Equal(EvidenceDirection.Neutral, e.Direction);
        Assert.Equal(0, e.Reliability);
    }

    [Fact]
    public async Task Arithmetic_coded_jpeg_is_not_analysed_and_gets_zero_reliability()
    {
        var jpeg = ImageEncoder.Jpeg(Scenes.Natural(64, 64), 90);
        var sof = jpeg.AsSpan().IndexOf(new byte[] { 0xFF, 0xC0 });
        jpeg[sof + 1] = 0xC9;

        var e = Assert.Single(await Run(jpeg));

        Assert.Equal(0, e.Reliability);
        Assert.Contains("arithmetic", e.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Progressive_copy_of_a_double_compressed_photo_is_reported_like_the_baseline_file()
    {
        var baseline = JpegTestImages.Twice(JpegTestImages.Kodak(4), 60, 90);
        var progressive = Jpegtran.Run(baseline, "-progressive");

        var e = (await Run(progressive)).Single(x => x.Id == "jpeg.double-quantization");

        Assert.Equal("60", Fact(e, "earlier quality (estimate)"));
        Assert.True(e.Reliability > 0.9);
    }
}
