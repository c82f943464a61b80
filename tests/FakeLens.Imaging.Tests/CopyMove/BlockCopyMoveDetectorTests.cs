using FakeLens.Core.Detection;
using FakeLens.Core.Evidence;
using FakeLens.Imaging.CopyMove;
using FakeLens.Imaging.Decoding;
using FakeLens.TestSupport;

namespace FakeLens.Imaging.Tests.CopyMove;

public sealed class BlockCopyMoveDetectorTests
{
    private const int W = 512;
    private const int H = 384;

    [Fact]
    public async Task Blocks_find_a_clone_inside_a_flat_sky_where_keypoints_find_nothing()
    {
        // A nearly flat, grainy "sky": a gentle gradient with sensor noise and faint large-scale texture.
        var sky = CopyMoveScenes.Textured(W, H, 31, noiseSigma: 2.0, contrast: 0.08);
        var scene = Scenes.Paste(sky, sky, 60, 60, 96, 96, 330, 220);
        var truth = Truth(60, 60, 330, 220, 96);
        var png = ImageEncoder.Png(scene);

        var found = Assert.Single(await Analyze(new BlockCopyMoveDetector(), png));
        var keypoints = Assert.Single(await Analyze(new KeypointCopyMoveDetector(), png));

        Assert.True(found.Id == "copy-move.blocks.duplicated", KeypointCopyMoveDetectorTests.Describe(found));
        Assert.Equal(EvidenceDirection.Manipulated, found.Direction);
        var target = Assert.Single(found.Regions, r => r.Label == "copy 1 target");
        Assert.InRange(target.X, 320, 345);
        Assert.InRange(target.Y, 210, 235);
        var f1 = CopyMoveScenes.F1(found.Heatmap!, truth, W, H);
        Assert.True(f1 >= 0.7, $"pixel F1 {f1:0.00}");
        Assert.Equal("copy-move.sift.none", keypoints.Id);
    }

    [Fact]
    public async Task Blocks_find_a_textured_clone_too()
    {
        var image = CopyMoveScenes.Textured(W, H, 32);
        var scene = Scenes.Paste(image, image, 300, 40, 80, 80, 60, 250);

        var found = Assert.Single(await Analyze(new BlockCopyMoveDetector(), ImageEncoder.Png(scene)));

        Assert.True(found.Id == "copy-move.blocks.duplicated", KeypointCopyMoveDetectorTests.Describe(found));
        Assert.True(CopyMoveScenes.F1(found.Heatmap!, Truth(300, 40, 60, 250, 80), W, H) >= 0.7);
    }

    [Theory]
    [InlineData(0.08)]
    [InlineData(1.0)]
    public async Task Blocks_report_nothing_on_an_untouched_image(double contrast)
    {
        var found = Assert.Single(await Analyze(new BlockCopyMoveDetector(), ImageEncoder.Png(CopyMoveScenes.Textured(W, H, 33, contrast: contrast))));

        Assert.True(found.Id == "copy-move.blocks.none", KeypointCopyMoveDetectorTests.Describe(found));
        Assert.All(found.Heatmap!.Values, v => Assert.Equal(0f, v));
        Assert.True(KeypointCopyMoveDetectorTests.Score(found) < 0.3);
    }

    [Fact]
    public async Task Blocks_on_a_flat_image_say_they_cannot_look()
    {
        var found = Assert.Single(await Analyze(new BlockCopyMoveDetector(), ImageEncoder.Png(Scenes.Flat(300, 200))));

        Assert.Equal(EvidenceDirection.Neutral, found.Direction);
        Assert.True(found.Reliability <= 0.15);
    }

    [Fact]
    public async Task Blocks_do_not_take_a_noiseless_gradient_for_a_clone()
    {
        // Every row of a smooth synthetic ramp looks like every other: many look-alike blocks, no shared noise to confirm a clone.
        var px = new byte[W * H * 3];
        for (var y = 0; y < H; y++)
        {
            for (var x = 0; x < W; x++)
            {
                var v = (byte)(40 + (y * 150 / H) + (x * 20 / W));
                px[(((y * W) + x) * 3) + 0] = px[(((y * W) + x) * 3) + 1] = px[(((y * W) + x) * 3) + 2] = v;
            }
        }

        var found = Assert.Single(await Analyze(new BlockCopyMoveDetector(), ImageEncoder.Png(new RgbImage(W, H, px))));

        Assert.Equal(EvidenceDirection.Neutral, found.Direction);
    }

    private static bool[] Truth(int sx, int sy, int tx, int ty, int size)
    {
        var truth = new bool[W * H];
        for (var y = 0; y < size; y++)
        {
            for (var x = 0; x < size; x++)
            {
                truth[((sy + y) * W) + sx + x] = true;
                truth[((ty + y) * W) + tx + x] = true;
            }
        }

        return truth;
    }

    private static async Task<IReadOnlyList<Evidence>> Analyze(IDetector detector, byte[] bytes) =>
        await detector.AnalyzeAsync(AnalysisContext.FromBytes(bytes, "scene.png"), CancellationToken.None);
}
