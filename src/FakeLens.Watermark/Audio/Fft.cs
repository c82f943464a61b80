namespace FakeLens.Watermark.Audio;

/// <summary>An in-place radix-2 complex FFT of one fixed size (tables built once per instance).</summary>
internal sealed class Fft
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
