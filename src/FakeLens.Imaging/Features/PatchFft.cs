namespace FakeLens.Imaging.Features;

/// <summary>
/// In-place radix-2 complex FFT for the square power-of-two patches of the spectral features. Two real
/// planes are transformed at once as real + i·imaginary and separated by conjugate symmetry, so the three
/// colour channels cost two transforms.
/// </summary>
internal sealed class PatchFft
{
    private readonly int _n;
    private readonly int _log;
    private readonly float[] _cos;
    private readonly float[] _sin;
    private readonly int[] _bitReverse;
    private readonly float[] _colRe;
    private readonly float[] _colIm;

    public PatchFft(int n)
    {
        if (n < 2 || (n & (n - 1)) != 0)
        {
            throw new ArgumentException("FFT size must be a power of two", nameof(n));
        }

        _n = n;
        _log = System.Numerics.BitOperations.Log2((uint)n);
        _cos = new float[n / 2];
        _sin = new float[n / 2];
        for (var k = 0; k < n / 2; k++)
        {
            _cos[k] = (float)Math.Cos(-2 * Math.PI * k / n);
            _sin[k] = (float)Math.Sin(-2 * Math.PI * k / n);
        }

        _bitReverse = new int[n];
        for (var i = 0; i < n; i++)
        {
            var r = 0;
            for (var b = 0; b < _log; b++)
            {
                r |= ((i >> b) & 1) << (_log - 1 - b);
            }

            _bitReverse[i] = r;
        }

        _colRe = new float[n];
        _colIm = new float[n];
    }

    public int Size => _n;

    /// <summary>2-D forward transform of re + i·im (both n×n row-major), in place.</summary>
    public void Forward2D(float[] re, float[] im)
    {
        var n = _n;
        for (var y = 0; y < n; y++)
        {
            Transform(re.AsSpan(y * n, n), im.AsSpan(y * n, n));
        }

        for (var x = 0; x < n; x++)
        {
            for (var y = 0; y < n; y++)
            {
                _colRe[y] = re[(y * n) + x];
                _colIm[y] = im[(y * n) + x];
            }

            Transform(_colRe, _colIm);
            for (var y = 0; y < n; y++)
            {
                re[(y * n) + x] = _colRe[y];
                im[(y * n) + x] = _colIm[y];
            }
        }
    }

    /// <summary>
    /// Given the 2-D transform Z of a + i·b (a, b real), writes |A|² and |B|² (power spectra of a and b):
    /// A(k) = (Z(k) + conj Z(−k)) / 2, B(k) = (Z(k) − conj Z(−k)) / 2i.
    /// </summary>
    public void SplitPower(float[] re, float[] im, float[] powerA, float[] powerB)
    {
        var n = _n;
        var mask = n - 1;
        for (var v = 0; v < n; v++)
        {
            var nv = (n - v) & mask;
            for (var u = 0; u < n; u++)
            {
                var nu = (n - u) & mask;
                var i = (v * n) + u;
                var j = (nv * n) + nu;
                float zr = re[i], zi = im[i], cr = re[j], ci = -im[j];
                var ar = 0.5f * (zr + cr);
                var ai = 0.5f * (zi + ci);
                var br = 0.5f * (zi - ci);
                var bi = -0.5f * (zr - cr);
                powerA[i] = (ar * ar) + (ai * ai);
                powerB[i] = (br * br) + (bi * bi);
            }
        }
    }

    private void Transform(Span<float> re, Span<float> im)
    {
        var n = _n;
        for (var i = 0; i < n; i++)
        {
            var j = _bitReverse[i];
            if (j > i)
            {
                (re[i], re[j]) = (re[j], re[i]);
                (im[i], im[j]) = (im[j], im[i]);
            }
        }

        for (var len = 2; len <= n; len <<= 1)
        {
            var half = len >> 1;
            var step = n / len;
            for (var start = 0; start < n; start += len)
            {
                for (var k = 0; k < half; k++)
                {
                    var wr = _cos[k * step];
                    var wi = _sin[k * step];
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
