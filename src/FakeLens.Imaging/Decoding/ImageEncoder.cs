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
        using var bitmap = SkiaBitmaps.ToBitmap(image);
        using var skImage = SKImage.FromBitmap(bitmap);
        using var data = skImage.Encode(format, quality) ?? throw new InvalidOperationException($"SkiaSharp could not encode {format}");
        return data.ToArray();
    }
}
