using FakeLens.Core.Media;
using FakeLens.Imaging.Decoding;
using FakeLens.Learning.Image;
using FakeLens.Learning.Models;
using FakeLens.TestSupport;

namespace FakeLens.Learning.Tests.Image;

/// <summary>The map's contrast rule read from the model file (<c>fakelens train image-map</c>), with the v7 default when absent.</summary>
public sealed class AiPatchMapContrastTests
{
    private static LearnedImageModel WithContrast(LearnedImageModel model, double? contrast)
    {
        var metrics = new Dictionary<string, double>(model.Bundle.Manifest.Metrics);
        metrics.Remove(LearnedImageModel.MapContrastMetric);
        if (contrast is { } c)
        {
            metrics[LearnedImageModel.MapContrastMetric] = c;
        }

        return LearnedImageModel.FromBundle(new ModelBundle(model.Bundle.Manifest with { Metrics = metrics }, model.Model, model.Bundle.Attachments));
    }

    /// <summary>kodim01 with the top-left 256 px of an LDM tile pasted at (244, 244): the localisation test's picture.</summary>
    private static RgbImage Composite()
    {
        var photo = ImageDecoder.Decode(File.ReadAllBytes(TestData.Path("images", "real", "kodak24", "kodim01.png")), 100_000_000).Image;
        var ai = ImageDecoder.Decode(File.ReadAllBytes(TestData.Path("images", "ai", "ldm", "a-painting-of-a-fire_t01.png")), 100_000_000).Image;
        var px = (byte[])photo.Pixels.Clone();
        for (var y = 0; y < 256; y++)
        {
            Buffer.BlockCopy(ai.Pixels, y * ai.Width * 3, px, (((244 + y) * photo.Width) + 244) * 3, 256 * 3);
        }

        return new RgbImage(photo.Width, photo.Height, px);
    }

    [Fact]
    public void A_model_file_without_a_stored_contrast_keeps_the_fixed_default_and_a_stored_one_is_used()
    {
        var shipped = LearnedImageModel.LoadDefault();
        Assert.Equal(AiPatchMap.DefaultMinContrast, WithContrast(shipped, null).MapMinContrast);
        Assert.Equal(3.25, WithContrast(shipped, 3.25).MapMinContrast);
        Assert.Equal(AiPatchMap.DefaultMinContrast, WithContrast(shipped, double.NaN).MapMinContrast);
        Assert.Equal(AiPatchMap.DefaultMinContrast, WithContrast(shipped, 0).MapMinContrast);
    }

    /// <summary>
    /// The pasted area is reported exactly when the stored contrast is at or below the picture's measured contrast: the rule
    /// is the file's, and the measurement is the one the map applies (a stored value just above it loses the area).
    /// </summary>
    [Fact]
    public void The_map_reports_the_pasted_area_only_while_the_stored_contrast_is_within_reach()
    {
        var shipped = LearnedImageModel.LoadDefault();
        var image = Composite();
        var m = AiPatchMapContrast.Measure(shipped, image, CancellationToken.None);
        Assert.True(m.AreaContrast > 1, $"area contrast {m.AreaContrast}");
        Assert.Equal(m.TopContrast, m.AreaContrast, 9);
        Assert.Equal(m.AreaContrast >= shipped.MapMinContrast ? 1 : 0, m.Regions);

        var below = new AiImageModelDetector(WithContrast(shipped, m.AreaContrast - 0.25)).Analyze(new DecodedImage(image, MediaFormat.Png, false, false, 1), null, CancellationToken.None);
        var above = new AiImageModelDetector(WithContrast(shipped, m.AreaContrast + 0.25)).Analyze(new DecodedImage(image, MediaFormat.Png, false, false, 1), null, CancellationToken.None);
        var region = Assert.Single(below.Regions);
        Assert.True(region.X + region.Width > 244 + 128 && region.Y + region.Height > 244 + 128, $"region {region}");
        Assert.Empty(above.Regions);
        Assert.Equal(below.Probability, above.Probability);
    }

    [Fact]
    public void The_contrast_is_the_quantile_of_the_real_photos_top_cells()
    {
        var values = Enumerable.Range(0, 101).Select(i => (double)(100 - i)).ToList();
        Assert.Equal(99, AiPatchMapContrast.Choose(values, 0.99), 9);
        Assert.Equal(50, AiPatchMapContrast.Choose(values, 0.5), 9);
        Assert.Equal(2.5, AiPatchMapContrast.Choose([2, 3], 0.5), 9);
        Assert.Throws<ArgumentException>(() => AiPatchMapContrast.Choose([1.0], 0.99));
        Assert.Throws<ArgumentOutOfRangeException>(() => AiPatchMapContrast.Choose(values, 1));
    }

    [Fact]
    public void Areas_are_counted_at_a_contrast_from_the_measurements()
    {
        var none = new AiPatchMapContrast.Measurement(7, double.NegativeInfinity, 0.5, 0.1, 9, 0);
        var strong = new AiPatchMapContrast.Measurement(7, 7, 0.99, 0.1, 9, 1);
        var weak = new AiPatchMapContrast.Measurement(4, 4, 0.95, 0.3, 9, 0);
        Assert.Equal(2, AiPatchMapContrast.AreasAt([none, strong, weak], 4));
        Assert.Equal(1, AiPatchMapContrast.AreasAt([none, strong, weak], 6));
        Assert.Equal(0, AiPatchMapContrast.AreasAt([none, strong, weak], 7.5));
    }
}
