namespace FakeLens.Imaging.Jpeg;

/// <summary>
/// What a one-component (grey) baseline JPEG save at a given quality and its decode do to the pixels, without the
/// file in between: level shift, the integer forward DCT, quantisation, dequantisation and the integer inverse DCT
/// exactly as libjpeg-turbo does them (<c>jfdctint.c</c>, <c>jcdctmgr.c</c>'s reciprocal quantiser with 32-bit
/// DCT elements, <c>jidctint.c</c> with its range limit; tables from <c>jcparam.c</c>'s <c>jpeg_set_quality</c>
/// with baseline clamping) — the library SkiaSharp encodes and decodes with. Huffman coding is lossless, so the
/// pixels are the same bytes as an encode + decode through SkiaSharp (equivalence test), at a fraction of the cost:
/// the forward DCT is done once for every quality, and no entropy coding is done at all (issue 19: jpeg.ghosts
/// re-saved every strip ten times through libjpeg-turbo).
/// </summary>
internal static class GreyJpegRoundTrip
{
    private const int ConstBits = 13;
    private const int Pass1Bits = 2;
    private const long Fix0298631336 = 2446;
    private const long Fix0390180644 = 3196;
    private const long Fix0541196100 = 4433;
    private const long Fix0765366865 = 6270;
    private const long Fix0899976223 = 7373;
    private const long Fix1175875602 = 9633;
    private const long Fix1501321110 = 12299;
    private const long Fix1847759065 = 15137;
    private const long Fix1961570560 = 16069;
    private const long Fix2053119869 = 16819;
    private const long Fix2562915447 = 20995;
    private const long Fix3072711026 = 25172;

    /// <summary>libjpeg's standard luminance quantisation table (ITU-T T.81 Annex K), natural order.</summary>
    private static readonly int[] StdLuminance =
    [
        16, 11, 10, 16, 24, 40, 51, 61,
        12, 12, 14, 19, 26, 58, 60, 55,
        14, 13, 16, 24, 40, 57, 69, 56,
        14, 17, 22, 29, 51, 87, 80, 62,
        18, 22, 37, 56, 68, 109, 103, 77,
        24, 35, 55, 64, 81, 104, 113, 92,
        49, 64, 78, 87, 103, 121, 120, 101,
        72, 92, 95, 98, 112, 100, 103, 99,
    ];

    /// <summary>The luma table of <c>jpeg_set_quality(quality, force_baseline: TRUE)</c>, natural order.</summary>
    public static int[] LumaTable(int quality)
    {
        quality = Math.Clamp(quality, 1, 100);
        var scale = quality < 50 ? 5000 / quality : 200 - (quality * 2);
        var table = new int[64];
        for (var i = 0; i < 64; i++)
        {
            table[i] = (int)Math.Clamp(((StdLuminance[i] * (long)scale) + 50L) / 100L, 1L, 255L);
        }

        return table;
    }

    /// <summary>Quantiser of one table: the reciprocal, correction and shift of libjpeg-turbo's <c>compute_reciprocal</c> (32-bit DCT elements).</summary>
    public sealed class Quantiser
    {
        private readonly ulong[] _recip = new ulong[64];
        private readonly ulong[] _corr = new ulong[64];
        private readonly int[] _shift = new int[64];

        public Quantiser(int[] table)
        {
            ArgumentNullException.ThrowIfNull(table);
            Table = table;
            for (var i = 0; i < 64; i++)
            {
                var divisor = (uint)(table[i] << 3);
                if (divisor <= 1)
                {
                    (_recip[i], _corr[i], _shift[i]) = (1, 0, 0);
                    continue;
                }

                var b = 31 - System.Numerics.BitOperations.LeadingZeroCount(divisor);
                var r = 32 + b;
                var fq = (1UL << r) / divisor;
                var fr = (1UL << r) % divisor;
                var c = (ulong)(divisor / 2);
                if (fr == 0)
                {
                    fq >>= 1;
                    r--;
                }
                else if (fr <= divisor / 2U)
                {
                    c++;
                }
                else
                {
                    fq++;
                }

                (_recip[i], _corr[i], _shift[i]) = ((uint)fq, (uint)c, r);
            }
        }

        /// <summary>The quantisation table (natural order).</summary>
        public int[] Table { get; }

