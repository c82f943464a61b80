using FakeLens.Core.Detection;
using FakeLens.Core.Evidence;
using FakeLens.Imaging.Decoding;
using FakeLens.Imaging.Jpeg;
using FakeLens.TestSupport;

namespace FakeLens.Imaging.Tests.Jpeg;

public sealed class JpegStructureDetectorTests
{
    private static async Task<IReadOnlyList<Evidence>> Run(byte[] bytes) =>
        await new JpegStructureDetector().AnalyzeAsync(AnalysisContext.FromBytes(bytes, "test.jpg"), CancellationToken.None);

    [Fact]
    public async Task Reports_quality_and_standard_tables_as_neutral_facts()
    {
        var evidence = await Run(ImageEncoder.Jpeg(Scenes.Natural(64, 48), 82));

        var q = evidence.Single(e => e.Id == "jpeg.quality");
        Assert.Equal(EvidenceDirection.Neutral, q.Direction);
        Assert.Equal("JPEG quality 82 (standard tables)", q.Title);
        Assert.Contains(q.Facts, f => f.Name == "luma quality" && f.Value == "82");
        Assert.All(evidence, e => Assert.Equal(0, e.Weight));
        Assert.Contains(evidence, e => e.Id == "jpeg.segments" && e.Title == "JPEG without Exif metadata");
    }

    [Fact]
    public async Task Appended_jpeg_is_reported_as_trailing_data()
    {
        var bytes = ImageEncoder.Jpeg(Scenes.Natural(40, 40), 85).Concat(ImageEncoder.Jpeg(Scenes.Natural(20, 20), 85)).ToArray();

        var trailing = (await Run(bytes)).Single(e => e.Id == "jpeg.trailing-data");

        Assert.Equal("A second image is stored after the end of the JPEG", trailing.Title);
    }

    [Fact]
    public async Task Truncated_jpeg_is_reported_not_thrown()
    {
        var jpeg = ImageEncoder.Jpeg(Scenes.Natural(64, 64), 90);

        var evidence = await Run(jpeg[..(jpeg.Length * 2 / 3)]);

        Assert.Contains(evidence, e => e.Id == "jpeg.truncated");
    }

    [Fact]
    public async Task Real_camera_style_files_from_shared_data_parse_with_custom_or_standard_tables()
    {
        // The c2pa fixtures were written by Adobe and other tools; every one must parse and yield a quality.
        foreach (var path in TestData.Files("c2pa", "*.jpg", minimum: 6).Take(6))
        {
            var evidence = await Run(File.ReadAllBytes(path));
            var q = evidence.Single(e => e.Id == "jpeg.quality");
            Assert.InRange(int.Parse(q.Facts.Single(f => f.Name == "luma quality").Value, System.Globalization.CultureInfo.InvariantCulture), 1, 100);
        }
    }

    [Fact]
    public async Task Structure_detector_applies_only_to_jpeg()
    {
        var detector = new JpegStructureDetector();
        var png = AnalysisContext.FromBytes(ImageEncoder.Png(Scenes.Natural(8, 8)), "a.png");

        Assert.False(detector.AppliesTo(png.Media));
        Assert.True(detector.AppliesTo(AnalysisContext.FromBytes(ImageEncoder.Jpeg(Scenes.Natural(8, 8), 80), "a.jpg").Media));
        await Assert.ThrowsAsync<MediaException>(async () => await detector.AnalyzeAsync(png, CancellationToken.None));
    }
}
