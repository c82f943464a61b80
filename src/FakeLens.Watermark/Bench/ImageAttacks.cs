using FakeLens.Imaging.Decoding;
using SkiaSharp;

namespace FakeLens.Watermark.Bench;

/// <summary>
/// The attacks of the watermark benchmark (issue 4): what platforms and casual edits do to a picture. Pixel values
/// are 0..255; "σ 0.02" noise means 0.02 of full scale (5.1 grey levels), the convention of WAVES (An et al. 2024)
/// and Stable Signature (Fernandez et al. 2023) benchmarks.
/// </summary>
public static class ImageAttacks
{
    /// <summary>The standard list, in table order.</summary>
    public static IReadOnlyList<ImageAttack> Standard { get; } =
    [
        new("none", static i => i),
        new("JPEG q90", static i => Jpeg(i, 90)),
        new("JPEG q70", static i => Jpeg(i, 70)),
        new("JPEG q50", static i => Jpeg(i, 50)),
        new("resize 0.75", static i => Resize(i, 0.75)),
        new("resize 0.5", static i => Resize(i, 0.5)),
        new("resize 0.5 + JPEG q50", static i => Jpeg(Resize(i, 0.5), 50)),
        new("centre crop 70 % area", static i => CenterCrop(i, 0.7)),
        new("rotate +5°", static i => Rotate(i, 5)),
        new("rotate −5°", static i => Rotate(i, -5)),
        new("brightness +20 %", static i => Brightness(i, 1.2)),
        new("brightness −20 %", static i => Brightness(i, 0.8)),
        new("contrast ×1.3", static i => Contrast(i, 1.3)),
        new("Gaussian noise σ 0.02", static i => GaussianNoise(i, 0.02, 1)),
        new("Gaussian blur σ 1", static i => GaussianBlur(i, 1.0)),
        new("PNG → WebP q80", static i => WebP(i, 80)),
    ];

    public static RgbImage Jpeg(RgbImage image, int quality) => Decode(ImageEncoder.Jpeg(image, quality));

    public static RgbImage WebP(RgbImage image, int quality) => Decode(ImageEncoder.WebP(image, quality));

    /// <summary>Both sides scaled by <paramref name="factor"/> (Skia linear + mipmaps).</summary>
    public static RgbImage Resize(RgbImage image, double factor)
    {
        ArgumentNullException.ThrowIfNull(image);
        return ImageResizer.Resize(image, Math.Max(1, (int)Math.Round(image.Width * factor)), Math.Max(1, (int)Math.Round(image.Height * factor)));
    }

    /// <summary>The centred rectangle with <paramref name="areaFraction"/> of the area and the same aspect ratio.</summary>
    public static RgbImage CenterCrop(RgbImage image, double areaFraction)
    {
        ArgumentNullException.ThrowIfNull(image);
        var side = Math.Sqrt(areaFraction);
        var w = Math.Max(1, (int)Math.Round(image.Width * side));
        var h = Math.Max(1, (int)Math.Round(image.Height * side));
        return Crop(image, (image.Width - w) / 2, (image.Height - h) / 2, w, h);
    }

    public static RgbImage Crop(RgbImage image, int x0, int y0, int w, int h)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (x0 < 0 || y0 < 0 || w <= 0 || h <= 0 || x0 + w > image.Width || y0 + h > image.Height)
        {
            throw new ArgumentOutOfRangeException(nameof(w), "crop rectangle outside the image");
        }

        var dst = new byte[w * h * 3];
        for (var y = 0; y < h; y++)
        {
            Array.Copy(image.Pixels, (((y0 + y) * image.Width) + x0) * 3, dst, y * w * 3, w * 3);
        }

