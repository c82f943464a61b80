using FakeLens.Core.Evidence;
using FakeLens.Core.Media;
using FakeLens.Imaging.Decoding;
using FakeLens.Imaging.Features;
using FakeLens.Learning.Image;
using FakeLens.TestSupport;

namespace FakeLens.Learning.Tests.Image;

public sealed class AiImageModelDetectorTests
{
    private static readonly AiImageModelDetector Detector = new();

    private static Evidence Analyze(RgbImage image, int? quality = null, bool incomplete = false) =>
        Detector.Analyze(new DecodedImage(image, MediaFormat.Png, incomplete, false, 1), quality, CancellationToken.None);

    [Fact]
    public void The_shipped_model_loads_and_says_which_model_spoke()
    {
        var model = LearnedImageModel.LoadDefault();
        var manifest = model.Bundle.Manifest;
        Assert.Equal("default-image v5", manifest.DisplayName);
        Assert.Equal(ImagePatchFeatures.FeatureSetId, manifest.FeatureSet);
        Assert.Equal(0.01, manifest.TargetFpr, 6);
        Assert.Equal(ImageFeatureFamilies.All, model.Extractor.Families);

        // The figures docs/image-model.md quotes for this file were measured on held-out folds when it was trained.
        Assert.InRange(manifest.Metrics["cv_auc"], 0.95, 1.0);
        Assert.InRange(manifest.Metrics["images_fake"], 1990, 2000);
        Assert.Contains("--seed 7", manifest.Command, StringComparison.Ordinal);
        Assert.Contains("--loo-perturb crop:512,jpeg:85", manifest.Command, StringComparison.Ordinal);
        Assert.InRange(manifest.Metrics["images_real"], 2505, 2520); // v4's 2,538 less the 24 Kodak photos (reserved: they are in LIVE1)
        Assert.Contains("--exclude ", manifest.Command, StringComparison.Ordinal);
        Assert.DoesNotContain("kodak24 (real", manifest.TrainedOn, StringComparison.Ordinal);
        Assert.Equal(0.25, manifest.Metrics["max_source_share"], 6);
        Assert.Contains("--max-source-share 0.25", manifest.Command, StringComparison.Ordinal);
        Assert.InRange(manifest.Metrics[LearnedImageModel.LooMetric], 0.5, 1.0);

        var e = Analyze(Scenes.Natural(600, 400, seed: 21));
        Assert.Equal("ai-image.model", e.Id);
        Assert.Contains(e.Facts, f => f.Name == "model" && f.Value.StartsWith("default-image v5", StringComparison.Ordinal));
        Assert.InRange(e.Probability!.Value, 0, 1);
        Assert.Equal(e.Probability >= model.Model.Threshold ? EvidenceDirection.AiGenerated : EvidenceDirection.Neutral, e.Direction);
        Assert.Contains("real photos score this high", e.Explanation, StringComparison.Ordinal);

        // The evidence cites the figure on generators the model never saw, not the in-domain one.
        Assert.Contains("left out of its training", e.Explanation, StringComparison.Ordinal);
        Assert.Contains(e.Facts, f => f.Name.StartsWith("AUC on generators it never saw (leave-one-generator-out, centre crops", StringComparison.Ordinal));
    }

    /// <summary>
    /// Fixed shared files scored by the shipped model (all four were in its training set, so this pins the scan path
    /// and the features against drift; it is not a measure of accuracy — see docs/image-model.md for held-out figures).
    /// The SD 2 tile is an AI image the model scores below its 1 %-FPR threshold: pinned as the miss it is.
    /// (Kodak24 is no longer used: v5 leaves it out of training, its pictures being part of the reserved LIVE1.)
    /// </summary>
    [Theory]
    [InlineData("images/real/cbsd68/101085.png", 0.0578, false)]
    [InlineData("images/real/cbsd68/102061.png", 0.0173, false)]
    [InlineData("images/ai/ldm/a-painting-of-a-fire_t01.png", 0.9967, true)]
    [InlineData("images/ai/sd2/768-merged-0002_t01.png", 0.5834, false)]
    public void The_shipped_model_scores_fixed_shared_files_as_when_it_was_trained(string file, double expected, bool aboveThreshold)
    {
        var path = TestData.Path(file.Split('/'));
        var model = LearnedImageModel.LoadDefault();
        var e = Detector.Analyze(ImageDecoder.Decode(File.ReadAllBytes(path), 100_000_000), null, CancellationToken.None);
        Assert.InRange(e.Probability!.Value, expected - 0.02, expected + 0.02);
        Assert.Equal(aboveThreshold, e.Probability >= model.Model.Threshold);
        Assert.Equal(aboveThreshold ? EvidenceDirection.AiGenerated : EvidenceDirection.Neutral, e.Direction);
    }

    [Fact]
    public void The_patch_map_covers_the_image_grid()
    {
        var e = Analyze(Scenes.Natural(1100, 600, seed: 4));
        var (_, cols, rows) = PatchLayout.Grid(1100, 600, LearnedImageModel.MaxPatches);
        Assert.NotNull(e.Heatmap);
        Assert.Equal((cols, rows), (e.Heatmap!.Width, e.Heatmap.Height));
        Assert.Equal(0.7, e.Reliability, 6);
    }

    [Fact]
    public void Too_small_images_are_not_judged()
    {
        var e = Analyze(Scenes.Natural(24, 300));
        Assert.Equal("ai-image.model-not-applicable", e.Id);
        Assert.Equal(EvidenceDirection.Neutral, e.Direction);
        Assert.Equal(0, e.Reliability);
        Assert.Null(e.Probability);
    }

    [Fact]
    public void Graphics_small_images_heavy_jpeg_and_truncated_files_lower_reliability_and_say_why()
    {
        var graphic = Analyze(Scenes.Flat(400, 400, 30, 90, 200));
        Assert.True(graphic.Reliability <= 0.2);
        Assert.Contains("screenshot, drawing or graphic", graphic.Explanation, StringComparison.Ordinal);
        Assert.True(graphic.Weight < 0.5, "an unreliable score must not weigh much in the verdict");

        var small = Analyze(Scenes.Natural(200, 150, seed: 3));
        Assert.True(small.Reliability <= 0.15);
        Assert.Contains("smaller than the 256 px patches", small.Explanation, StringComparison.Ordinal);

        var jpeg = Analyze(Scenes.Natural(400, 300, seed: 3), quality: 40);
        Assert.True(jpeg.Reliability <= 0.25);
        Assert.Contains("heavy JPEG compression", jpeg.Explanation, StringComparison.Ordinal);

        var truncated = Analyze(Scenes.Natural(400, 300, seed: 3), incomplete: true);
        Assert.Contains("truncated", truncated.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void A_learned_cue_alone_is_never_decisive()
    {
        foreach (var file in TestData.Files(Path.Combine("images", "ai", "ldm"), minimum: 3).Take(3))
        {
            var decoded = ImageDecoder.Decode(File.ReadAllBytes(file), 100_000_000);
            var e = Detector.Analyze(decoded, null, CancellationToken.None);
            Assert.False(e.Decisive);
            Assert.InRange(e.LikelihoodRatio, 1, 9);
        }
    }
}
