using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

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
        private readonly Vector256<uint>[] _vRecip = new Vector256<uint>[8];
        private readonly Vector256<uint>[] _vRecipOdd = new Vector256<uint>[8];
        private readonly Vector256<uint>[] _vCorr = new Vector256<uint>[8];
        private readonly Vector256<ulong>[] _vShiftEven = new Vector256<ulong>[8];
        private readonly Vector256<ulong>[] _vShiftOdd = new Vector256<ulong>[8];
        private readonly Vector256<int>[] _vTable = new Vector256<int>[8];

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

            for (var g = 0; g < 8; g++)
            {
                var o = g * 8;
                _vRecip[g] = Vector256.Create((uint)_recip[o], 0, (uint)_recip[o + 2], 0, (uint)_recip[o + 4], 0, (uint)_recip[o + 6], 0);
                _vRecipOdd[g] = Vector256.Create((uint)_recip[o + 1], 0, (uint)_recip[o + 3], 0, (uint)_recip[o + 5], 0, (uint)_recip[o + 7], 0);
                _vCorr[g] = Vector256.Create((uint)_corr[o], (uint)_corr[o + 1], (uint)_corr[o + 2], (uint)_corr[o + 3], (uint)_corr[o + 4], (uint)_corr[o + 5], (uint)_corr[o + 6], (uint)_corr[o + 7]);
                _vShiftEven[g] = Vector256.Create((ulong)_shift[o], (ulong)_shift[o + 2], (ulong)_shift[o + 4], (ulong)_shift[o + 6]);
                _vShiftOdd[g] = Vector256.Create((ulong)_shift[o + 1], (ulong)_shift[o + 3], (ulong)_shift[o + 5], (ulong)_shift[o + 7]);
                _vTable[g] = Vector256.Create(table.AsSpan(o, 8));
            }
        }

        /// <summary>The quantisation table (natural order).</summary>
        public int[] Table { get; }

        /// <summary>Quantises <paramref name="dct"/> (forward-DCT output, scaled by 8) and dequantises it again into <paramref name="output"/>.</summary>
        public void QuantiseDequantise(ReadOnlySpan<int> dct, Span<int> output, bool vectors = true)
        {
            if (vectors && Avx2.IsSupported && dct.Length >= 64 && output.Length >= 64)
            {
                // The same arithmetic eight coefficients at a time: |t| + correction, times the 32-bit reciprocal into
                // 64 bits (even and odd lanes separately), shifted right, the sign put back, times the table entry.
                ref var src = ref MemoryMarshal.GetReference(dct);
                ref var dst = ref MemoryMarshal.GetReference(output);
                for (var g = 0; g < 8; g++)
                {
                    var t = Vector256.LoadUnsafe(ref src, (nuint)(g * 8));
                    var n = Avx2.Add(Avx2.Abs(t), _vCorr[g]);
                    var even = Avx2.ShiftRightLogicalVariable(Avx2.Multiply(n, _vRecip[g]), _vShiftEven[g]);
                    var odd = Avx2.ShiftRightLogicalVariable(Avx2.Multiply(Avx2.ShiftRightLogical(n.AsUInt64(), 32).AsUInt32(), _vRecipOdd[g]), _vShiftOdd[g]);
                    var q = Avx2.Or(even.AsUInt32(), Avx2.ShiftLeftLogical(odd, 32).AsUInt32()).AsInt32();
                    Avx2.MultiplyLow(Avx2.Sign(q, t), _vTable[g]).StoreUnsafe(ref dst, (nuint)(g * 8));
                }

                return;
            }

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
    /// written at the top left of <paramref name="output"/> (row stride <paramref name="stride"/>); AVX2 when the CPU has it
    /// and <paramref name="vectors"/> is set (the scalar path is the reference, kept for tests and other CPUs).
    /// </summary>
    public static void Reconstruct(ReadOnlySpan<int> coefficients, int blocksWide, int blocksHigh, Quantiser quantiser, Span<byte> output, int stride, bool vectors = true)
    {
        ArgumentNullException.ThrowIfNull(quantiser);
        Span<int> block = stackalloc int[64];
        Span<int> workspace = stackalloc int[64];
        for (var by = 0; by < blocksHigh; by++)
        {
            for (var bx = 0; bx < blocksWide; bx++)
            {
                quantiser.QuantiseDequantise(coefficients.Slice(((by * blocksWide) + bx) * 64, 64), block, vectors);
                var target = output[((by * 8 * stride) + (bx * 8))..];
                if (vectors && Avx2.IsSupported)
                {
                    IdctIslowAvx2(block, target, stride);
                }
                else
                {
                    IdctIslow(block, workspace, target, stride);
                }
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
            (tmp4, tmp5, tmp6, tmp7) = OddPart(tmp4, tmp5, tmp6, tmp7);
            d[7] = (int)Descale(tmp4, ConstBits - Pass1Bits);
            d[5] = (int)Descale(tmp5, ConstBits - Pass1Bits);
            d[3] = (int)Descale(tmp6, ConstBits - Pass1Bits);
            d[1] = (int)Descale(tmp7, ConstBits - Pass1Bits);
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
            (tmp4, tmp5, tmp6, tmp7) = OddPart(tmp4, tmp5, tmp6, tmp7);
            data[56 + c] = (int)Descale(tmp4, ConstBits + Pass1Bits);
            data[40 + c] = (int)Descale(tmp5, ConstBits + Pass1Bits);
            data[24 + c] = (int)Descale(tmp6, ConstBits + Pass1Bits);
            data[8 + c] = (int)Descale(tmp7, ConstBits + Pass1Bits);
        }
    }

    /// <summary>
    /// The odd part both islow transforms share (Loeffler's rotation, libjpeg's constants): inputs in the order
    /// libjpeg names tmp4..tmp7 (forward) or tmp0..tmp3 (inverse), outputs before descaling.
    /// </summary>
    private static (long A, long B, long C, long D) OddPart(long a, long b, long c, long d)
    {
        var z5 = (a + c + b + d) * Fix1175875602;
        var z1 = (a + d) * -Fix0899976223;
        var z2 = (b + c) * -Fix2562915447;
        var z3 = ((a + c) * -Fix1961570560) + z5;
        var z4 = ((b + d) * -Fix0390180644) + z5;
        return ((a * Fix0298631336) + z1 + z3, (b * Fix2053119869) + z2 + z4, (c * Fix3072711026) + z2 + z3, (d * Fix1501321110) + z1 + z4);
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
            (tmp0, tmp1, tmp2, tmp3) = OddPart(tmp0, tmp1, tmp2, tmp3);
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
            (tmp0, tmp1, tmp2, tmp3) = OddPart(tmp0, tmp1, tmp2, tmp3);
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

    /// <summary>
    /// <see cref="IdctIslow"/> eight lanes at a time: the column pass on the rows as vectors, a transpose, the row pass,
    /// a transpose back. 32-bit lanes are exact: libjpeg's islow IDCT is designed for a 32-bit <c>JLONG</c> with 8-bit
    /// samples. Its zero-AC shortcuts give the same values as the full computation, so they are left out.
    /// </summary>
    private static void IdctIslowAvx2(ReadOnlySpan<int> input, Span<byte> output, int stride)
    {
        ref var src = ref MemoryMarshal.GetReference(input);
        var a0 = Vector256.LoadUnsafe(ref src, 0);
        var a1 = Vector256.LoadUnsafe(ref src, 8);
        var a2 = Vector256.LoadUnsafe(ref src, 16);
        var a3 = Vector256.LoadUnsafe(ref src, 24);
        var a4 = Vector256.LoadUnsafe(ref src, 32);
        var a5 = Vector256.LoadUnsafe(ref src, 40);
        var a6 = Vector256.LoadUnsafe(ref src, 48);
        var a7 = Vector256.LoadUnsafe(ref src, 56);
        Butterfly(ref a0, ref a1, ref a2, ref a3, ref a4, ref a5, ref a6, ref a7, ConstBits - Pass1Bits);
        Transpose(ref a0, ref a1, ref a2, ref a3, ref a4, ref a5, ref a6, ref a7);
        Butterfly(ref a0, ref a1, ref a2, ref a3, ref a4, ref a5, ref a6, ref a7, ConstBits + Pass1Bits + 3);
        Transpose(ref a0, ref a1, ref a2, ref a3, ref a4, ref a5, ref a6, ref a7);
        var order = Vector256.Create(0, 4, 1, 5, 2, 6, 3, 7);
        var top = Avx2.PermuteVar8x32(Avx2.PackUnsignedSaturate(Avx2.PackSignedSaturate(Limit(a0), Limit(a1)), Avx2.PackSignedSaturate(Limit(a2), Limit(a3))).AsInt32(), order).AsUInt64();
        var bottom = Avx2.PermuteVar8x32(Avx2.PackUnsignedSaturate(Avx2.PackSignedSaturate(Limit(a4), Limit(a5)), Avx2.PackSignedSaturate(Limit(a6), Limit(a7))).AsInt32(), order).AsUInt64();
        for (var r = 0; r < 4; r++)
        {
            MemoryMarshal.Write(output.Slice(r * stride, 8), top.GetElement(r));
            MemoryMarshal.Write(output.Slice((r + 4) * stride, 8), bottom.GetElement(r));
        }
    }

    /// <summary>libjpeg's post-IDCT range limit on eight lanes (see <see cref="RangeLimit"/>).</summary>
    private static Vector256<int> Limit(Vector256<int> x)
    {
        var v = ((x & Vector256.Create(1023)) ^ Vector256.Create(512)) - Vector256.Create(512 - 128);
        return Vector256.Min(Vector256.Max(v, Vector256<int>.Zero), Vector256.Create(255));
    }

    /// <summary>One islow IDCT pass on eight lanes: inputs are the eight frequencies, outputs the eight samples, descaled by <paramref name="shift"/>.</summary>
    private static void Butterfly(ref Vector256<int> v0, ref Vector256<int> v1, ref Vector256<int> v2, ref Vector256<int> v3, ref Vector256<int> v4, ref Vector256<int> v5, ref Vector256<int> v6, ref Vector256<int> v7, int shift)
    {
        var z2 = v2;
        var z3 = v6;
        var z1 = (z2 + z3) * (int)Fix0541196100;
        var tmp2 = z1 + (z3 * (int)-Fix1847759065);
        var tmp3 = z1 + (z2 * (int)Fix0765366865);
        var tmp0 = (v0 + v4) << ConstBits;
        var tmp1 = (v0 - v4) << ConstBits;
        var tmp10 = tmp0 + tmp3;
        var tmp13 = tmp0 - tmp3;
        var tmp11 = tmp1 + tmp2;
        var tmp12 = tmp1 - tmp2;
        tmp0 = v7;
        tmp1 = v5;
        tmp2 = v3;
        tmp3 = v1;
        z1 = tmp0 + tmp3;
        z2 = tmp1 + tmp2;
        z3 = tmp0 + tmp2;
        var z4 = tmp1 + tmp3;
        var z5 = (z3 + z4) * (int)Fix1175875602;
        tmp0 *= (int)Fix0298631336;
        tmp1 *= (int)Fix2053119869;
        tmp2 *= (int)Fix3072711026;
        tmp3 *= (int)Fix1501321110;
        z1 *= (int)-Fix0899976223;
        z2 *= (int)-Fix2562915447;
        z3 *= (int)-Fix1961570560;
        z4 *= (int)-Fix0390180644;
        z3 += z5;
        z4 += z5;
        tmp0 += z1 + z3;
        tmp1 += z2 + z4;
        tmp2 += z2 + z3;
        tmp3 += z1 + z4;
        var round = Vector256.Create(1 << (shift - 1));
        v0 = (tmp10 + tmp3 + round) >> shift;
        v7 = (tmp10 - tmp3 + round) >> shift;
        v1 = (tmp11 + tmp2 + round) >> shift;
        v6 = (tmp11 - tmp2 + round) >> shift;
        v2 = (tmp12 + tmp1 + round) >> shift;
        v5 = (tmp12 - tmp1 + round) >> shift;
        v3 = (tmp13 + tmp0 + round) >> shift;
        v4 = (tmp13 - tmp0 + round) >> shift;
    }

    /// <summary>8 × 8 transpose of 32-bit lanes (rows in, columns out).</summary>
    private static void Transpose(ref Vector256<int> a0, ref Vector256<int> a1, ref Vector256<int> a2, ref Vector256<int> a3, ref Vector256<int> a4, ref Vector256<int> a5, ref Vector256<int> a6, ref Vector256<int> a7)
    {
        var t0 = Avx2.UnpackLow(a0, a1);
        var t1 = Avx2.UnpackHigh(a0, a1);
        var t2 = Avx2.UnpackLow(a2, a3);
        var t3 = Avx2.UnpackHigh(a2, a3);
        var t4 = Avx2.UnpackLow(a4, a5);
        var t5 = Avx2.UnpackHigh(a4, a5);
        var t6 = Avx2.UnpackLow(a6, a7);
        var t7 = Avx2.UnpackHigh(a6, a7);
        var u0 = Avx2.UnpackLow(t0.AsInt64(), t2.AsInt64()).AsInt32();
        var u1 = Avx2.UnpackHigh(t0.AsInt64(), t2.AsInt64()).AsInt32();
        var u2 = Avx2.UnpackLow(t1.AsInt64(), t3.AsInt64()).AsInt32();
        var u3 = Avx2.UnpackHigh(t1.AsInt64(), t3.AsInt64()).AsInt32();
        var u4 = Avx2.UnpackLow(t4.AsInt64(), t6.AsInt64()).AsInt32();
        var u5 = Avx2.UnpackHigh(t4.AsInt64(), t6.AsInt64()).AsInt32();
        var u6 = Avx2.UnpackLow(t5.AsInt64(), t7.AsInt64()).AsInt32();
        var u7 = Avx2.UnpackHigh(t5.AsInt64(), t7.AsInt64()).AsInt32();
        a0 = Avx2.Permute2x128(u0, u4, 0x20);
        a1 = Avx2.Permute2x128(u1, u5, 0x20);
        a2 = Avx2.Permute2x128(u2, u6, 0x20);
        a3 = Avx2.Permute2x128(u3, u7, 0x20);
        a4 = Avx2.Permute2x128(u0, u4, 0x31);
        a5 = Avx2.Permute2x128(u1, u5, 0x31);
        a6 = Avx2.Permute2x128(u2, u6, 0x31);
        a7 = Avx2.Permute2x128(u3, u7, 0x31);
    }
}
