using FakeLens.Core.Detection;
using FakeLens.Core.Media;
using FakeLens.Imaging.Decoding;
using FakeLens.TestSupport;
using SkiaSharp;

namespace FakeLens.Imaging.Tests.Decoding;

public sealed class ImageDecoderTests
{
    [Fact]
    public void Decodes_png_pixels_exactly()
    {
        var scene = Scenes.Natural(40, 30, seed: 4);
        var decoded = ImageDecoder.Decode(ImageEncoder.Png(scene), 1_000_000);
        Assert.Equal(MediaFormat.Png, decoded.Format);
        Assert.False(decoded.Incomplete);
        Assert.Equal(scene.Pixels, decoded.Image.Pixels);
    }

    [Fact]
    public void Refuses_images_over_the_pixel_limit_from_the_header()
    {
        var png = ImageEncoder.Png(Scenes.Flat(300, 200));
        var e = Assert.Throws<MediaException>(() => ImageDecoder.Decode(png, 50_000));
        Assert.Equal("too-large", e.Code);
        Assert.Contains("300 × 200", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Truncated_jpeg_is_decoded_partially_and_flagged()
    {
        var jpeg = ImageEncoder.Jpeg(Scenes.Natural(256, 256, seed: 9), 90);
        var decoded = ImageDecoder.Decode(jpeg[..(jpeg.Length / 2)], 1_000_000);
        Assert.True(decoded.Incomplete);
        // The rows the file never delivered stay mid-grey.
        var last = decoded.Image.Pixels.AsSpan(decoded.Image.Pixels.Length - 30);
        Assert.All(last.ToArray(), b => Assert.InRange(b, 120, 136));
    }

    [Fact]
    public void Garbage_after_a_valid_signature_is_corrupt()
    {
        byte[] bytes = [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, .. new byte[64]];
        Assert.Equal("corrupt", Assert.Throws<MediaException>(() => ImageDecoder.Decode(bytes, 1_000_000)).Code);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Vectorised_rgba_to_rgb_equals_the_per_pixel_conversion(bool incomplete)
    {
        // Issue 19, round 10: four opaque pixels at a time; groups holding a translucent or transparent pixel, and the
        // last pixels (whose 16-byte store would pass the end), through the per-pixel loop.
        var random = new Random(incomplete ? 3 : 2);
        foreach (var pixels in new[] { 1, 3, 4, 5, 7, 64, 1001 })
        {
            var rgba = new byte[pixels * 4];
            random.NextBytes(rgba);
            for (var p = 0; p < pixels; p++)
            {
                // Mostly opaque, as in photographs; then runs of transparent and translucent pixels.
                rgba[(4 * p) + 3] = (p % 23) switch { < 17 => 255, 17 or 18 => 0, 19 => 254, _ => (byte)random.Next(256) };
            }

            var expected = new byte[pixels * 3];
            ImageDecoder.ToRgbScalar(rgba, expected, incomplete);
            var actual = new byte[pixels * 3];
            ImageDecoder.ToRgb(rgba, actual, incomplete);
            Assert.Equal(expected, actual);
        }
    }

    [Fact]
    public void Transparent_pixels_are_composited_on_white()
    {
        using var bitmap = new SKBitmap(new SKImageInfo(4, 4, SKColorType.Rgba8888, SKAlphaType.Unpremul));
        bitmap.Erase(new SKColor(0, 0, 0, 0));
        using var image = SKImage.FromBitmap(bitmap);
        using var png = image.Encode(SKEncodedImageFormat.Png, 100);
        var decoded = ImageDecoder.Decode(png.ToArray(), 1_000);
        Assert.True(decoded.HasAlpha);
        Assert.All(decoded.Image.Pixels, b => Assert.Equal(255, b));
    }

    [Fact]
    public void Heic_pixels_are_unsupported_for_the_detector_not_the_whole_file()
    {
        var e = Assert.Throws<MediaException>(() => ImageDecoder.Decode(new byte[32], 1_000, MediaFormat.Heic));
        Assert.Equal("unsupported", e.Code);
        Assert.False(e.AffectsWholeFile);
    }

    [Fact]
    public void Decode_detector_shares_one_decode_through_the_context_and_reports_size()
    {
        var context = AnalysisContext.FromBytes(ImageEncoder.Png(Scenes.Natural(64, 48)), "a.png");
        var first = ImageDecoder.Get(context);
        Assert.Same(first, ImageDecoder.Get(context));
        Assert.Equal((64, 48), context.PixelSize);
    }

    [Fact]
    public void Fit_shrinks_the_longer_side_and_keeps_aspect()
    {
        var small = ImageResizer.Fit(Scenes.Natural(400, 200), 100);
        Assert.Equal(100, small.Width);
        Assert.Equal(50, small.Height);
        Assert.Same(small, ImageResizer.Fit(small, 100));
    }
}
