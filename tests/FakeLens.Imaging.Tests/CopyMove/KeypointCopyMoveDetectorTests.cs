using System.Globalization;
using FakeLens.Core.Detection;
using FakeLens.Core.Evidence;
using FakeLens.Imaging.CopyMove;
using FakeLens.Imaging.Decoding;
using FakeLens.TestSupport;

namespace FakeLens.Imaging.Tests.CopyMove;

public sealed class KeypointCopyMoveDetectorTests
{
    private const int W = 640;
    private const int H = 480;

    [Theory]
    [InlineData(0.0, 1.0)]
    [InlineData(20.0, 1.0)]
    [InlineData(0.0, 1.1)]
    public async Task Sift_finds_a_cloned_disc_and_its_mask_overlaps_the_truth(double degrees, double scale)
    {
        var scene = CopyMoveScenes.CloneDisc(CopyMoveScenes.Textured(W, H, 11), 150, 160, 70, 450, 300, degrees, scale, out var truth);

        var found = Assert.Single(await Analyze(ImageEncoder.Png(scene)));

        Assert.True(found.Id == "copy-move.sift.duplicated", Describe(found));
        Assert.Equal(EvidenceDirection.Manipulated, found.Direction);
        Assert.InRange(found.LikelihoodRatio, 2.0, 4.0);
        var source = Assert.Single(found.Regions, r => r.Label == "copy 1 source");
        var target = Assert.Single(found.Regions, r => r.Label == "copy 1 target");
        Assert.InRange(source.X + (source.Width / 2), 110, 190);
        Assert.InRange(target.X + (target.Width / 2), 410, 490);
        Assert.InRange(target.Y + (target.Height / 2), 260, 340);
        var f1 = CopyMoveScenes.F1(found.Heatmap!, truth, W, H);
        Assert.True(f1 >= 0.7, $"pixel F1 {f1:0.00}");
        Assert.True(Score(found) >= 0.4, $"score {Score(found)}");
    }

    [Fact]
    public async Task Sift_finds_a_clone_that_survived_jpeg_recompression()
    {
        var scene = CopyMoveScenes.CloneDisc(CopyMoveScenes.Textured(W, H, 12), 460, 140, 60, 180, 330, 0, 1, out var truth);

        var found = Assert.Single(await Analyze(ImageEncoder.Jpeg(scene, 85)));

        Assert.Equal("copy-move.sift.duplicated", found.Id);
        Assert.True(CopyMoveScenes.F1(found.Heatmap!, truth, W, H) >= 0.6);
    }

    [Theory]
    [InlineData(21)]
    [InlineData(22)]
    [InlineData(23)]
    public async Task Sift_reports_nothing_on_an_untouched_textured_image(int seed)
    {
        var found = Assert.Single(await Analyze(ImageEncoder.Png(CopyMoveScenes.Textured(W, H, seed))));

        Assert.Equal("copy-move.sift.none", found.Id);
        Assert.Equal(EvidenceDirection.Neutral, found.Direction);
        Assert.NotNull(found.Heatmap);
        Assert.All(found.Heatmap!.Values, v => Assert.Equal(0f, v));
        Assert.True(Score(found) < 0.3, $"score {Score(found)}");
    }

    [Fact]
    public async Task Sift_on_a_flat_image_says_it_cannot_look_and_has_low_reliability()
    {
        var found = Assert.Single(await Analyze(ImageEncoder.Png(Scenes.Flat(300, 200))));

        Assert.Equal(EvidenceDirection.Neutral, found.Direction);
        Assert.True(found.Reliability <= 0.15);
        Assert.Contains("too little detail", found.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sift_on_a_tiny_image_is_not_applicable_rather_than_a_crash()
    {
        var found = Assert.Single(await Analyze(ImageEncoder.Png(Scenes.Natural(40, 30))));

        Assert.Equal(EvidenceDirection.Neutral, found.Direction);
        Assert.Contains("too small", found.Explanation, StringComparison.Ordinal);
    }

    internal static string Describe(Evidence e) => $"{e.Id}: " + string.Join("; ", e.Facts.Select(f => $"{f.Name}={f.Value}")) + " | " + string.Join("; ", e.Regions);

    internal static double Score(Evidence e) => double.Parse(e.Facts.Single(f => f.Name == "score").Value, CultureInfo.InvariantCulture);

    private static async Task<IReadOnlyList<Evidence>> Analyze(byte[] bytes) =>
        await new KeypointCopyMoveDetector().AnalyzeAsync(AnalysisContext.FromBytes(bytes, "scene.png"), CancellationToken.None);
}
