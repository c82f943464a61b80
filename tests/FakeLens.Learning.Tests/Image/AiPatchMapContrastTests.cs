using FakeLens.Core.Media;
using FakeLens.Imaging.Decoding;
using FakeLens.Learning.Image;
using FakeLens.Learning.Models;
using FakeLens.TestSupport;

namespace FakeLens.Learning.Tests.Image;

/// <summary>
/// The map's contrast rule read from the model file (<c>fakelens train image-map</c>), with the v7 default when absent. These
/// test one model's own map rule, so the shipped model is used without its map model (<see cref="AiMapTriggerTests"/> covers
/// the two-model map).
/// </summary>
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

        return LearnedImageModel.FromBundle(new ModelBundle(model.Bundle.Manifest with { Metrics = metrics, MapModel = null }, model.Model, model.Bundle.Attachments));
    }

    private static LearnedImageModel WithMetrics(LearnedImageModel model, params (string Key, double Value)[] set)
    {
        var metrics = new Dictionary<string, double>(model.Bundle.Manifest.Metrics);
        foreach (var (key, value) in set)
        {
            metrics[key] = value;
        }

        return LearnedImageModel.FromBundle(new ModelBundle(model.Bundle.Manifest with { Metrics = metrics, MapModel = null }, model.Model, model.Bundle.Attachments));
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
    public void A_model_file_without_a_stored_baseline_or_cell_rule_keeps_the_median_window_and_the_weighted_mean()
    {
        var shipped = LearnedImageModel.LoadDefault();
        Assert.Equal(0.5, shipped.MapBaselineQuantile);
        Assert.False(shipped.MapCellFromBestWindow);
        Assert.Equal(0.25, WithMetrics(shipped, (LearnedImageModel.MapBaselineQuantileMetric, 0.25)).MapBaselineQuantile);
        Assert.Equal(0.0, WithMetrics(shipped, (LearnedImageModel.MapBaselineQuantileMetric, 0.0)).MapBaselineQuantile);
        Assert.Equal(0.5, WithMetrics(shipped, (LearnedImageModel.MapBaselineQuantileMetric, double.NaN)).MapBaselineQuantile);
        Assert.Equal(0.5, WithMetrics(shipped, (LearnedImageModel.MapBaselineQuantileMetric, 1.5)).MapBaselineQuantile);
        Assert.True(WithMetrics(shipped, (LearnedImageModel.MapCellMetric, 1)).MapCellFromBestWindow);
        Assert.False(WithMetrics(shipped, (LearnedImageModel.MapCellMetric, 0)).MapCellFromBestWindow);
    }

    /// <summary>
    /// The stored rule is the one measured and applied: with the lowest window as the baseline (quantile 0) the top-cell
    /// contrast is measured from that window's score, with the median (0.5, the default) from the median window's; with
    /// cells from their best-covering window every cell carries one window's own score, with the weighted mean not.
    /// </summary>
    [Fact]
    public void The_contrast_is_measured_from_the_stored_baseline_quantile_and_cells_follow_the_stored_cell_rule()
    {
        var shipped = LearnedImageModel.LoadDefault();
        var image = Composite();
        var (median, windows) = AiPatchMapContrast.MeasureWithWindows(shipped, image, 1, CancellationToken.None);
        var logits = windows.Select(w => w.Logit).Order().ToArray();
        Assert.True(windows.Count >= 9 && windows.All(w => w.Coarse), $"{windows.Count} windows");
        var calibrator = shipped.Model.Calibrator;
        double LogOdds(double raw) => AiPatchMap.LogOdds(calibrator.Calibrate(raw));
        var lowest = AiPatchMapContrast.Measure(WithMetrics(shipped, (LearnedImageModel.MapBaselineQuantileMetric, 0.0)), image, CancellationToken.None);
        Assert.Equal(AiPatchMap.LogOdds(lowest.MaxCellProbability) - LogOdds(logits[0]), lowest.TopContrast, 4);
        Assert.Equal(AiPatchMap.LogOdds(median.MaxCellProbability) - LogOdds(AiPatchMap.Quantile(logits, 0.5)), median.TopContrast, 4);
        Assert.True(lowest.TopContrast > median.TopContrast + 1, $"{lowest.TopContrast} vs {median.TopContrast}");

        var windowProbabilities = windows.Select(w => (float)calibrator.Calibrate(w.Logit)).ToHashSet();
        var best = AiPatchMap.Build(WithMetrics(shipped, (LearnedImageModel.MapCellMetric, 1)), image, shipped.Score(image, CancellationToken.None), AiPatchMap.MaxWindows, CancellationToken.None);
        var mean = AiPatchMap.Build(shipped, image, shipped.Score(image, CancellationToken.None), AiPatchMap.MaxWindows, CancellationToken.None);
        Assert.All(best.CellProbabilities, p => Assert.Contains(p, windowProbabilities));
        Assert.Contains(mean.CellProbabilities, p => !windowProbabilities.Contains(p));
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

        // Area contrasts: photos on which no contrast shows an area are −∞; the quantile never interpolates towards them.
        var areas = Enumerable.Repeat(double.NegativeInfinity, 99).Concat([5.0]).ToList();
        Assert.Equal(5.0, AiPatchMapContrast.Choose(areas, 0.99), 9);
        Assert.Throws<ArgumentException>(() => AiPatchMapContrast.Choose([double.NegativeInfinity, double.NegativeInfinity], 0.5));
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
