using FakeLens.Imaging.CopyMove;
using FakeLens.Imaging.Decoding;
using OpenCvSharp;

namespace FakeLens.Imaging.Compare;

/// <summary>
/// Makes suspects from an original with one known operation each, for tests and <c>fakelens bench compare</c>.
/// Every suspect is saved last as JPEG (quality <see cref="FinalQuality"/>, 75 by default) and decoded again,
/// as a re-posted picture would be; the original stays as given. Parameters are drawn from
/// <see cref="Random"/> seeded by the caller, so a seed gives the same pairs.
/// </summary>
public sealed class ComparePairMaker(int seed = 1, int finalQuality = 75)
{
    private readonly Random _rng = new(seed);

    public int FinalQuality { get; } = finalQuality;

    public static IReadOnlyList<string> Operations { get; } = ["crop", "scale", "rotation", "mirror", "flip", "recompression", "tone", "border", "splice", "removal"];

    /// <summary>A pair for <paramref name="operation"/>; <paramref name="donor"/> supplies spliced content (another picture).</summary>
    public ComparePair Make(RgbImage original, string operation, RgbImage donor, string name = "original")
    {
        ArgumentNullException.ThrowIfNull(original);
        ArgumentNullException.ThrowIfNull(donor);
        var w = original.Width;
        var h = original.Height;
        var o = new CompareInput(original, name);
        switch (operation)
        {
            case "crop":
                {
                    var keepW = 0.55 + (0.35 * _rng.NextDouble());
                    var keepH = 0.55 + (0.35 * _rng.NextDouble());
                    var cw = (int)(w * keepW);
                    var ch = (int)(h * keepH);
                    var x = _rng.Next(0, w - cw);
                    var y = _rng.Next(0, h - ch);
                    return Pair(Crop(original, x, y, cw, ch), o, operation, cw * (double)ch / (w * (double)h), null);
                }

            case "scale":
                {
                    var f = 0.4 + (0.9 * _rng.NextDouble());
                    return Pair(ImageResizer.Resize(original, (int)Math.Round(w * f), (int)Math.Round(h * f)), o, operation, f, null);
                }

            case "rotation":
                {
                    var deg = (_rng.NextDouble() < 0.5 ? -1 : 1) * (2 + (28 * _rng.NextDouble()));
                    return Pair(RotateInner(original, deg), o, operation, deg, null);
                }

            case "mirror":
                return Pair(Flip(original, FlipMode.Y), o, operation, 1, null);

            case "flip":
                return Pair(Flip(original, FlipMode.X), o, operation, 1, null);

            case "recompression":
                return Pair(original, o, operation, FinalQuality, null);

            case "tone":
                {
                    var offset = (_rng.NextDouble() < 0.5 ? -1 : 1) * (10 + (20 * _rng.NextDouble()));
                    return Pair(Levels(original, 1.0, offset), o, operation, offset, null);
                }

            case "border":
                {
                    var px = Math.Max(8, (int)(Math.Min(w, h) * (0.04 + (0.06 * _rng.NextDouble()))));
                    return Pair(AddBorder(original, px), o, operation, px, null);
                }

            case "splice":
                {
                    var (img, mask) = Splice(original, donor);
                    return Pair(img, o, operation, mask.Count(b => b != 0) / (double)mask.Length, mask);
                }

            case "removal":
                {
                    var (img, mask) = Remove(original);
                    return Pair(img, o, operation, mask.Count(b => b != 0) / (double)mask.Length, mask);
                }

            default:
                throw new ArgumentException($"unknown operation '{operation}'", nameof(operation));
        }
    }

    private ComparePair Pair(RgbImage suspect, CompareInput original, string operation, double expected, byte[]? mask)
    {
        var bytes = ImageEncoder.Jpeg(suspect, FinalQuality);
        var decoded = ImageDecoder.Decode(bytes, long.MaxValue).Image;
        return new ComparePair(new CompareInput(decoded, "suspect-" + operation, CompareInput.ReadJpegQuality(bytes), bytes.Length), original, operation, expected, mask);
    }

    public static RgbImage Crop(RgbImage image, int x, int y, int w, int h)
    {
        ArgumentNullException.ThrowIfNull(image);
        var px = new byte[w * h * 3];
        for (var r = 0; r < h; r++)
        {
            Array.Copy(image.Pixels, (((y + r) * image.Width) + x) * 3, px, r * w * 3, w * 3);
        }

        return new RgbImage(w, h, px);
    }

    private static RgbImage Flip(RgbImage image, FlipMode mode)
    {
        using var m = CompareMats.Bgr(image, int.MaxValue, out _);
        Cv2.Flip(m, m, mode);
        return CompareMats.ToRgb(m);
    }

    /// <summary>Rotated about the centre, then cropped to the central rectangle that has no fill corners.</summary>
    private static RgbImage RotateInner(RgbImage image, double degrees)
    {
        using var m = CompareMats.Bgr(image, int.MaxValue, out _);
        using var rot = Cv2.GetRotationMatrix2D(new Point2f(image.Width / 2f, image.Height / 2f), degrees, 1.0);
        using var warped = new Mat();
        Cv2.WarpAffine(m, warped, rot, m.Size(), InterpolationFlags.Linear, BorderTypes.Constant, Scalar.All(0));
        var rgb = CompareMats.ToRgb(warped);
        var a = Math.Abs(degrees) * Math.PI / 180;
        var (cw, ch) = InnerRectangle(image.Width, image.Height, a);
        cw = Math.Max(16, (int)(cw * 0.98));
        ch = Math.Max(16, (int)(ch * 0.98));
        return Crop(rgb, (image.Width - cw) / 2, (image.Height - ch) / 2, cw, ch);
    }

