using FakeLens.Imaging.Decoding;

namespace FakeLens.Imaging.Jpeg;

/// <summary>Horizontal strips of an image, copied out as images of their own, so that large images are re-encoded piece by piece.</summary>
internal static class ImageStrips
{
    /// <summary>
    /// Rows per strip: a multiple of 16 (the 4:2:0 MCU, so every strip starts on the JPEG grid) holding about
    /// 4 MP, at least 64 rows.
    /// </summary>
    public static int RowsPerStrip(int width) => Math.Max(64, Math.Min(4096, 4_000_000 / Math.Max(1, width)) / 16 * 16);

    /// <summary>Rows <paramref name="y0"/> .. <paramref name="y0"/> + <paramref name="rows"/> − 1 as a new image.</summary>
    public static RgbImage Copy(RgbImage image, int y0, int rows)
    {
        var stride = image.Width * 3;
        var pixels = new byte[stride * rows];
        Buffer.BlockCopy(image.Pixels, y0 * stride, pixels, 0, pixels.Length);
        return new RgbImage(image.Width, rows, pixels);
    }

    /// <summary>BT.601 luma of RGB bytes, as <see cref="RgbImage.Luma"/> computes it.</summary>
    public static void Luma(ReadOnlySpan<byte> rgb, Span<float> luma)
    {
        for (var i = 0; i < luma.Length; i++)
        {
            luma[i] = (0.299f * rgb[3 * i]) + (0.587f * rgb[(3 * i) + 1]) + (0.114f * rgb[(3 * i) + 2]);
        }
    }
}
