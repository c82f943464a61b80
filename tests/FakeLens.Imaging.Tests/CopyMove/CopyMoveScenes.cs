using FakeLens.Core.Evidence;
using FakeLens.Imaging.Decoding;
using FakeLens.TestSupport;

namespace FakeLens.Imaging.Tests.CopyMove;

/// <summary>Generated scenes for copy-move tests: non-periodic texture (so nothing repeats by itself) and exact clones with a known mask.</summary>
internal static class CopyMoveScenes
{
    /// <summary>Multi-scale value noise (4 to 64 px cells) in colour plus Gaussian sensor noise: textured everywhere, repeating nowhere.</summary>
    public static RgbImage Textured(int width, int height, int seed, double noiseSigma = 2.0, double contrast = 1.0)
    {
        var rng = new Random(seed);
        var px = new byte[width * height * 3];
        var layers = new (int Cell, double Amp, double[] Grid, int Gw)[5];
        var cells = new[] { 4, 8, 16, 32, 64 };
        var amps = new[] { 12.0, 18.0, 22.0, 26.0, 30.0 };
        for (var l = 0; l < layers.Length; l++)
        {
            var gw = (width / cells[l]) + 2;
            var gh = (height / cells[l]) + 2;
            var grid = new double[gw * gh];
            for (var i = 0; i < grid.Length; i++)
            {
                grid[i] = (rng.NextDouble() * 2) - 1;
            }

            layers[l] = (cells[l], amps[l] * contrast, grid, gw);
        }

        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                double v = 0;
                foreach (var (cell, amp, grid, gw) in layers)
                {
                    var fx = x / (double)cell;
                    var fy = y / (double)cell;
                    int ix = (int)fx, iy = (int)fy;
                    double tx = fx - ix, ty = fy - iy;
                    tx = tx * tx * (3 - (2 * tx));
                    ty = ty * ty * (3 - (2 * ty));
                    var a = grid[(iy * gw) + ix] + ((grid[(iy * gw) + ix + 1] - grid[(iy * gw) + ix]) * tx);
                    var b = grid[((iy + 1) * gw) + ix] + ((grid[((iy + 1) * gw) + ix + 1] - grid[((iy + 1) * gw) + ix]) * tx);
                    v += amp * (a + ((b - a) * ty));
                }

                var i3 = ((y * width) + x) * 3;
                px[i3] = Clamp(128 + v + (20.0 * x / width) + (noiseSigma * Scenes.Gaussian(rng)));
                px[i3 + 1] = Clamp(118 + (0.8 * v) + (noiseSigma * Scenes.Gaussian(rng)));
                px[i3 + 2] = Clamp(100 + (0.6 * v) + (20.0 * y / height) + (noiseSigma * Scenes.Gaussian(rng)));
            }
        }

        return new RgbImage(width, height, px);
    }

    /// <summary>
    /// Clones the disc of <paramref name="radius"/> around (sx, sy) to (tx, ty), rotated by <paramref name="degrees"/>
    /// and scaled by <paramref name="scale"/> about its centre (bilinear). <paramref name="truth"/> marks source and target discs.
    /// </summary>
    public static RgbImage CloneDisc(RgbImage image, int sx, int sy, int radius, int tx, int ty, double degrees, double scale, out bool[] truth)
    {
        var w = image.Width;
        var h = image.Height;
        var src = image.Pixels;
        var px = (byte[])src.Clone();
        truth = new bool[w * h];
        var targetRadius = radius * scale;
        var cos = Math.Cos(degrees * Math.PI / 180);
        var sin = Math.Sin(degrees * Math.PI / 180);
        for (var y = 0; y < h; y++)
        {
            for (var x = 0; x < w; x++)
            {
                if (((x - sx) * (x - sx)) + ((y - sy) * (y - sy)) <= radius * radius)
                {
                    truth[(y * w) + x] = true;
                }

                double dx = x - tx, dy = y - ty;
                if ((dx * dx) + (dy * dy) > targetRadius * targetRadius)
                {
                    continue;
                }

                truth[(y * w) + x] = true;
                // Inverse map: target offset → source offset (undo scale, then rotation).
                var ux = ((cos * dx) + (sin * dy)) / scale;
                var uy = ((-sin * dx) + (cos * dy)) / scale;
                var fx = sx + ux;
                var fy = sy + uy;
                int ix = (int)Math.Floor(fx), iy = (int)Math.Floor(fy);
                double ax = fx - ix, ay = fy - iy;
                for (var c = 0; c < 3; c++)
                {
                    double P(int xx, int yy) => src[(((Math.Clamp(yy, 0, h - 1) * w) + Math.Clamp(xx, 0, w - 1)) * 3) + c];
                    var top = P(ix, iy) + ((P(ix + 1, iy) - P(ix, iy)) * ax);
                    var bottom = P(ix, iy + 1) + ((P(ix + 1, iy + 1) - P(ix, iy + 1)) * ax);
                    px[(((y * w) + x) * 3) + c] = Clamp(top + ((bottom - top) * ay));
                }
            }
        }

        return new RgbImage(w, h, px);
    }

    /// <summary>Pixel F1 of the heatmap thresholded at 0.5 against the truth mask (heatmap cells mapped onto image pixels).</summary>
    public static double F1(Heatmap map, bool[] truth, int width, int height)
    {
        long tp = 0, fp = 0, fn = 0;
        for (var y = 0; y < height; y++)
        {
            var my = Math.Min(map.Height - 1, y * map.Height / height);
            for (var x = 0; x < width; x++)
            {
                var mx = Math.Min(map.Width - 1, x * map.Width / width);
                var predicted = map.Values[(my * map.Width) + mx] >= 0.5f;
                var actual = truth[(y * width) + x];
                if (predicted && actual)
                {
                    tp++;
                }
                else if (predicted)
                {
                    fp++;
                }
                else if (actual)
                {
                    fn++;
                }
            }
        }

        return tp == 0 ? 0 : 2.0 * tp / ((2.0 * tp) + fp + fn);
    }

    private static byte Clamp(double v) => (byte)Math.Clamp(Math.Round(v), 0, 255);
}
