using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

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

    /// <summary>
    /// 2-D transform of a row-major <paramref name="width"/> × <paramref name="height"/> array, in place: every row,
    /// then every column. Square arrays of side ≥ 4 (the image mark's 64² tiles and 512² autocorrelation) take
    /// <see cref="Transform2DSquare"/>, which gives the same bits (issue 19, round 13).
    /// </summary>
    public static void Transform2D(double[] re, double[] im, int width, int height, bool inverse)
    {
        ArgumentNullException.ThrowIfNull(re);
        ArgumentNullException.ThrowIfNull(im);
        if (width == height && width >= Vector256<double>.Count && re.Length == width * height && im.Length == re.Length)
        {
            Transform2DSquare(re, im, width, inverse);
            return;
        }

        Transform2DRowsThenColumns(re, im, width, height, inverse);
    }

    /// <summary>The one-dimensional transform per row, then per column (copied out), with a fresh table: the reference for <see cref="Transform2DSquare"/>.</summary>
    internal static void Transform2DRowsThenColumns(double[] re, double[] im, int width, int height, bool inverse)
    {
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

    /// <summary>
    /// The square 2-D transform with the same arithmetic as <see cref="Transform2DRowsThenColumns"/>, value for value:
    /// the column pass runs each butterfly on four adjacent columns at once (one <see cref="Vector256{T}"/> per row
    /// segment: multiply, subtract and add lane by lane, no fused multiply-add, so every lane rounds as the scalar code),
    /// the bit-reversal permutation swaps whole rows, and the row pass is the column pass between two exact transposes.
    /// The twiddle tables are built once per size and shared (they are only read). Issue 19, round 13: the scalar
    /// version copied every column out and back and checked every index.
    /// </summary>
    internal static void Transform2DSquare(double[] re, double[] im, int n, bool inverse)
    {
        var fft = Shared.GetOrAdd(n, static size => new Fft(size));
        Transpose(re, n);
        Transpose(im, n);
        fft.Columns(re, im, inverse);
        Transpose(re, n);
        Transpose(im, n);
        fft.Columns(re, im, inverse);
    }

    private static readonly ConcurrentDictionary<int, Fft> Shared = new();

    private static void SwapRows(double[] a, int i, int j, int n)
    {
        for (var x = 0; x < n; x++)
        {
            (a[(i * n) + x], a[(j * n) + x]) = (a[(j * n) + x], a[(i * n) + x]);
        }
    }

    private static void Transpose(double[] a, int n)
    {
        const int B = 16;
        for (var by = 0; by < n; by += B)
        {
            for (var bx = by; bx < n; bx += B)
            {
                var yEnd = Math.Min(by + B, n);
                for (var y = by; y < yEnd; y++)
                {
                    var xStart = bx == by ? y + 1 : bx;
                    var xEnd = Math.Min(bx + B, n);
                    for (var x = xStart; x < xEnd; x++)
                    {
                        (a[(y * n) + x], a[(x * n) + y]) = (a[(x * n) + y], a[(y * n) + x]);
                    }
                }
            }
        }
    }

    /// <summary>The one-dimensional transform down every column of the row-major n × n arrays, four columns per vector.</summary>
    private void Columns(double[] re, double[] im, bool inverse)
    {
        var n = _n;
        var direction = inverse ? -1 : 1;
        var reRows = MemoryMarshal.Cast<double, Vector256<double>>(re.AsSpan());
        var imRows = MemoryMarshal.Cast<double, Vector256<double>>(im.AsSpan());
        var lanes = n / Vector256<double>.Count;
        for (var i = 0; i < n; i++)
        {
            var j = _reverse[i];
            if (j > i)
            {
                SwapRows(re, i, j, n);
                SwapRows(im, i, j, n);
            }
        }

        ref var r0 = ref MemoryMarshal.GetReference(reRows);
        ref var i0 = ref MemoryMarshal.GetReference(imRows);
        for (var size = 2; size <= n; size <<= 1)
        {
            var half = size / 2;
            var step = n / size;
            for (var start = 0; start < n; start += size)
            {
                for (var k = 0; k < half; k++)
                {
                    var wr = Vector256.Create(_cos[k * step]);
                    var wi = Vector256.Create(_sin[k * step] * direction);
                    var a = (start + k) * lanes;
                    var b = (start + k + half) * lanes;
                    for (var x = 0; x < lanes; x++)
                    {
                        ref var ra = ref Unsafe.Add(ref r0, a + x);
                        ref var ia = ref Unsafe.Add(ref i0, a + x);
                        ref var rb = ref Unsafe.Add(ref r0, b + x);
                        ref var ib = ref Unsafe.Add(ref i0, b + x);
                        var tr = (rb * wr) - (ib * wi);
                        var ti = (rb * wi) + (ib * wr);
                        rb = ra - tr;
                        ib = ia - ti;
                        ra += tr;
                        ia += ti;
                    }
                }
            }
        }

        if (inverse)
        {
            var scale = Vector256.Create(1.0 / n);
            for (var x = 0; x < reRows.Length; x++)
            {
                reRows[x] *= scale;
                imRows[x] *= scale;
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
