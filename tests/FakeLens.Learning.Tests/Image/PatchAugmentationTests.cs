using FakeLens.Learning.Image;
using FakeLens.TestSupport;

namespace FakeLens.Learning.Tests.Image;

public sealed class PatchAugmentationTests
{
    [Fact]
    public void The_v7_recipe_keeps_its_text_so_its_cached_training_features_keep_their_keys()
    {
        Assert.Equal(
            "PatchAugmentation { RescaleProbability = 0.3, MinScale = 0.5, JpegProbability = 0.75, MinQuality = 65, MaxQuality = 100 }",
            PatchAugmentation.Default.ToString());
        Assert.Contains("WebpProbability = 0.1", PatchAugmentation.FormatMatched.ToString(), StringComparison.Ordinal);
        Assert.Same(PatchAugmentation.Default, PatchAugmentation.Parse("v7"));
        Assert.Same(PatchAugmentation.FormatMatched, PatchAugmentation.Parse("format-matched"));
        Assert.Throws<ArgumentException>(() => PatchAugmentation.Parse("jpeg-only"));
    }

    [Fact]
    public void The_v7_recipe_draws_the_same_patches_as_before_webp_existed()
    {
        // v7's draws: crop (rescale coin, position), then one coin for JPEG and a quality when it is taken. The WebP
        // branch must not consume a draw when its probability is 0, or every cached v7 patch would change.
        var image = Scenes.Natural(400, 300, seed: 4);
        var a = new Random(11);
        var b = new Random(11);
        for (var i = 0; i < 20; i++)
        {
            var patch = PatchAugmentation.Default.Compress(PatchAugmentation.Default.Crop(image, 128, a), a);
            var cropped = PatchAugmentation.Default.Crop(image, 128, b);
            var expected = b.NextDouble() < 0.75 ? ImageOps.JpegRoundTrip(cropped, b.Next(65, 101)) : cropped;
            Assert.Equal(expected.Pixels, patch.Pixels);
        }
    }

    [Fact]
    public void Format_matched_patches_go_through_jpeg_webp_or_nothing_in_the_stated_shares()
    {
        // A flat grey patch with one sharp square: JPEG and WebP both change pixels; lossless leaves them as they were.
        var image = Scenes.Paste(Scenes.Flat(64, 64, 120, 120, 120), Scenes.Natural(64, 64, seed: 2), 16, 16, 24, 24, 16, 16);
        var random = new Random(3);
        var unchanged = 0;
        const int N = 400;
        for (var i = 0; i < N; i++)
        {
            var out1 = PatchAugmentation.FormatMatched.Compress(image, random);
            if (out1.Pixels.AsSpan().SequenceEqual(image.Pixels))
            {
                unchanged++;
            }
        }

        // lossless share 0.2: 80 expected, binomial sd 8
        Assert.InRange(unchanged, 50, 110);
    }
}
