using System.Globalization;
using FakeLens.Core.Detection;
using FakeLens.Core.Evidence;
using FakeLens.Imaging.Decoding;
using FakeLens.Imaging.Ela;
using FakeLens.TestSupport;

namespace FakeLens.Imaging.Tests.Ela;

public sealed class ErrorLevelAnalysisDetectorTests
{
    private const int PasteX = 200;
    private const int PasteY = 120;
    private const int PasteSize = 128;

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public async Task Ela_flags_region_spliced_from_a_never_compressed_image(int seed)
    {
        var background = Decode(ImageEncoder.Jpeg(Scenes.Natural(512, 384, seed), 70));
        var donor = Scenes.Natural(512, 384, seed + 100);
        var spliced = ImageEncoder.Jpeg(Scenes.Paste(background, donor, 50, 50, PasteSize, PasteSize, PasteX, PasteY), 90);
        var control = ImageEncoder.Jpeg(background, 90);

        var found = await Single(spliced);
        var clean = await Single(control);

        Assert.Equal("ela.inconsistent-regions", found.Id);
        Assert.Equal(EvidenceDirection.Manipulated, found.Direction);
        Assert.InRange(found.LikelihoodRatio, 1.5, 3.0);
        Assert.True(Overlap(found.Regions[0], PasteX, PasteY, PasteSize, PasteSize) >= 0.3, $"top region {found.Regions[0]} misses the paste");
        Assert.True(Score(found) > Score(clean) + 0.3, $"spliced {Score(found)} vs control {Score(clean)}");
        Assert.Equal("ela.uniform", clean.Id);
        Assert.NotNull(found.Heatmap);
    }

    [Fact]
    public async Task Ela_gives_low_reliability_to_a_png_that_was_never_a_jpeg()
    {
        var evidence = await Single(ImageEncoder.Png(Scenes.Natural(512, 384, 2)));

        Assert.True(evidence.Reliability <= 0.2, $"reliability {evidence.Reliability}");
        Assert.Contains("not a JPEG", evidence.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ela_makes_no_confident_finding_on_a_flat_image()
    {
        var evidence = await Single(ImageEncoder.Jpeg(Scenes.Flat(512, 384, 90, 140, 200), 90));

        Assert.Equal("ela.uniform", evidence.Id);
        Assert.True(evidence.Reliability <= 0.1, $"reliability {evidence.Reliability}");
        Assert.Equal(0, evidence.Weight);
    }

    [Fact]
    public async Task Ela_does_not_flag_real_photos_saved_once_as_jpeg()
    {
        var photos = TestData.Files("images/real/kodak24", "*.png", minimum: 24).Where((_, i) => i % 3 == 0).ToList();
        Assert.NotEmpty(photos);
        foreach (var photo in photos)
        {
            var jpeg = ImageEncoder.Jpeg(Decode(await File.ReadAllBytesAsync(photo)), 85);
            var evidence = await Single(jpeg);
            Assert.True(evidence.Id == "ela.uniform", $"{Path.GetFileName(photo)}: {evidence.Id} score {Score(evidence)}");
        }
    }

    [Fact]
    public void Ela_resaves_below_the_files_own_quality()
    {
        Assert.Equal(80, ErrorLevelAnalysisDetector.ResaveQualityFor(90));
        Assert.Equal(75, ErrorLevelAnalysisDetector.ResaveQualityFor(85));
        Assert.Equal(80, ErrorLevelAnalysisDetector.ResaveQualityFor(null));
        Assert.Equal(60, ErrorLevelAnalysisDetector.ResaveQualityFor(50));
    }

    private static RgbImage Decode(byte[] bytes) => ImageDecoder.Decode(bytes, 100_000_000).Image;

    private static async Task<Evidence> Single(byte[] bytes)
    {
        var result = await new ErrorLevelAnalysisDetector().AnalyzeAsync(AnalysisContext.FromBytes(bytes), CancellationToken.None);
        return Assert.Single(result);
    }

    private static double Score(Evidence e) =>
        double.Parse(e.Facts.Single(f => f.Name == "inconsistency score").Value, CultureInfo.InvariantCulture);

    /// <summary>Intersection over the smaller of the two rectangles.</summary>
    private static double Overlap(Region r, int x, int y, int w, int h)
    {
        var ix = Math.Max(0, Math.Min(r.X + r.Width, x + w) - Math.Max(r.X, x));
        var iy = Math.Max(0, Math.Min(r.Y + r.Height, y + h) - Math.Max(r.Y, y));
        return ix * (double)iy / Math.Min(r.Width * (double)r.Height, w * (double)h);
    }
}
