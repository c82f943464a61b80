using SkiaSharp;

namespace FakeLens.Imaging.Decoding;

/// <summary>Encodes an <see cref="RgbImage"/> (JPEG at a quality, PNG), for re-compression analysis, tests and reports.</summary>
public static class ImageEncoder
{
    public static byte[] Jpeg(RgbImage image, int quality) => Encode(image, SKEncodedImageFormat.Jpeg, quality);

    public static byte[] Png(RgbImage image) => Encode(image, SKEncodedImageFormat.Png, 100);

    public static byte[] WebP(RgbImage image, int quality) => Encode(image, SKEncodedImageFormat.Webp, quality);

    private static byte[] Encode(RgbImage image, SKEncodedImageFormat format, int quality)
    {
        ArgumentNullException.ThrowIfNull(image);
        var info = new SKImageInfo(image.Width, image.Height, SKColorType.Rgba8888, SKAlphaType.Opaque);
        using var bitmap = new SKBitmap(info);
        var span = bitmap.GetPixelSpan();
        var rgb = image.Pixels;
        for (int i = 0, j = 0; j < rgb.Length; i += 4, j += 3)
        {
            span[i] = rgb[j];
            span[i + 1] = rgb[j + 1];
            span[i + 2] = rgb[j + 2];
            span[i + 3] = 255;
        }

        using var skImage = SKImage.FromBitmap(bitmap);
        using var data = skImage.Encode(format, quality) ?? throw new InvalidOperationException($"SkiaSharp could not encode {format}");
        return data.ToArray();
    }
}
