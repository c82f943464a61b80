using SkiaSharp;

namespace FakeLens.Imaging.Decoding;

/// <summary>Resizes images with Skia's high-quality sampling (mipmaps + linear), for previews and perturbations.</summary>
public static class ImageResizer
{
    /// <summary>The image scaled so that its longer side is at most <paramref name="maxSide"/> (unchanged when already smaller).</summary>
    public static RgbImage Fit(RgbImage image, int maxSide)
    {
        ArgumentNullException.ThrowIfNull(image);
        var scale = maxSide / (double)Math.Max(image.Width, image.Height);
        return scale >= 1 ? image : Resize(image, Math.Max(1, (int)Math.Round(image.Width * scale)), Math.Max(1, (int)Math.Round(image.Height * scale)));
    }

    public static RgbImage Resize(RgbImage image, int width, int height)
    {
        ArgumentNullException.ThrowIfNull(image);
        using var source = ToBitmap(image);
        using var target = source.Resize(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Opaque), new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.Linear))
            ?? throw new InvalidOperationException("resize failed");
        return FromBitmap(target);
    }

    internal static SKBitmap ToBitmap(RgbImage image)
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

    internal static RgbImage FromBitmap(SKBitmap bitmap)
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
