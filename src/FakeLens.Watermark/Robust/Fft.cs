namespace FakeLens.Watermark.Robust;

/// <summary>In-place radix-2 complex FFT (1-D and 2-D) on double arrays; sizes must be powers of two.</summary>
internal static class Fft
{
    public static bool IsPowerOfTwo(int n) => n > 0 && (n & (n - 1)) == 0;

    /// <summary>Transforms <paramref name="re"/>/<paramref name="im"/> in place; the inverse is scaled by 1/n.</summary>
    public static void Transform(Span<double> re, Span<double> im, bool inverse)
    {
        var n = re.Length;
        if (!IsPowerOfTwo(n) || im.Length != n)
        {
            throw new ArgumentException("FFT length must be a power of two and both parts equally long", nameof(re));
        }

        for (int i = 1, j = 0; i < n; i++)
        {
            var bit = n >> 1;
            for (; (j & bit) != 0; bit >>= 1)
            {
                j ^= bit;
            }

            j ^= bit;
            if (i < j)
            {
                (re[i], re[j]) = (re[j], re[i]);
                (im[i], im[j]) = (im[j], im[i]);
            }
        }

        for (var len = 2; len <= n; len <<= 1)
        {
            var ang = (inverse ? 2 : -2) * Math.PI / len;
            var wr = Math.Cos(ang);
            var wi = Math.Sin(ang);
            var half = len >> 1;
            for (var i = 0; i < n; i += len)
            {
                double cr = 1, ci = 0;
                for (var k = 0; k < half; k++)
                {
                    var a = i + k;
                    var b = a + half;
                    var tr = (re[b] * cr) - (im[b] * ci);
                    var ti = (re[b] * ci) + (im[b] * cr);
                    re[b] = re[a] - tr;
                    im[b] = im[a] - ti;
                    re[a] += tr;
                    im[a] += ti;
                    var ncr = (cr * wr) - (ci * wi);
                    ci = (cr * wi) + (ci * wr);
                    cr = ncr;
                }
            }
        }

        if (inverse)
        {
            for (var i = 0; i < n; i++)
            {
                re[i] /= n;
                im[i] /= n;
            }
        }
    }

    /// <summary>2-D transform of a row-major <paramref name="width"/> × <paramref name="height"/> array.</summary>
    public static void Transform2D(double[] re, double[] im, int width, int height, bool inverse)
    {
        for (var y = 0; y < height; y++)
        {
            Transform(re.AsSpan(y * width, width), im.AsSpan(y * width, width), inverse);
        }

        var cr = new double[height];
        var ci = new double[height];
        for (var x = 0; x < width; x++)
        {
            for (var y = 0; y < height; y++)
            {
                cr[y] = re[(y * width) + x];
                ci[y] = im[(y * width) + x];
            }

            Transform(cr, ci, inverse);
            for (var y = 0; y < height; y++)
            {
                re[(y * width) + x] = cr[y];
                im[(y * width) + x] = ci[y];
            }
        }
    }
}
