using SkiaSharp;

namespace FakeLens.Imaging.Decoding;

/// <summary>Copies between <see cref="RgbImage"/> and SkiaSharp bitmaps (RGBA8888), for Skia-based operations.</summary>
public static class SkiaBitmaps
{
    /// <summary>An opaque RGBA8888 Skia bitmap of the pixels (caller disposes).</summary>
    public static SKBitmap ToBitmap(RgbImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        return Convert(image);
    }

    private static SKBitmap Convert(RgbImage image)
    {
        var bitmap = new SKBitmap(new SKImageInfo(image.Width, image.Height, SKColorType.Rgba8888, SKAlphaType.Opaque));
        var span = bitmap.GetPixelSpan();
        var rgb = image.Pixels;
        for (int i = 0, j = 0; j < rgb.Length; i += 4, j += 3)
        {
            span[i] = rgb[j];
            span[i + 1] = rgb[j + 1];
            span[i + 2] = rgb[j + 2];
            span[i + 3] = 255;
        }

        return bitmap;
    }

    /// <summary>The RGB pixels of an RGBA8888 Skia bitmap (alpha dropped).</summary>
    public static RgbImage ToRgbImage(SKBitmap bitmap)
    {
        ArgumentNullException.ThrowIfNull(bitmap);
        return Copy(bitmap);
    }

    private static RgbImage Copy(SKBitmap bitmap)
    {
        var span = bitmap.GetPixelSpan();
        var rgb = new byte[bitmap.Width * bitmap.Height * 3];
        for (int i = 0, j = 0; j < rgb.Length; i += 4, j += 3)
        {
            rgb[j] = span[i];
            rgb[j + 1] = span[i + 1];
            rgb[j + 2] = span[i + 2];
        }

        return new RgbImage(bitmap.Width, bitmap.Height, rgb);
    }
}