        return new RgbImage(w, h, dst);
    }

    /// <summary>Rotation about the centre by <paramref name="degrees"/> (clockwise), same canvas, bilinear, black corners.</summary>
    public static RgbImage Rotate(RgbImage image, double degrees)
    {
        ArgumentNullException.ThrowIfNull(image);
        using var source = SkiaBitmaps.ToBitmap(image);
        using var target = new SKBitmap(new SKImageInfo(image.Width, image.Height, SKColorType.Rgba8888, SKAlphaType.Opaque));
        using (var canvas = new SKCanvas(target))
        {
            canvas.Clear(SKColors.Black);
            canvas.Translate(image.Width / 2f, image.Height / 2f);
            canvas.RotateDegrees((float)degrees);
            canvas.Translate(-image.Width / 2f, -image.Height / 2f);
            using var skImage = SKImage.FromBitmap(source);
            using var paint = new SKPaint { IsAntialias = true };
            canvas.DrawImage(skImage, 0, 0, new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.None), paint);
        }

        return SkiaBitmaps.ToRgbImage(target);
    }

    /// <summary>Every channel multiplied by <paramref name="factor"/> (1.2 = +20 %), clipped.</summary>
    public static RgbImage Brightness(RgbImage image, double factor)
    {
        ArgumentNullException.ThrowIfNull(image);
        return Map(image, v => v * factor);
    }

    /// <summary>Distance from the mean luma multiplied by <paramref name="factor"/>, clipped (as torchvision's adjust_contrast).</summary>
    public static RgbImage Contrast(RgbImage image, double factor)
    {
        ArgumentNullException.ThrowIfNull(image);
        double mean = 0;
        foreach (var v in image.Luma())
        {
            mean += v;
        }

        mean /= image.Width * (double)image.Height;
        return Map(image, v => mean + ((v - mean) * factor));
    }

    /// <summary>Independent Gaussian noise of <paramref name="sigma"/> × 255 on every channel, seeded.</summary>
    public static RgbImage GaussianNoise(RgbImage image, double sigma, int seed)
    {
        ArgumentNullException.ThrowIfNull(image);
        var rng = new Random(seed);
        var src = image.Pixels;
        var dst = new byte[src.Length];
        var s = sigma * 255;
        for (var i = 0; i < src.Length; i++)
        {
            var u1 = 1.0 - rng.NextDouble();
            var u2 = rng.NextDouble();
            var g = Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
            dst[i] = (byte)Math.Clamp((int)Math.Round(src[i] + (g * s)), 0, 255);
        }

        return new RgbImage(image.Width, image.Height, dst);
    }

    /// <summary>Separable Gaussian blur, kernel radius ⌈3σ⌉, edges clamped.</summary>
    public static RgbImage GaussianBlur(RgbImage image, double sigma)
    {
        ArgumentNullException.ThrowIfNull(image);
        var r = Math.Max(1, (int)Math.Ceiling(3 * sigma));
        var k = new double[(2 * r) + 1];
        double sum = 0;
        for (var i = -r; i <= r; i++)
        {
            k[i + r] = Math.Exp(-(i * i) / (2 * sigma * sigma));
            sum += k[i + r];
        }

        for (var i = 0; i < k.Length; i++)
        {
            k[i] /= sum;
        }

        int w = image.Width, h = image.Height;
        var src = image.Pixels;
        var tmp = new double[src.Length];
        for (var y = 0; y < h; y++)
        {
            for (var x = 0; x < w; x++)
            {
                for (var c = 0; c < 3; c++)
                {
                    double acc = 0;
                    for (var j = -r; j <= r; j++)
                    {
                        acc += k[j + r] * src[(((y * w) + Math.Clamp(x + j, 0, w - 1)) * 3) + c];
                    }

                    tmp[(((y * w) + x) * 3) + c] = acc;
                }
            }
        }

        var dst = new byte[src.Length];
        for (var y = 0; y < h; y++)
        {
            for (var x = 0; x < w; x++)
            {
                for (var c = 0; c < 3; c++)
                {
                    double acc = 0;
                    for (var j = -r; j <= r; j++)
                    {
                        acc += k[j + r] * tmp[(((Math.Clamp(y + j, 0, h - 1) * w) + x) * 3) + c];
                    }

                    dst[(((y * w) + x) * 3) + c] = (byte)Math.Clamp((int)Math.Round(acc), 0, 255);
                }
            }
        }

        return new RgbImage(w, h, dst);
    }

    private static RgbImage Map(RgbImage image, Func<double, double> f)
    {
        var lut = new byte[256];
        for (var v = 0; v < 256; v++)
        {
            lut[v] = (byte)Math.Clamp((int)Math.Round(f(v)), 0, 255);
        }

        var src = image.Pixels;
        var dst = new byte[src.Length];
        for (var i = 0; i < src.Length; i++)
        {
            dst[i] = lut[src[i]];
        }

        return new RgbImage(image.Width, image.Height, dst);
    }

    private static RgbImage Decode(byte[] bytes) => ImageDecoder.Decode(bytes, long.MaxValue).Image;
}
