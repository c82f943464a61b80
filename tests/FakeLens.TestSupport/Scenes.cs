using FakeLens.Imaging.Decoding;

namespace FakeLens.TestSupport;

/// <summary>Synthetic test images drawn in code: deterministic for a seed, with texture and sensor-like noise.</summary>
public static class Scenes
{
    /// <summary>
    /// A photo-like scene: smooth gradients, a few shapes with edges, fine texture and Gaussian noise of
    /// standard deviation <paramref name="noiseSigma"/> grey levels (cameras show roughly 1–4).
    /// </summary>
    public static RgbImage Natural(int width, int height, int seed = 1, double noiseSigma = 2.0)
    {
        var rng = new Random(seed);
        var px = new byte[width * height * 3];
        var shapes = Enumerable.Range(0, 6).Select(_ => (
            cx: rng.NextDouble() * width, cy: rng.NextDouble() * height, r: (0.08 + (rng.NextDouble() * 0.2)) * Math.Min(width, height),
            c: new[] { rng.Next(256), rng.Next(256), rng.Next(256) })).ToArray();
        var phase = rng.NextDouble() * 10;
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                double r = 40 + (150.0 * x / width), g = 60 + (120.0 * y / height), b = 120 + (60 * Math.Sin((x + y) / 90.0));
                foreach (var s in shapes)
                {
                    var d = Math.Sqrt(((x - s.cx) * (x - s.cx)) + ((y - s.cy) * (y - s.cy)));
                    if (d < s.r)
                    {
                        r = s.c[0];
                        g = s.c[1];
                        b = s.c[2];
                    }
                }

                var texture = 10 * Math.Sin((x * 0.31) + phase) * Math.Cos(y * 0.23);
                var i = ((y * width) + x) * 3;
                px[i] = Clamp(r + texture + (noiseSigma * Gaussian(rng)));
                px[i + 1] = Clamp(g + texture + (noiseSigma * Gaussian(rng)));
                px[i + 2] = Clamp(b + texture + (noiseSigma * Gaussian(rng)));
            }
        }

        return new RgbImage(width, height, px);
    }

    /// <summary>
    /// A "dead leaves" scene (Matheron 1968; Lee, Mumford &amp; Huang 2001): opaque discs of random colour with radii
    /// drawn from a 1/r³ law between 3 and 80 px, painted until the frame is covered, plus Gaussian noise of
    /// <paramref name="noiseSigma"/> per channel. Its band-pass statistics are heavy-tailed and scale-invariant like those of
    /// photographs, which smooth synthetic gradients are not. Colours stay within 40–215 so that added noise does not clip.
    /// </summary>
    public static RgbImage DeadLeaves(int width, int height, int seed = 1, double noiseSigma = 2.0)
    {
        var rng = new Random(seed);
        var px = new byte[width * height * 3];
        var colour = new double[width * height * 3];
        var covered = new bool[width * height];
        var left = width * height;
        const double RMin = 3, RMax = 80;

        // Painted back to front: each new disc only fills pixels no earlier (nearer) disc covers.
        for (var n = 0; n < 200_000 && left > 0; n++)
        {
            var u = rng.NextDouble();
            var r = 1 / Math.Sqrt((1 / (RMin * RMin)) - (u * ((1 / (RMin * RMin)) - (1 / (RMax * RMax)))));
            var cx = rng.NextDouble() * width;
            var cy = rng.NextDouble() * height;
            double cr = 40 + (175 * rng.NextDouble()), cg = 40 + (175 * rng.NextDouble()), cb = 40 + (175 * rng.NextDouble());
            for (var y = Math.Max(0, (int)(cy - r)); y <= Math.Min(height - 1, (int)(cy + r)); y++)
            {
                for (var x = Math.Max(0, (int)(cx - r)); x <= Math.Min(width - 1, (int)(cx + r)); x++)
                {
                    var i = (y * width) + x;
                    if (covered[i] || ((x - cx) * (x - cx)) + ((y - cy) * (y - cy)) > r * r)
                    {
                        continue;
                    }

                    covered[i] = true;
                    left--;
                    colour[3 * i] = cr;
                    colour[(3 * i) + 1] = cg;
                    colour[(3 * i) + 2] = cb;
                }
            }
        }

        for (var i = 0; i < px.Length; i++)
        {
            px[i] = Clamp((covered[i / 3] ? colour[i] : 128) + (noiseSigma * Gaussian(rng)));
        }

        return new RgbImage(width, height, px);
    }

    /// <summary>A flat image of one colour (the hardest case for every signal detector).</summary>
    public static RgbImage Flat(int width, int height, byte r = 128, byte g = 128, byte b = 128)
    {
        var px = new byte[width * height * 3];
        for (var i = 0; i < px.Length; i += 3)
        {
            px[i] = r;
            px[i + 1] = g;
            px[i + 2] = b;
        }

        return new RgbImage(width, height, px);
    }

    /// <summary>Copies <paramref name="source"/>'s rectangle (sx, sy, w, h) into a copy of <paramref name="target"/> at (tx, ty).</summary>
    public static RgbImage Paste(RgbImage target, RgbImage source, int sx, int sy, int w, int h, int tx, int ty)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(source);
        var px = (byte[])target.Pixels.Clone();
        for (var y = 0; y < h; y++)
        {
            Array.Copy(source.Pixels, (((sy + y) * source.Width) + sx) * 3, px, (((ty + y) * target.Width) + tx) * 3, w * 3);
        }

        return new RgbImage(target.Width, target.Height, px);
    }

    /// <summary>Adds Gaussian noise of <paramref name="sigma"/> grey levels inside a rectangle.</summary>
    public static RgbImage AddNoise(RgbImage image, double sigma, int x0, int y0, int w, int h, int seed = 7)
    {
        ArgumentNullException.ThrowIfNull(image);
        var rng = new Random(seed);
        var px = (byte[])image.Pixels.Clone();
        for (var y = y0; y < y0 + h; y++)
        {
            for (var x = x0; x < x0 + w; x++)
            {
                var i = ((y * image.Width) + x) * 3;
                for (var c = 0; c < 3; c++)
                {
                    px[i + c] = Clamp(px[i + c] + (sigma * Gaussian(rng)));
                }
            }
        }

        return new RgbImage(image.Width, image.Height, px);
    }

    public static double Gaussian(Random rng)
    {
        ArgumentNullException.ThrowIfNull(rng);
        var u1 = 1.0 - rng.NextDouble();
        var u2 = rng.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }

    private static byte Clamp(double v) => (byte)Math.Clamp(Math.Round(v), 0, 255);
}