    /// <summary>The largest axis-aligned rectangle inside a w × h rectangle rotated by <paramref name="a"/> radians.</summary>
    private static (int W, int H) InnerRectangle(int w, int h, double a)
    {
        var longSide = Math.Max(w, h);
        var shortSide = Math.Min(w, h);
        var sin = Math.Abs(Math.Sin(a));
        var cos = Math.Abs(Math.Cos(a));
        double wr, hr;
        if (shortSide <= 2 * sin * cos * longSide || Math.Abs(sin - cos) < 1e-10)
        {
            var x = 0.5 * shortSide;
            (wr, hr) = w >= h ? (x / sin, x / cos) : (x / cos, x / sin);
        }
        else
        {
            var cos2 = (cos * cos) - (sin * sin);
            wr = ((w * cos) - (h * sin)) / cos2;
            hr = ((h * cos) - (w * sin)) / cos2;
        }

        return ((int)wr, (int)hr);
    }

    private static RgbImage Levels(RgbImage image, double gain, double offset)
    {
        var px = new byte[image.Pixels.Length];
        for (var i = 0; i < px.Length; i++)
        {
            px[i] = (byte)Math.Clamp((int)Math.Round((image.Pixels[i] * gain) + offset), 0, 255);
        }

        return new RgbImage(image.Width, image.Height, px);
    }

    private static RgbImage AddBorder(RgbImage image, int border)
    {
        var w = image.Width + (2 * border);
        var h = image.Height + (2 * border);
        var px = new byte[w * h * 3];
        Array.Fill(px, (byte)250);
        for (var r = 0; r < image.Height; r++)
        {
            Array.Copy(image.Pixels, r * image.Width * 3, px, (((r + border) * w) + border) * 3, image.Width * 3);
        }

        return new RgbImage(w, h, px);
    }

    /// <summary>An ellipse of the donor pasted at a random place (2–8 % of the picture), with its mask.</summary>
    private (RgbImage Image, byte[] Mask) Splice(RgbImage target, RgbImage donor)
    {
        var w = target.Width;
        var h = target.Height;
        var area = (0.02 + (0.06 * _rng.NextDouble())) * w * h;
        var rx = Math.Sqrt(area / Math.PI) * (0.8 + (0.4 * _rng.NextDouble()));
        var ry = area / (Math.PI * rx);
        var cx = rx + (_rng.NextDouble() * (w - (2 * rx)));
        var cy = ry + (_rng.NextDouble() * (h - (2 * ry)));
        var dx = _rng.Next(0, Math.Max(1, donor.Width - w));
        var dy = _rng.Next(0, Math.Max(1, donor.Height - h));
        var px = (byte[])target.Pixels.Clone();
        var mask = new byte[w * h];
        for (var y = 0; y < h; y++)
        {
            for (var x = 0; x < w; x++)
            {
                var u = (x - cx) / rx;
                var v = (y - cy) / ry;
                if ((u * u) + (v * v) > 1)
                {
                    continue;
                }

                var sx = Math.Min(donor.Width - 1, x + dx);
                var sy = Math.Min(donor.Height - 1, y + dy);
                Array.Copy(donor.Pixels, ((sy * donor.Width) + sx) * 3, px, ((y * w) + x) * 3, 3);
                mask[(y * w) + x] = 1;
            }
        }

        return (new RgbImage(w, h, px), mask);
    }

    /// <summary>
    /// A removal as a retoucher's content-aware fill makes it: a rectangle (2–6 % of the picture) filled in
    /// from its surroundings by OpenCV's inpainting (Telea 2004), so the hole blends with what is around it.
    /// </summary>
    private (RgbImage Image, byte[] Mask) Remove(RgbImage target)
    {
        var w = target.Width;
        var h = target.Height;
        var area = (0.02 + (0.04 * _rng.NextDouble())) * w * h;
        var rw = Math.Min((int)Math.Sqrt(area * (0.7 + (0.6 * _rng.NextDouble()))), w / 2);
        var rh = Math.Min((int)(area / rw), h / 2);
        // The retoucher removes something that stands out: of 24 random places, the busiest one.
        int x0 = 0, y0 = 0;
        var best = -1.0;
        var luma = target.Luma();
        for (var t = 0; t < 24; t++)
        {
            var x = _rng.Next(0, w - rw);
            var y = _rng.Next(0, h - rh);
            double sum = 0, sum2 = 0;
            for (var yy = y; yy < y + rh; yy += 2)
            {
                for (var xx = x; xx < x + rw; xx += 2)
                {
                    var v = luma[(yy * w) + xx];
                    sum += v;
                    sum2 += v * v;
                }
            }

            var count = ((rh + 1) / 2) * ((rw + 1) / 2);
            var variance = (sum2 / count) - ((sum / count) * (sum / count));
            if (variance > best)
            {
                best = variance;
                x0 = x;
                y0 = y;
            }
        }

        var mask = new byte[w * h];
        for (var y = y0; y < y0 + rh; y++)
        {
            for (var x = x0; x < x0 + rw; x++)
            {
                mask[(y * w) + x] = 1;
            }
        }

        using var src = CompareMats.Bgr(target, int.MaxValue, out _);
        using var hole = new Mat(h, w, MatType.CV_8UC1, Scalar.All(0));
        Cv2.Rectangle(hole, new Rect(x0, y0, rw, rh), Scalar.All(255), -1);
        using var filled = new Mat();
        Cv2.Inpaint(src, hole, filled, 5, InpaintTypes.Telea);
        return (CompareMats.ToRgb(filled), mask);
    }
}
