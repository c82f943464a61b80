using FakeLens.Imaging.Decoding;
using FakeLens.Imaging.Noise;
using FakeLens.Imaging.Tests.Jpeg;
using FakeLens.TestSupport;

namespace FakeLens.Imaging.Tests.Noise;

/// <summary>
/// Issue 19 vectorised noise.pca's two inner loops (patch variances eight patches at a time; the Σx / Σxxᵀ update four
/// entries at a time). Each lane repeats the scalar loop's operations in its order, so the block σ map must be
/// bit-for-bit the scalar one — on a drawn scene whose width is no multiple of 8 (scalar tail) and on a photo with
/// 32 px blocks.
/// </summary>
public sealed class PcaNoiseEquivalenceTests
{
    [Fact]
    public void Vector_loops_give_the_scalar_sigma_map_on_a_drawn_scene()
    {
        AssertSame(Scenes.Natural(389, 263, seed: 9));
    }

    [Fact]
    public void Vector_loops_give_the_scalar_sigma_map_on_a_photo_with_large_blocks()
    {
        var photo = JpegTestImages.Kodak(5);
        var wide = new RgbImage(photo.Width * 2, 1000, Tile(photo, photo.Width * 2, 1000));
        AssertSame(wide);
    }

    private static void AssertSame(RgbImage image)
    {
        var scalar = PcaNoiseDetector.Analyze(image, vectors: false, CancellationToken.None);
        var vector = PcaNoiseDetector.Analyze(image, vectors: true, CancellationToken.None);
        Assert.Equal(scalar.Usable, vector.Usable);
        Assert.Equal(scalar.Sigma, vector.Sigma);
        Assert.True(scalar.UsableCount > 0);
    }

    /// <summary>The photo repeated (mirrored every other time) to fill <paramref name="width"/> × <paramref name="height"/>.</summary>
    private static byte[] Tile(RgbImage photo, int width, int height)
    {
        var pixels = new byte[width * height * 3];
        for (var y = 0; y < height; y++)
        {
            var sy = y % (2 * photo.Height);
            sy = sy < photo.Height ? sy : (2 * photo.Height) - 1 - sy;
            for (var x = 0; x < width; x++)
            {
                var sx = x % (2 * photo.Width);
                sx = sx < photo.Width ? sx : (2 * photo.Width) - 1 - sx;
                Array.Copy(photo.Pixels, ((sy * photo.Width) + sx) * 3, pixels, ((y * width) + x) * 3, 3);
            }
        }

        return pixels;
    }
}
