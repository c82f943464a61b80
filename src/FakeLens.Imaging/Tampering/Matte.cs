namespace FakeLens.Imaging.Tampering;

/// <summary>
/// A soft shape in a box of the image: <see cref="Alpha"/> (0..1, row-major, <see cref="Width"/> × <see cref="Height"/>)
/// says how much of the edit shows at each pixel of the box whose top-left corner is (<see cref="X"/>, <see cref="Y"/>).
/// </summary>
internal sealed record Matte(int X, int Y, int Width, int Height, float[] Alpha, string Shape)
{
    /// <summary>Alpha at image pixel (x, y); 0 outside the box.</summary>
    public float At(int x, int y)
    {
        var lx = x - X;
        var ly = y - Y;
        return lx < 0 || ly < 0 || lx >= Width || ly >= Height ? 0f : Alpha[(ly * Width) + lx];
    }

    /// <summary>Bilinear alpha at a fractional box coordinate (for warped copies); 0 outside.</summary>
    public float Sample(double lx, double ly)
    {
        if (lx < 0 || ly < 0 || lx > Width - 1 || ly > Height - 1)
        {
            return 0f;
        }

        var x0 = (int)lx;
        var y0 = (int)ly;
        var x1 = Math.Min(x0 + 1, Width - 1);
        var y1 = Math.Min(y0 + 1, Height - 1);
        var fx = (float)(lx - x0);
        var fy = (float)(ly - y0);
        var top = (Alpha[(y0 * Width) + x0] * (1 - fx)) + (Alpha[(y0 * Width) + x1] * fx);
        var bottom = (Alpha[(y1 * Width) + x0] * (1 - fx)) + (Alpha[(y1 * Width) + x1] * fx);
        return (top * (1 - fy)) + (bottom * fy);
    }

    /// <summary>
    /// A random shape (rectangle, ellipse or star-like polygon of 6–10 vertices) filling a <paramref name="width"/> ×
    /// <paramref name="height"/> box, with a margin of <paramref name="feather"/> pixels softened by two box blurs
    /// (≈ a Gaussian edge of that radius; 0 = hard edge).
    /// </summary>
    public static Matte Random(Random rng, int x, int y, int width, int height, int feather)
    {
        var kinds = new[] { "rectangle", "ellipse", "polygon" };
        var shape = kinds[rng.Next(kinds.Length)];
        var a = new float[width * height];
        var m = feather;
        double cx = (width - 1) / 2.0, cy = (height - 1) / 2.0, rx = Math.Max(1, (width / 2.0) - m), ry = Math.Max(1, (height / 2.0) - m);
        switch (shape)
        {
            case "rectangle":
                for (var j = m; j < height - m; j++)
                {
                    Array.Fill(a, 1f, (j * width) + m, Math.Max(0, width - (2 * m)));
                }

                break;
            case "ellipse":
                for (var j = 0; j < height; j++)
                {
                    for (var i = 0; i < width; i++)
                    {
                        var dx = (i - cx) / rx;
                        var dy = (j - cy) / ry;
                        a[(j * width) + i] = (dx * dx) + (dy * dy) <= 1 ? 1f : 0f;
                    }
                }

                break;
            default:
                var n = 6 + rng.Next(5);
                var px = new double[n];
                var py = new double[n];
                var phase = rng.NextDouble() * Math.PI * 2;
                for (var k = 0; k < n; k++)
                {
                    var t = phase + (2 * Math.PI * k / n);
                    var r = 0.55 + (0.45 * rng.NextDouble());
                    px[k] = cx + (rx * r * Math.Cos(t));
                    py[k] = cy + (ry * r * Math.Sin(t));
                }

                for (var j = 0; j < height; j++)
                {
                    for (var i = 0; i < width; i++)
                    {
                        a[(j * width) + i] = Inside(px, py, i, j) ? 1f : 0f;
                    }
                }

                break;
        }

        if (feather > 0)
        {
            var r = Math.Max(1, feather / 2);
            BoxBlur(a, width, height, r);
            BoxBlur(a, width, height, r);
        }

        return new Matte(x, y, width, height, a, shape);
    }

    private static bool Inside(double[] px, double[] py, double x, double y)
    {
        var inside = false;
        for (int i = 0, j = px.Length - 1; i < px.Length; j = i++)
        {
            if ((py[i] > y) != (py[j] > y) && x < ((px[j] - px[i]) * (y - py[i]) / (py[j] - py[i])) + px[i])
            {
                inside = !inside;
            }
        }

        return inside;
    }

    /// <summary>In-place separable box blur of radius <paramref name="r"/> (edges clamp).</summary>
    internal static void BoxBlur(float[] a, int w, int h, int r)
    {
        var line = new float[Math.Max(w, h)];
        for (var y = 0; y < h; y++)
        {
            BlurLine(a, y * w, 1, w, r, line);
        }

        for (var x = 0; x < w; x++)
        {
            BlurLine(a, x, w, h, r, line);
        }
    }

    private static void BlurLine(float[] a, int start, int stride, int n, int r, float[] line)
    {
        for (var i = 0; i < n; i++)
        {
            line[i] = a[start + (i * stride)];
        }

        double sum = 0;
        for (var k = -r; k <= r; k++)
        {
            sum += line[Math.Clamp(k, 0, n - 1)];
        }

        for (var i = 0; i < n; i++)
        {
            a[start + (i * stride)] = (float)(sum / ((2 * r) + 1));
            sum += line[Math.Min(i + r + 1, n - 1)] - line[Math.Max(i - r, 0)];
        }
    }
}
