using FakeLens.Imaging.Decoding;

namespace FakeLens.Watermark.Bench;

/// <summary>
/// Fidelity of a marked image to its original: PSNR over the RGB bytes, and SSIM (Wang, Bovik, Sheikh &amp; Simoncelli
/// 2004) on BT.601 luma with the paper's constants: 11 × 11 Gaussian window σ 1.5, K1 = 0.01, K2 = 0.03, L = 255,
/// mean over the positions where the window fits inside the image.
/// </summary>
public static class ImageQuality
{
    /// <summary>Peak signal-to-noise ratio in dB over all RGB samples; +∞ for identical images.</summary>
    public static double Psnr(RgbImage a, RgbImage b)
    {
        CheckSameSize(a, b);
        double se = 0;
        var pa = a.Pixels;
        var pb = b.Pixels;
        for (var i = 0; i < pa.Length; i++)
        {
            var d = pa[i] - pb[i];
            se += d * d;
        }

        var mse = se / pa.Length;
        return mse == 0 ? double.PositiveInfinity : 10 * Math.Log10(255.0 * 255.0 / mse);
    }

    /// <summary>Mean structural similarity on luma (1 = identical).</summary>
    public static double Ssim(RgbImage a, RgbImage b)
    {
        CheckSameSize(a, b);
        const int r = 5;
        const double sigma = 1.5;
        int w = a.Width, h = a.Height;
        if (w < (2 * r) + 1 || h < (2 * r) + 1)
        {
            throw new ArgumentException("SSIM needs images of at least 11 × 11 px", nameof(a));
        }

        var k = new double[(2 * r) + 1];
        double ks = 0;
        for (var i = -r; i <= r; i++)
        {
            k[i + r] = Math.Exp(-(i * i) / (2 * sigma * sigma));
            ks += k[i + r];
        }

        for (var i = 0; i < k.Length; i++)
        {
            k[i] /= ks;
        }

        var x = a.Luma();
        var y = b.Luma();
        var n = w * h;
        var xx = new float[n];
        var yy = new float[n];
        var xy = new float[n];
        for (var i = 0; i < n; i++)
        {
            xx[i] = x[i] * x[i];
            yy[i] = y[i] * y[i];
            xy[i] = x[i] * y[i];
        }

        var mx = Filter(x, w, h, k);
        var my = Filter(y, w, h, k);
        var sxx = Filter(xx, w, h, k);
        var syy = Filter(yy, w, h, k);
        var sxy = Filter(xy, w, h, k);
        const double c1 = 0.01 * 255 * 0.01 * 255;
        const double c2 = 0.03 * 255 * 0.03 * 255;
        double sum = 0;
        for (var i = 0; i < mx.Length; i++)
        {
            var vx = sxx[i] - (mx[i] * mx[i]);
            var vy = syy[i] - (my[i] * my[i]);
            var cov = sxy[i] - (mx[i] * my[i]);
            sum += ((2 * mx[i] * my[i]) + c1) * ((2 * cov) + c2) / (((mx[i] * mx[i]) + (my[i] * my[i]) + c1) * (vx + vy + c2));
        }

        return sum / mx.Length;
    }

    /// <summary>"Valid" separable filtering: output (w − 10) × (h − 10), in double precision.</summary>
    private static double[] Filter(float[] src, int w, int h, double[] k)
    {
        var r = k.Length / 2;
        var ow = w - (2 * r);
        var oh = h - (2 * r);
        var tmp = new double[ow * h];
        for (var y = 0; y < h; y++)
        {
            for (var x = 0; x < ow; x++)
            {
                double acc = 0;
                for (var j = 0; j < k.Length; j++)
                {
                    acc += k[j] * src[(y * w) + x + j];
                }

                tmp[(y * ow) + x] = acc;
            }
        }

        var dst = new double[ow * oh];
        for (var y = 0; y < oh; y++)
        {
            for (var x = 0; x < ow; x++)
            {
                double acc = 0;
                for (var j = 0; j < k.Length; j++)
                {
                    acc += k[j] * tmp[((y + j) * ow) + x];
                }

                dst[(y * ow) + x] = acc;
            }
        }

        return dst;
    }

    private static void CheckSameSize(RgbImage a, RgbImage b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.Width != b.Width || a.Height != b.Height)
        {
            throw new ArgumentException($"images differ in size ({a.Width} × {a.Height} vs {b.Width} × {b.Height})", nameof(b));
        }
    }
}
