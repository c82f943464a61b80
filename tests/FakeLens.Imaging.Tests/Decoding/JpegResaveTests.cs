using FakeLens.Core.Media;
using FakeLens.Imaging.Decoding;
using FakeLens.TestSupport;

namespace FakeLens.Imaging.Tests.Decoding;

/// <summary>
/// ELA's re-save goes through OpenCV's libjpeg-turbo since issue 19 (SkiaSharp's is built without SIMD); the decoded
/// pixels must be exactly those of SkiaSharp's JPEG encode + decode, which ELA used before.
/// </summary>
public sealed class JpegResaveTests
{
    [Theory]
    [InlineData(640, 480, 80)]
    [InlineData(517, 389, 70)]
    [InlineData(1001, 67, 60)]
    [InlineData(33, 250, 75)]
    [InlineData(1280, 720, 95)]
    public void Resave_decodes_to_the_pixels_of_SkiaSharps_encode_and_decode(int width, int height, int quality)
    {
        foreach (var image in new[] { Scenes.Natural(width, height, seed: width), Scenes.DeadLeaves(width, height, seed: height, noiseSigma: 6), Noise(width, height), Checkerboard(width, height) })
        {
            var skia = ImageDecoder.Decode(ImageEncoder.Jpeg(image, quality), long.MaxValue, MediaFormat.Jpeg).Image.Pixels;
            Assert.Equal(skia, JpegResave.DecodedRgb(image, quality));
        }
    }

    [Fact]
    public void Resave_of_a_decoded_camera_jpeg_equals_SkiaSharps()
    {
        // A photo that was a JPEG before (the usual ELA input): its decoded pixels re-saved at 80.
        var photo = ImageDecoder.Decode(ImageEncoder.Jpeg(Scenes.Natural(900, 700, seed: 3, noiseSigma: 4), 92), long.MaxValue, MediaFormat.Jpeg).Image;
        var skia = ImageDecoder.Decode(ImageEncoder.Jpeg(photo, 80), long.MaxValue, MediaFormat.Jpeg).Image.Pixels;
        Assert.Equal(skia, JpegResave.DecodedRgb(photo, 80));
    }

    private static RgbImage Noise(int width, int height)
    {
        var random = new Random(width * height);
        var pixels = new byte[width * height * 3];
        random.NextBytes(pixels);
        return new RgbImage(width, height, pixels);
    }

    private static RgbImage Checkerboard(int width, int height)
    {
        var pixels = new byte[width * height * 3];
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var v = (byte)(((x / 3) + (y / 5)) % 2 == 0 ? 0 : 255);
                var i = ((y * width) + x) * 3;
                pixels[i] = v;
                pixels[i + 1] = (byte)(255 - v);
                pixels[i + 2] = (byte)(x * 7);
            }
        }

        return new RgbImage(width, height, pixels);
    }
}