        /// <summary>Quantises <paramref name="dct"/> (forward-DCT output, scaled by 8) and dequantises it again into <paramref name="output"/>.</summary>
        public void QuantiseDequantise(ReadOnlySpan<int> dct, Span<int> output)
        {
            for (var i = 0; i < 64; i++)
            {
                var temp = dct[i];
                int q;
                if (temp < 0)
                {
                    q = -(int)(uint)((((ulong)(uint)-temp) + _corr[i]) * _recip[i] >> _shift[i]);
                }
                else
                {
                    q = (int)(uint)((((ulong)(uint)temp) + _corr[i]) * _recip[i] >> _shift[i]);
                }

                output[i] = q * Table[i];
            }
        }
    }

    /// <summary>
    /// Forward DCT (level-shifted, libjpeg's <c>jpeg_fdct_islow</c>, output scaled by 8) of every 8 × 8 block of the
    /// <paramref name="blocksWide"/> × <paramref name="blocksHigh"/> blocks at the top left of <paramref name="grey"/>;
    /// 64 coefficients per block, blocks in raster order.
    /// </summary>
    public static void ForwardDct(ReadOnlySpan<byte> grey, int stride, int blocksWide, int blocksHigh, Span<int> coefficients)
    {
        Span<int> data = stackalloc int[64];
        for (var by = 0; by < blocksHigh; by++)
        {
            for (var bx = 0; bx < blocksWide; bx++)
            {
                var origin = (by * 8 * stride) + (bx * 8);
                for (var y = 0; y < 8; y++)
                {
                    var row = grey.Slice(origin + (y * stride), 8);
                    for (var x = 0; x < 8; x++)
                    {
                        data[(y * 8) + x] = row[x] - 128;
                    }
                }

                FdctIslow(data);
                data.CopyTo(coefficients.Slice(((by * blocksWide) + bx) * 64, 64));
            }
        }
    }

    /// <summary>
    /// The decoded pixels of the blocks in <paramref name="coefficients"/> after quantisation with <paramref name="quantiser"/>,
    /// written at the top left of <paramref name="output"/> (row stride <paramref name="stride"/>).
    /// </summary>
    public static void Reconstruct(ReadOnlySpan<int> coefficients, int blocksWide, int blocksHigh, Quantiser quantiser, Span<byte> output, int stride)
    {
        ArgumentNullException.ThrowIfNull(quantiser);
        Span<int> block = stackalloc int[64];
        Span<int> workspace = stackalloc int[64];
        for (var by = 0; by < blocksHigh; by++)
        {
            for (var bx = 0; bx < blocksWide; bx++)
            {
                quantiser.QuantiseDequantise(coefficients.Slice(((by * blocksWide) + bx) * 64, 64), block);
                IdctIslow(block, workspace, output[((by * 8 * stride) + (bx * 8))..], stride);
            }
        }
    }

    private static long Descale(long x, int n) => (x + (1L << (n - 1))) >> n;

