using System.Numerics;

namespace FakeLens.Watermark.StableDiffusion;

/// <summary>
/// One-level 2-D Haar of a strip of up to 8 pixel rows (4 LL rows) in the precision <typeparamref name="T"/>, in
/// PyWavelets' product form (each product rounded before the sum), and the library's inverse, which passes
/// (LL, (cV, cH, cD)) to <c>idwt2</c> and so swaps the two detail bands. Holds the four bands of one strip; not
/// thread-safe. The double (<see cref="HaarStrip"/>) and float32 (<see cref="HaarStripFloat"/>) paths differ only
/// in how they quantise an LL block; the JIT specialises this code for each, so the arithmetic is the same as
/// hand-written double or float code.
/// </summary>
internal abstract class HaarStripBase<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private static readonly T S = T.CreateChecked(0.7071067811865476);

    private readonly int _w;
    private readonly T[] _ll;
    private readonly T[] _ch;
    private readonly T[] _cv;
    private readonly T[] _cd;
    private readonly T[] _lo;
    private readonly T[] _hi;

    /// <param name="width">LL width (half the cropped pixel width).</param>
    protected HaarStripBase(int width)
    {
        _w = width;
        _ll = new T[4 * width];
        _ch = new T[4 * width];
        _cv = new T[4 * width];
        _cd = new T[4 * width];
        _lo = new T[2 * width];
        _hi = new T[2 * width];
    }

    /// <summary>Forward transform of <paramref name="llRows"/> × 2 pixel rows of <paramref name="plane"/> (row stride <paramref name="stride"/>).</summary>
    public void Forward(T[] plane, int stride, int llRows)
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
    public void Inverse(T[] plane, int stride, int llRows)
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

    /// <summary>Reads LL block <paramref name="bx"/> (4 × 4) of this strip.</summary>
    protected void Read(int bx, Span<T> block)
    {
        for (var k = 0; k < 16; k++)
        {
            block[k] = _ll[((k >> 2) * _w) + (bx * 4) + (k & 3)];
        }
    }

    /// <summary>Writes coefficient <paramref name="k"/> (0…15) of LL block <paramref name="bx"/>.</summary>
    protected void Write(int bx, int k, T value) => _ll[((k >> 2) * _w) + (bx * 4) + (k & 3)] = value;
}
