namespace FakeLens.Watermark.StableDiffusion;

/// <summary>
/// One-level 2-D Haar of a strip of up to 8 pixel rows (4 LL rows) in float32, in PyWavelets' product form
/// (each product rounded before the sum), and the library's inverse, which passes (LL, (cV, cH, cD)) to
/// <c>idwt2</c> and so swaps the two detail bands. Holds the four bands of one strip; not thread-safe.
/// </summary>
internal sealed class HaarStripFloat
{
    private const float S = 0.70710677f;

    private readonly int _w;
    private readonly float[] _ll;
    private readonly float[] _ch;
    private readonly float[] _cv;
    private readonly float[] _cd;
    private readonly float[] _lo;
    private readonly float[] _hi;

    /// <param name="width">LL width (half the cropped pixel width).</param>
    public HaarStripFloat(int width)
    {
        _w = width;
        _ll = new float[4 * width];
        _ch = new float[4 * width];
        _cv = new float[4 * width];
        _cd = new float[4 * width];
        _lo = new float[2 * width];
        _hi = new float[2 * width];
    }

    /// <summary>Forward transform of <paramref name="llRows"/> × 2 pixel rows of <paramref name="plane"/> (row stride <paramref name="stride"/>).</summary>
    public void Forward(float[] plane, int stride, int llRows)
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
    public void Inverse(float[] plane, int stride, int llRows)
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

    /// <summary>dwtDct on LL block <paramref name="bx"/> in float32, as numpy computes on a float32 frame.</summary>
    public void QuantiseLargest(int bx, bool bit)
    {
        Span<float> block = stackalloc float[16];
        Read(bx, block);
        var p = 1;
        var best = MathF.Abs(block[1]);
        for (var k = 2; k < 16; k++)
        {
            var a = MathF.Abs(block[k]);
            if (a > best)
            {
                best = a;
                p = k;
            }
        }

        var value = block[p];
        var magnitude = MathF.Abs(value);
        const float scale = (float)SdCodec.Scale;
        var mod = magnitude % scale;
        var div = (magnitude - mod) / scale;
        var floor = MathF.Floor(div);
        if (div - floor > 0.5f)
        {
            floor += 1;
        }

        var q = (floor + 0.25f + (bit ? 0.5f : 0f)) * scale;
        _ll[((p >> 2) * _w) + (bx * 4) + (p & 3)] = value >= 0 ? q : -q;
    }

    private void Read(int bx, Span<float> block)
    {
        for (var k = 0; k < 16; k++)
        {
            block[k] = _ll[((k >> 2) * _w) + (bx * 4) + (k & 3)];
        }
    }
}
