using FakeLens.Imaging.Jpeg;
using FakeLens.TestSupport;
using SkiaSharp;

namespace FakeLens.Imaging.Tests.Jpeg;

/// <summary>
/// <see cref="GreyJpegRoundTrip"/> claims the same bytes as a grey JPEG encode + decode through SkiaSharp
/// (libjpeg-turbo); checked against SkiaSharp itself on photo-like content, on white noise (every coefficient large,
/// the range limit hit) and at qualities from 1 to 100 (tables clamped at 255 and at 1).
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
        foreach (var grey in new[] { photo, noise })
        {
            var expected = Skia(grey, 203, 96, quality);
            var blocksWide = 203 / 8;
            var coefficients = new int[blocksWide * 12 * 64];
            GreyJpegRoundTrip.ForwardDct(grey, 203, blocksWide, 12, coefficients);
            var actual = new byte[blocksWide * 8 * 96];
            GreyJpegRoundTrip.Reconstruct(coefficients, blocksWide, 12, new GreyJpegRoundTrip.Quantiser(GreyJpegRoundTrip.LumaTable(quality)), actual, blocksWide * 8);
            for (var y = 0; y < 96; y++)
            {
                Assert.Equal(expected.AsSpan(y * 203, blocksWide * 8).ToArray(), actual.AsSpan(y * blocksWide * 8, blocksWide * 8).ToArray());
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
