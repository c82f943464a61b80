using FakeLens.Imaging.Jpeg;
using FakeLens.TestSupport;
using SkiaSharp;

namespace FakeLens.Imaging.Tests.Jpeg;

/// <summary>
/// <see cref="GreyJpegRoundTrip"/> claims the same bytes as a grey JPEG encode + decode through SkiaSharp
/// (libjpeg-turbo); checked against SkiaSharp itself on photo-like content, on white noise (every coefficient large,
/// the range limit hit), on 0/255 checkerboards and stripes and at qualities from 1 to 100 (tables clamped at 255 and at 1).
/// </summary>
public sealed class GreyJpegRoundTripTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(10)]
    [InlineData(37)]
    [InlineData(50)]
    [InlineData(55)]
    [InlineData(75)]
    [InlineData(90)]
    [InlineData(97)]
    [InlineData(100)]
    public void Round_trip_equals_SkiaSharp_encode_and_decode(int quality)
    {
        // 203 px wide: the right edge is padded by the encoder; only whole blocks are compared.
        var scene = Scenes.Natural(203, 96, seed: 11);
        var luma = scene.Luma();
        var photo = new byte[luma.Length];
        for (var i = 0; i < photo.Length; i++)
        {
            photo[i] = (byte)Math.Clamp((int)MathF.Round(luma[i]), 0, 255);
        }

        var noise = new byte[203 * 96];
        new Random(3).NextBytes(noise);

        // Extremes: a one-pixel checkerboard and stripes of 0 and 255 (the largest coefficients 8-bit samples can give).
        var extremes = new byte[203 * 96];
        for (var y = 0; y < 96; y++)
        {
            for (var x = 0; x < 203; x++)
            {
                extremes[(y * 203) + x] = (byte)(y < 32 ? ((x + y) % 2) * 255 : y < 64 ? (x % 2) * 255 : (x / 8 % 2) * 255);
            }
        }

        foreach (var grey in new[] { photo, noise, extremes })
        {
            var expected = Skia(grey, 203, 96, quality);
            var blocksWide = 203 / 8;
            var coefficients = new int[blocksWide * 12 * 64];
            GreyJpegRoundTrip.ForwardDct(grey, 203, blocksWide, 12, coefficients);
            var quantiser = new GreyJpegRoundTrip.Quantiser(GreyJpegRoundTrip.LumaTable(quality));
            foreach (var vectors in new[] { true, false })
            {
                var actual = new byte[blocksWide * 8 * 96];
                GreyJpegRoundTrip.Reconstruct(coefficients, blocksWide, 12, quantiser, actual, blocksWide * 8, vectors);
                for (var y = 0; y < 96; y++)
                {
                    Assert.Equal(expected.AsSpan(y * 203, blocksWide * 8).ToArray(), actual.AsSpan(y * blocksWide * 8, blocksWide * 8).ToArray());
                }
            }
        }
    }

    [Fact]
    public void Luma_table_matches_libjpeg_at_quality_50_and_clamps()
    {
        Assert.Equal(16, GreyJpegRoundTrip.LumaTable(50)[0]);
        Assert.Equal(99, GreyJpegRoundTrip.LumaTable(50)[63]);
        Assert.All(GreyJpegRoundTrip.LumaTable(100), v => Assert.Equal(1, v));
        Assert.Equal(255, GreyJpegRoundTrip.LumaTable(1)[63]);
    }

    private static byte[] Skia(byte[] grey, int width, int rows, int quality)
    {
        var info = new SKImageInfo(width, rows, SKColorType.Gray8, SKAlphaType.Opaque);
        using var bitmap = new SKBitmap(info);
        var span = bitmap.GetPixelSpan();
        for (var y = 0; y < rows; y++)
        {
            grey.AsSpan(y * width, width).CopyTo(span.Slice(y * bitmap.RowBytes, width));
        }

        using var image = SKImage.FromBitmap(bitmap);
        using var data = image.Encode(SKEncodedImageFormat.Jpeg, quality) ?? throw new InvalidOperationException("SkiaSharp could not encode a JPEG");
        using var decoded = SKBitmap.Decode(data, info) ?? throw new InvalidOperationException("SkiaSharp could not decode its own JPEG");
        var back = decoded.GetPixelSpan();
        var result = new byte[width * rows];
        for (var y = 0; y < rows; y++)
        {
            back.Slice(y * decoded.RowBytes, width).CopyTo(result.AsSpan(y * width, width));
        }

        return result;
    }
}
