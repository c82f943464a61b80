using FakeLens.Imaging.Decoding;
using FakeLens.Imaging.Jpeg;
using FakeLens.TestSupport;
using SkiaSharp;

namespace FakeLens.Imaging.Tests.Jpeg;

/// <summary>
/// Issue 19 rewrote the re-save loop of jpeg.ghosts twice (first one Skia image per strip and one reused decode bitmap;
/// then no JPEG file at all: <see cref="GreyJpegRoundTrip"/> redoes libjpeg-turbo's DCT, quantisation and inverse DCT,
/// one forward DCT for every quality): the per-cell squared differences must be bit-for-bit those of the original
/// implementation (a SkiaSharp encode + decode per strip and quality), kept here verbatim as the reference.
/// </summary>
public sealed class JpegGhostEquivalenceTests
{
    [Fact]
    public void Resave_differences_equal_the_previous_implementation_across_several_strips()
    {
        // 16000 px wide: 240-row strips, so 520 rows make two full strips and a short one.
        var image = Scenes.Natural(16000, 520, seed: 5);
        Assert.True(ImageStrips.RowsPerStrip(image.Width) < 260);
        AssertSame(image, [50, 70, 90]);
    }

    [Fact]
    public void Resave_differences_equal_the_previous_implementation_on_a_decoded_photo()
    {
        var photo = JpegTestImages.Decode(ImageEncoder.Jpeg(JpegTestImages.Kodak(5), 85));
        AssertSame(photo, JpegGhostDetector.Qualities(85));
    }

    private static void AssertSame(RgbImage image, int[] qualities)
    {
        var expected = Reference(image, qualities);
        var actual = JpegGhostDetector.ResaveDifferences(image, qualities, CancellationToken.None);
        Assert.Equal(expected.Length, actual.Length);
        for (var k = 0; k < expected.Length; k++)
        {
            Assert.Equal(expected[k], actual[k]);
        }

        Assert.Contains(actual[0], v => v > 0);
    }

    /// <summary>The loop as it was before issue 19 (commit 0db87c8).</summary>
    private static float[][] Reference(RgbImage image, int[] qualities)
    {
        const int Cell = JpegGhostDetector.Cell;
        var gw = image.Width / Cell;
        var gh = image.Height / Cell;
        var nq = qualities.Length;
        var diff = new float[nq][];
        for (var k = 0; k < nq; k++)
        {
            diff[k] = new float[gw * gh];
        }

        var luma = image.Luma();
        var w = image.Width;
        var rows = ImageStrips.RowsPerStrip(w);
        var used = gh * Cell;
        var grey = new byte[w * rows];
        var strip = new float[w * rows];
        for (var y0 = 0; y0 < used; y0 += rows)
        {
            var n = Math.Min(rows, used - y0);
            for (var i = 0; i < w * n; i++)
            {
                grey[i] = (byte)Math.Clamp((int)MathF.Round(luma[(y0 * w) + i]), 0, 255);
            }

            for (var k = 0; k < nq; k++)
            {
                ResaveLuma(grey, w, n, qualities[k], strip);
                var d = diff[k];
                for (var y = 0; y < n; y++)
                {
                    var row = (y0 + y) * w;
                    var cellRow = ((y0 + y) / Cell) * gw;
                    for (var x = 0; x < gw * Cell; x++)
                    {
                        var e = luma[row + x] - strip[(y * w) + x];
                        d[cellRow + (x / Cell)] += e * e;
                    }
                }
            }
        }

        return diff;
    }

    private static void ResaveLuma(byte[] grey, int width, int rows, int quality, float[] result)
    {
        var info = new SKImageInfo(width, rows, SKColorType.Gray8, SKAlphaType.Opaque);
        using var bitmap = new SKBitmap(info);
        var span = bitmap.GetPixelSpan();
        var stride = bitmap.RowBytes;
        for (var y = 0; y < rows; y++)
        {
            grey.AsSpan(y * width, width).CopyTo(span.Slice(y * stride, width));
        }

        using var image = SKImage.FromBitmap(bitmap);
        using var data = image.Encode(SKEncodedImageFormat.Jpeg, quality) ?? throw new InvalidOperationException("SkiaSharp could not encode a JPEG");
        using var decoded = SKBitmap.Decode(data, info) ?? throw new InvalidOperationException("SkiaSharp could not decode its own JPEG");
        var back = decoded.GetPixelSpan();
        var backStride = decoded.RowBytes;
        for (var y = 0; y < rows; y++)
        {
            var row = back.Slice(y * backStride, width);
            for (var x = 0; x < width; x++)
            {
                result[(y * width) + x] = row[x];
            }
        }
    }
}