    /// <summary><c>jpeg_fdct_islow</c> (libjpeg-turbo <c>jfdctint.c</c>, 8-bit samples) in place.</summary>
    private static void FdctIslow(Span<int> data)
    {
        for (var r = 0; r < 64; r += 8)
        {
            var d = data.Slice(r, 8);
            long tmp0 = d[0] + d[7], tmp7 = d[0] - d[7];
            long tmp1 = d[1] + d[6], tmp6 = d[1] - d[6];
            long tmp2 = d[2] + d[5], tmp5 = d[2] - d[5];
            long tmp3 = d[3] + d[4], tmp4 = d[3] - d[4];
            long tmp10 = tmp0 + tmp3, tmp13 = tmp0 - tmp3, tmp11 = tmp1 + tmp2, tmp12 = tmp1 - tmp2;
            d[0] = (int)((tmp10 + tmp11) << Pass1Bits);
            d[4] = (int)((tmp10 - tmp11) << Pass1Bits);
            var z1 = (tmp12 + tmp13) * Fix0541196100;
            d[2] = (int)Descale(z1 + (tmp13 * Fix0765366865), ConstBits - Pass1Bits);
            d[6] = (int)Descale(z1 + (tmp12 * -Fix1847759065), ConstBits - Pass1Bits);
            z1 = tmp4 + tmp7;
            var z2 = tmp5 + tmp6;
            var z3 = tmp4 + tmp6;
            var z4 = tmp5 + tmp7;
            var z5 = (z3 + z4) * Fix1175875602;
            tmp4 *= Fix0298631336;
            tmp5 *= Fix2053119869;
            tmp6 *= Fix3072711026;
            tmp7 *= Fix1501321110;
            z1 *= -Fix0899976223;
            z2 *= -Fix2562915447;
            z3 *= -Fix1961570560;
            z4 *= -Fix0390180644;
            z3 += z5;
            z4 += z5;
            d[7] = (int)Descale(tmp4 + z1 + z3, ConstBits - Pass1Bits);
            d[5] = (int)Descale(tmp5 + z2 + z4, ConstBits - Pass1Bits);
            d[3] = (int)Descale(tmp6 + z2 + z3, ConstBits - Pass1Bits);
            d[1] = (int)Descale(tmp7 + z1 + z4, ConstBits - Pass1Bits);
        }

        for (var c = 0; c < 8; c++)
        {
            long tmp0 = data[c] + data[56 + c], tmp7 = data[c] - data[56 + c];
            long tmp1 = data[8 + c] + data[48 + c], tmp6 = data[8 + c] - data[48 + c];
            long tmp2 = data[16 + c] + data[40 + c], tmp5 = data[16 + c] - data[40 + c];
            long tmp3 = data[24 + c] + data[32 + c], tmp4 = data[24 + c] - data[32 + c];
            long tmp10 = tmp0 + tmp3, tmp13 = tmp0 - tmp3, tmp11 = tmp1 + tmp2, tmp12 = tmp1 - tmp2;
            data[c] = (int)Descale(tmp10 + tmp11, Pass1Bits);
            data[32 + c] = (int)Descale(tmp10 - tmp11, Pass1Bits);
            var z1 = (tmp12 + tmp13) * Fix0541196100;
            data[16 + c] = (int)Descale(z1 + (tmp13 * Fix0765366865), ConstBits + Pass1Bits);
            data[48 + c] = (int)Descale(z1 + (tmp12 * -Fix1847759065), ConstBits + Pass1Bits);
            z1 = tmp4 + tmp7;
            var z2 = tmp5 + tmp6;
            var z3 = tmp4 + tmp6;
            var z4 = tmp5 + tmp7;
            var z5 = (z3 + z4) * Fix1175875602;
            tmp4 *= Fix0298631336;
            tmp5 *= Fix2053119869;
            tmp6 *= Fix3072711026;
            tmp7 *= Fix1501321110;
            z1 *= -Fix0899976223;
            z2 *= -Fix2562915447;
            z3 *= -Fix1961570560;
            z4 *= -Fix0390180644;
            z3 += z5;
            z4 += z5;
            data[56 + c] = (int)Descale(tmp4 + z1 + z3, ConstBits + Pass1Bits);
            data[40 + c] = (int)Descale(tmp5 + z2 + z4, ConstBits + Pass1Bits);
            data[24 + c] = (int)Descale(tmp6 + z2 + z3, ConstBits + Pass1Bits);
            data[8 + c] = (int)Descale(tmp7 + z1 + z4, ConstBits + Pass1Bits);
        }
    }

    /// <summary>libjpeg's post-IDCT range limit: the low 10 bits as a signed value, + 128, clamped to 0..255.</summary>
    private static byte RangeLimit(long x)
    {
        var v = (int)(x & 1023);
        v = v < 512 ? v : v - 1024;
        return (byte)Math.Clamp(v + 128, 0, 255);
    }

