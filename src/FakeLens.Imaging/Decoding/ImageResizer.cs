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

    /// <summary>Each pixel repeated in a 2 × 2 cell: nearest-neighbour 2× up-sampling (the simplest generator up-sampling trace).</summary>
    public static RgbImage NearestUp2x(RgbImage small)
    {
        ArgumentNullException.ThrowIfNull(small);
        var w = small.Width * 2;
        var h = small.Height * 2;
        var p = new byte[w * h * 3];
        for (var y = 0; y < h; y++)
        {
            for (var x = 0; x < w; x++)
            {
                Array.Copy(small.Pixels, (((y / 2) * small.Width) + (x / 2)) * 3, p, ((y * w) + x) * 3, 3);
            }
        }

        return new RgbImage(w, h, p);
    }
}
