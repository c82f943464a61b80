namespace FakeLens.Watermark.StableDiffusion;

/// <summary>
/// One-level 2-D Haar of a strip of up to 8 pixel rows (4 LL rows) in double precision, in PyWavelets' product form
/// (each product rounded before the sum), and the library's inverse, which passes (LL, (cV, cH, cD)) to
/// <c>idwt2</c> and so swaps the two detail bands. Holds the four bands of one strip; not thread-safe.
/// </summary>
internal sealed class HaarStrip
{
    private const double S = 0.7071067811865476;

    private readonly int _w;
    private readonly double[] _ll;
    private readonly double[] _ch;
    private readonly double[] _cv;
    private readonly double[] _cd;
    private readonly double[] _lo;
    private readonly double[] _hi;

    /// <param name="width">LL width (half the cropped pixel width).</param>
    public HaarStrip(int width)
    {
        _w = width;
        _ll = new double[4 * width];
        _ch = new double[4 * width];
        _cv = new double[4 * width];
        _cd = new double[4 * width];
        _lo = new double[2 * width];
        _hi = new double[2 * width];
    }

    /// <summary>Forward transform of <paramref name="llRows"/> × 2 pixel rows of <paramref name="plane"/> (row stride <paramref name="stride"/>).</summary>
    public void Forward(double[] plane, int stride, int llRows)
    {
        var w = _w;
        for (var i = 0; i < llRows; i++)
        {
            var a = plane.AsSpan(2 * i * stride, 2 * w);
            var b = plane.AsSpan(((2 * i) + 1) * stride, 2 * w);
            for (var c = 0; c < 2 * w; c++)
            {
                _lo[c] = (S * a[c]) + (S * b[c]);
                _hi[c] = (S * a[c]) - (S * b[c]);
            }

            var o = i * w;
            for (var j = 0; j < w; j++)
            {
                _ll[o + j] = (S * _lo[2 * j]) + (S * _lo[(2 * j) + 1]);
                _cv[o + j] = (S * _lo[2 * j]) - (S * _lo[(2 * j) + 1]);
                _ch[o + j] = (S * _hi[2 * j]) + (S * _hi[(2 * j) + 1]);
                _cd[o + j] = (S * _hi[2 * j]) - (S * _hi[(2 * j) + 1]);
            }
        }
    }

    /// <summary>
    /// Inverse with the library's band swap: along rows, LL′ pairs with the forward cH and the forward cV with cD;
    /// then along columns. Writes <paramref name="llRows"/> × 2 pixel rows back into <paramref name="plane"/>.
    /// </summary>
    public void Inverse(double[] plane, int stride, int llRows)
    {
        var w = _w;
        for (var i = 0; i < llRows; i++)
        {
            var o = i * w;
            for (var j = 0; j < w; j++)
            {
                var ll = _ll[o + j];
                var h = _ch[o + j];
                var v = _cv[o + j];
                var d = _cd[o + j];
                _lo[2 * j] = (S * ll) + (S * h);
                _lo[(2 * j) + 1] = (S * ll) - (S * h);
                _hi[2 * j] = (S * v) + (S * d);
                _hi[(2 * j) + 1] = (S * v) - (S * d);
            }

            var a = plane.AsSpan(2 * i * stride, 2 * w);
            var b = plane.AsSpan(((2 * i) + 1) * stride, 2 * w);
            for (var c = 0; c < 2 * w; c++)
            {
                a[c] = (S * _lo[c]) + (S * _hi[c]);
                b[c] = (S * _lo[c]) - (S * _hi[c]);
            }
        }
    }

    /// <summary>dwtDct on LL block <paramref name="bx"/> of this strip: quantise its largest non-first coefficient.</summary>
    public void QuantiseLargest(int bx, bool bit)
    {
        Span<double> block = stackalloc double[16];
        Read(bx, block);
        var p = SdCodec.LargestIndex(block);
        _ll[((p >> 2) * _w) + (bx * 4) + (p & 3)] = SdCodec.Quantise(block[p], bit);
    }

    /// <summary>dwtDctSvd on LL block <paramref name="bx"/>: DCT, move σ₀ to its cell offset, rebuild, inverse DCT.</summary>
    public void QuantiseSingular(int bx, bool bit)
    {
        Span<double> block = stackalloc double[16];
        Span<double> dct = stackalloc double[16];
        Span<double> u = stackalloc double[4];
        Span<double> v = stackalloc double[4];
        Read(bx, block);
        Block4.Dct(block, dct);
        var sigma = Block4.LargestSingular(dct, u, v);
        var target = ((SdCodec.FloorDiv(sigma, SdCodec.Scale) + 0.25) + (bit ? 0.5 : 0.0)) * SdCodec.Scale;
        var delta = target - sigma;
        for (var r = 0; r < 4; r++)
        {
            for (var c = 0; c < 4; c++)
            {
                dct[(r * 4) + c] += delta * u[r] * v[c];
            }
        }

        Block4.Idct(dct, block);
        for (var k = 0; k < 16; k++)
        {
            _ll[((k >> 2) * _w) + (bx * 4) + (k & 3)] = block[k];
        }
    }

    private void Read(int bx, Span<double> block)
    {
        for (var k = 0; k < 16; k++)
        {
            block[k] = _ll[((k >> 2) * _w) + (bx * 4) + (k & 3)];
        }
    }
}
