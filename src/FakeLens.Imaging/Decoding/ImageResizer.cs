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
        using var source = SkiaBitmaps.ToBitmap(image);
        using var target = source.Resize(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Opaque), new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.Linear))
            ?? throw new InvalidOperationException("resize failed");
        return SkiaBitmaps.ToRgbImage(target);
    }
}