    /// <summary><c>jpeg_idct_islow</c> (libjpeg-turbo <c>jidctint.c</c>, 8-bit samples) of dequantised coefficients.</summary>
    private static void IdctIslow(ReadOnlySpan<int> input, Span<int> ws, Span<byte> output, int stride)
    {
        for (var c = 0; c < 8; c++)
        {
            if (input[8 + c] == 0 && input[16 + c] == 0 && input[24 + c] == 0 && input[32 + c] == 0 &&
                input[40 + c] == 0 && input[48 + c] == 0 && input[56 + c] == 0)
            {
                var dc = input[c] << Pass1Bits;
                for (var k = 0; k < 64; k += 8)
                {
                    ws[k + c] = dc;
                }

                continue;
            }

            long z2 = input[16 + c], z3 = input[48 + c];
            var z1 = (z2 + z3) * Fix0541196100;
            var tmp2 = z1 + (z3 * -Fix1847759065);
            var tmp3 = z1 + (z2 * Fix0765366865);
            z2 = input[c];
            z3 = input[32 + c];
            var tmp0 = (z2 + z3) << ConstBits;
            var tmp1 = (z2 - z3) << ConstBits;
            long tmp10 = tmp0 + tmp3, tmp13 = tmp0 - tmp3, tmp11 = tmp1 + tmp2, tmp12 = tmp1 - tmp2;
            tmp0 = input[56 + c];
            tmp1 = input[40 + c];
            tmp2 = input[24 + c];
            tmp3 = input[8 + c];
            z1 = tmp0 + tmp3;
            z2 = tmp1 + tmp2;
            z3 = tmp0 + tmp2;
            var z4 = tmp1 + tmp3;
            var z5 = (z3 + z4) * Fix1175875602;
            tmp0 *= Fix0298631336;
            tmp1 *= Fix2053119869;
            tmp2 *= Fix3072711026;
            tmp3 *= Fix1501321110;
            z1 *= -Fix0899976223;
            z2 *= -Fix2562915447;
            z3 *= -Fix1961570560;
            z4 *= -Fix0390180644;
            z3 += z5;
            z4 += z5;
            tmp0 += z1 + z3;
            tmp1 += z2 + z4;
            tmp2 += z2 + z3;
            tmp3 += z1 + z4;
            ws[c] = (int)Descale(tmp10 + tmp3, ConstBits - Pass1Bits);
            ws[56 + c] = (int)Descale(tmp10 - tmp3, ConstBits - Pass1Bits);
            ws[8 + c] = (int)Descale(tmp11 + tmp2, ConstBits - Pass1Bits);
            ws[48 + c] = (int)Descale(tmp11 - tmp2, ConstBits - Pass1Bits);
            ws[16 + c] = (int)Descale(tmp12 + tmp1, ConstBits - Pass1Bits);
            ws[40 + c] = (int)Descale(tmp12 - tmp1, ConstBits - Pass1Bits);
            ws[24 + c] = (int)Descale(tmp13 + tmp0, ConstBits - Pass1Bits);
            ws[32 + c] = (int)Descale(tmp13 - tmp0, ConstBits - Pass1Bits);
        }

        const int Out = ConstBits + Pass1Bits + 3;
        for (var r = 0; r < 8; r++)
        {
            var w = ws.Slice(r * 8, 8);
            var o = output.Slice(r * stride, 8);
            if (w[1] == 0 && w[2] == 0 && w[3] == 0 && w[4] == 0 && w[5] == 0 && w[6] == 0 && w[7] == 0)
            {
                o.Fill(RangeLimit(Descale(w[0], Pass1Bits + 3)));
                continue;
            }

            long z2 = w[2], z3 = w[6];
            var z1 = (z2 + z3) * Fix0541196100;
            var tmp2 = z1 + (z3 * -Fix1847759065);
            var tmp3 = z1 + (z2 * Fix0765366865);
            var tmp0 = ((long)w[0] + w[4]) << ConstBits;
            var tmp1 = ((long)w[0] - w[4]) << ConstBits;
            long tmp10 = tmp0 + tmp3, tmp13 = tmp0 - tmp3, tmp11 = tmp1 + tmp2, tmp12 = tmp1 - tmp2;
            tmp0 = w[7];
            tmp1 = w[5];
            tmp2 = w[3];
            tmp3 = w[1];
            z1 = tmp0 + tmp3;
            z2 = tmp1 + tmp2;
            z3 = tmp0 + tmp2;
            var z4 = tmp1 + tmp3;
            var z5 = (z3 + z4) * Fix1175875602;
            tmp0 *= Fix0298631336;
            tmp1 *= Fix2053119869;
            tmp2 *= Fix3072711026;
            tmp3 *= Fix1501321110;
            z1 *= -Fix0899976223;
            z2 *= -Fix2562915447;
            z3 *= -Fix1961570560;
            z4 *= -Fix0390180644;
            z3 += z5;
            z4 += z5;
            tmp0 += z1 + z3;
            tmp1 += z2 + z4;
            tmp2 += z2 + z3;
            tmp3 += z1 + z4;
            o[0] = RangeLimit(Descale(tmp10 + tmp3, Out));
            o[7] = RangeLimit(Descale(tmp10 - tmp3, Out));
            o[1] = RangeLimit(Descale(tmp11 + tmp2, Out));
            o[6] = RangeLimit(Descale(tmp11 - tmp2, Out));
            o[2] = RangeLimit(Descale(tmp12 + tmp1, Out));
            o[5] = RangeLimit(Descale(tmp12 - tmp1, Out));
            o[3] = RangeLimit(Descale(tmp13 + tmp0, Out));
            o[4] = RangeLimit(Descale(tmp13 - tmp0, Out));
        }
    }
}
