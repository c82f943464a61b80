namespace FakeLens.Audio.Dsp;

/// <summary>
/// An in-place radix-2 complex FFT of one fixed size (tables built once per instance), shared by the audio mark
/// (framewise) and the image mark (2-D, through <see cref="Transform2D"/>).
/// </summary>
public sealed class Fft
{
    private readonly int _n;
    private readonly double[] _cos;
    private readonly double[] _sin;
    private readonly int[] _reverse;

    public Fft(int n)
    {
        if (n < 2 || (n & (n - 1)) != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(n), "FFT size must be a power of two");
        }

        _n = n;
        _cos = new double[n / 2];
        _sin = new double[n / 2];
        for (var i = 0; i < n / 2; i++)
        {
            _cos[i] = Math.Cos(2 * Math.PI * i / n);
            _sin[i] = -Math.Sin(2 * Math.PI * i / n);
        }

        _reverse = new int[n];
        var bits = (int)Math.Log2(n);
        for (var i = 0; i < n; i++)
        {
            var r = 0;
            for (var b = 0; b < bits; b++)
            {
                r |= ((i >> b) & 1) << (bits - 1 - b);
            }

            _reverse[i] = r;
        }
    }

    public int Size => _n;

    public static bool IsPowerOfTwo(int n) => n > 0 && (n & (n - 1)) == 0;

    /// <summary>One transform of <paramref name="re"/>/<paramref name="im"/> in place; the inverse is scaled by 1/n.</summary>
    public static void Transform(Span<double> re, Span<double> im, bool inverse)
    {
        if (im.Length != re.Length)
        {
            throw new ArgumentException("both parts must be equally long", nameof(im));
        }

        var fft = new Fft(re.Length);
        if (inverse)
        {
            fft.Inverse(re, im);
        }
        else
        {
            fft.Forward(re, im);
        }
    }

    /// <summary>2-D transform of a row-major <paramref name="width"/> × <paramref name="height"/> array, in place.</summary>
    public static void Transform2D(double[] re, double[] im, int width, int height, bool inverse)
    {
        ArgumentNullException.ThrowIfNull(re);
        ArgumentNullException.ThrowIfNull(im);
        var rows = new Fft(width);
        for (var y = 0; y < height; y++)
        {
            rows.Apply(re.AsSpan(y * width, width), im.AsSpan(y * width, width), inverse);
        }

        var columns = height == width ? rows : new Fft(height);
        var cr = new double[height];
        var ci = new double[height];
        for (var x = 0; x < width; x++)
        {
            for (var y = 0; y < height; y++)
            {
                cr[y] = re[(y * width) + x];
                ci[y] = im[(y * width) + x];
            }

            columns.Apply(cr, ci, inverse);
            for (var y = 0; y < height; y++)
            {
                re[(y * width) + x] = cr[y];
                im[(y * width) + x] = ci[y];
            }
        }
    }

    private void Apply(Span<double> re, Span<double> im, bool inverse)
    {
        if (inverse)
        {
            Inverse(re, im);
        }
        else
        {
            Forward(re, im);
        }
    }

    /// <summary>Forward transform (e^{-i…}), unnormalised.</summary>
    public void Forward(Span<double> re, Span<double> im) => Transform(re, im, 1);

    /// <summary>Inverse transform, normalised by 1/n.</summary>
    public void Inverse(Span<double> re, Span<double> im)
    {
        Transform(re, im, -1);
        var scale = 1.0 / _n;
        for (var i = 0; i < _n; i++)
        {
            re[i] *= scale;
            im[i] *= scale;
        }
    }

    private void Transform(Span<double> re, Span<double> im, int direction)
    {
        for (var i = 0; i < _n; i++)
        {
            var j = _reverse[i];
            if (j > i)
            {
                (re[i], re[j]) = (re[j], re[i]);
                (im[i], im[j]) = (im[j], im[i]);
            }
        }

        for (var size = 2; size <= _n; size <<= 1)
        {
            var half = size / 2;
            var step = _n / size;
            for (var start = 0; start < _n; start += size)
            {
                for (var k = 0; k < half; k++)
                {
                    var wr = _cos[k * step];
                    var wi = _sin[k * step] * direction;
                    var a = start + k;
                    var b = a + half;
                    var tr = (re[b] * wr) - (im[b] * wi);
                    var ti = (re[b] * wi) + (im[b] * wr);
                    re[b] = re[a] - tr;
                    im[b] = im[a] - ti;
                    re[a] += tr;
                    im[a] += ti;
                }
            }
        }
    }
}
