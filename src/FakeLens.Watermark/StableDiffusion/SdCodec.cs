using FakeLens.Imaging.Decoding;

namespace FakeLens.Watermark.StableDiffusion;

/// <summary>
/// The transforms of ShieldMnt/invisible-watermark (commit 68d0376, v0.2.0) for dwtDct and dwtDctSvd, computed the
/// way the library computes them so that decoded bits and embedded pixels agree with it (see the shared
/// watermark/ALGORITHM.md): OpenCV YUV, U plane only, top-left 4·⌊H/4⌋ × 4·⌊W/4⌋ crop, one-level Haar in PyWavelets'
/// product form, 4×4 LL blocks in raster order carrying bit n mod L, scale 36, the inverse with the library's
/// swapped detail bands, and numpy's truncating uint8 write-back. Work is done in strips of 8 pixel rows (one row
/// of LL blocks), so memory stays at a few rows plus the output.
/// </summary>
internal static class SdCodec
{
    /// <summary>Quantisation step of both methods (the library default; SD and SDXL keep it).</summary>
    public const double Scale = 36;

    /// <summary>The library refuses images with fewer pixels than 256 × 256.</summary>
    public const int MinPixels = 256 * 256;

    /// <summary>PyWavelets' Haar filter tap 1/√2 in double.</summary>
    private const double S = 0.7071067811865476;

    /// <summary>The same tap in float32, for the float (SDXL) path.</summary>
    private const float Sf = 0.70710677f;

    /// <summary>Number of complete 4×4 LL blocks (columns, rows) of a W×H image.</summary>
    public static (int Columns, int Rows) BlockGrid(int width, int height) => (width / 4 * 4 / 2 / 4, height / 4 * 4 / 2 / 4);

    /// <summary>
    /// One 0/1 vote per complete LL block in raster order, read from the 8-bit pixels as the library's decoder does.
    /// With <paramref name="swapRedBlue"/> the pixels are handed over in RGB instead of BGR order, as diffusers did
    /// before PR #7013 (February 2024), so that marks written that way are read where they are.
    /// </summary>
    public static byte[] Votes(RgbImage image, SdMethod method, CancellationToken cancellationToken, bool swapRedBlue = false)
    {
        var (bw, bh) = BlockGrid(image.Width, image.Height);
        var votes = new byte[bw * bh];
        if (votes.Length == 0)
        {
            return votes;
        }

        var w = bw * 4;
        var width = image.Width;
        var px = image.Pixels;
        var u0 = new double[w * 2];
        var u1 = new double[w * 2];
        var lo = new double[w * 2];
        var ll = new double[4 * w];
        Span<double> block = stackalloc double[16];
        Span<double> dct = stackalloc double[16];
        for (var by = 0; by < bh; by++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            for (var r = 0; r < 4; r++)
            {
                var y = (((by * 4) + r) * 2);
                ReadU(px, (y * width) * 3, u0, swapRedBlue);
                ReadU(px, ((y + 1) * width) * 3, u1, swapRedBlue);
                for (var c = 0; c < lo.Length; c++)
                {
                    lo[c] = (S * u0[c]) + (S * u1[c]);
                }

                var row = ll.AsSpan(r * w, w);
                for (var j = 0; j < w; j++)
                {
                    row[j] = (S * lo[2 * j]) + (S * lo[(2 * j) + 1]);
                }
            }

            for (var bx = 0; bx < bw; bx++)
            {
                for (var k = 0; k < 16; k++)
                {
                    block[k] = ll[((k >> 2) * w) + (bx * 4) + (k & 3)];
                }

                int vote;
                if (method == SdMethod.DwtDct)
                {
                    var p = LargestIndex(block);
                    vote = Math.Abs(block[p]) % Scale > Scale / 2 ? 1 : 0;
                }
                else
                {
                    Block4.Dct(block, dct);
                    var sigma = Block4.LargestSingular(dct, default, default);
                    vote = sigma % Scale > Scale / 2 ? 1 : 0;
                }

                votes[(by * bw) + bx] = (byte)vote;
            }
        }

        return votes;
    }

    /// <summary>The library's bit rule: block n votes for bit n mod L; a bit is 1 when its mean vote × 255 &gt; 127.</summary>
    public static bool[] Aggregate(ReadOnlySpan<byte> votes, int length)
    {
        var ones = new int[length];
        var counts = new int[length];
        for (var n = 0; n < votes.Length; n++)
        {
            var k = n % length;
            counts[k]++;
            ones[k] += votes[n];
        }

        var bits = new bool[length];
        for (var k = 0; k < length; k++)
        {
            // numpy: mean (NaN for no blocks, which compares false) × 255 > 127.
            bits[k] = counts[k] > 0 && ones[k] / (double)counts[k] * 255 > 127;
        }

        return bits;
    }

    /// <summary>Embeds <paramref name="bits"/> on the 8-bit path (SD 1.x, SD 2.x, dwtDctSvd; the library on uint8 BGR).</summary>
    public static RgbImage Embed(RgbImage image, IReadOnlyList<bool> bits, SdMethod method, CancellationToken cancellationToken)
    {
        var width = image.Width;
        var height = image.Height;
        var n = width * height;
        var px = image.Pixels;
        var yp = new byte[n];
        var up = new byte[n];
        var vp = new byte[n];
        for (int i = 0, j = 0; i < n; i++, j += 3)
        {
            int r = px[j], g = px[j + 1], b = px[j + 2];
            var y = OpenCvYuv.Y(r, g, b);
            yp[i] = (byte)y;
            up[i] = (byte)OpenCvYuv.U(b, y);
            vp[i] = (byte)OpenCvYuv.V(r, y);
        }

        var w4 = width / 4 * 4;
        var h4 = height / 4 * 4;
        var plane = new double[8 * w4];
        var strip = new HaarStrip(w4 / 2);
        var (bw, _) = BlockGrid(width, height);
        var blockIndex = 0;
        for (var y0 = 0; y0 < h4; y0 += 8)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var rows = Math.Min(8, h4 - y0);
            for (var r = 0; r < rows; r++)
            {
                var src = up.AsSpan((y0 + r) * width, w4);
                var dst = plane.AsSpan(r * w4, w4);
                for (var x = 0; x < w4; x++)
                {
                    dst[x] = src[x];
                }
            }

            strip.Forward(plane, w4, rows / 2);
            if (rows == 8)
            {
                for (var bx = 0; bx < bw; bx++, blockIndex++)
                {
                    var bit = bits[blockIndex % bits.Count];
                    if (method == SdMethod.DwtDct)
                    {
                        strip.QuantiseLargest(bx, bit);
                    }
                    else
                    {
                        strip.QuantiseSingular(bx, bit);
                    }
                }
            }

            strip.Inverse(plane, w4, rows / 2);
            for (var r = 0; r < rows; r++)
            {
                var src = plane.AsSpan(r * w4, w4);
                var dst = up.AsSpan((y0 + r) * width, w4);
                for (var x = 0; x < w4; x++)
                {
                    // numpy's float64 → uint8 cast: truncate toward zero, then wrap modulo 256.
                    dst[x] = unchecked((byte)(long)src[x]);
                }
            }
        }

        var output = new byte[n * 3];
        for (int i = 0, j = 0; i < n; i++, j += 3)
        {
            OpenCvYuv.ToRgb(yp[i], up[i], vp[i], output, j);
        }

        return new RgbImage(width, height, output);
    }

    /// <summary>
    /// Embeds on the float path SDXL uses (generative-models, diffusers ≥ Feb 2024): float32 pixels 0…255, float YUV
    /// with offset 0.5, float32 Haar, no truncation, then clamp to 0…255 and round half to even (diffusers'
    /// <c>numpy_to_pil</c>). The colour conversion fuses multiply-adds as OpenCV does on AVX2 CPUs (where SDXL runs);
    /// a non-AVX2 OpenCV rounds differently and flips a few argmax ties, so files made there differ in a few pixels.
    /// </summary>
    public static RgbImage EmbedFloat(RgbImage image, IReadOnlyList<bool> bits, CancellationToken cancellationToken)
    {
        var width = image.Width;
        var height = image.Height;
        var n = width * height;
        var px = image.Pixels;
        var yp = new float[n];
        var up = new float[n];
        var vp = new float[n];
        for (int i = 0, j = 0; i < n; i++, j += 3)
        {
            OpenCvYuv.ToYuvFloat(px[j], px[j + 1], px[j + 2], out yp[i], out up[i], out vp[i]);
        }

        var w4 = width / 4 * 4;
        var h4 = height / 4 * 4;
        var plane = new float[8 * w4];
        var strip = new HaarStripFloat(w4 / 2);
        var (bw, _) = BlockGrid(width, height);
        var blockIndex = 0;
        for (var y0 = 0; y0 < h4; y0 += 8)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var rows = Math.Min(8, h4 - y0);
            for (var r = 0; r < rows; r++)
            {
                up.AsSpan((y0 + r) * width, w4).CopyTo(plane.AsSpan(r * w4, w4));
            }

            strip.Forward(plane, w4, rows / 2);
            if (rows == 8)
            {
                for (var bx = 0; bx < bw; bx++, blockIndex++)
                {
                    strip.QuantiseLargest(bx, bits[blockIndex % bits.Count]);
                }
            }

            strip.Inverse(plane, w4, rows / 2);
            for (var r = 0; r < rows; r++)
            {
                plane.AsSpan(r * w4, w4).CopyTo(up.AsSpan((y0 + r) * width, w4));
            }
        }

        var output = new byte[n * 3];
        for (int i = 0, j = 0; i < n; i++, j += 3)
        {
            OpenCvYuv.ToRgbFloat(yp[i], up[i], vp[i], out var r, out var g, out var b);
            output[j] = ToByte(r);
            output[j + 1] = ToByte(g);
            output[j + 2] = ToByte(b);
        }

        return new RgbImage(width, height, output);
    }

    /// <summary>Index 1…15 of the largest |v| in a 4×4 block (index 0 skipped; the first of equal values wins).</summary>
    public static int LargestIndex(ReadOnlySpan<double> block)
    {
        var p = 1;
        var best = Math.Abs(block[1]);
        for (var k = 2; k < 16; k++)
        {
            var a = Math.Abs(block[k]);
            if (a > best)
            {
                best = a;
                p = k;
            }
        }

        return p;
    }

    /// <summary>numpy's floor division of a non-negative value by the scale (fmod-based, as <c>npy_divmod</c>).</summary>
    public static double FloorDiv(double value, double scale)
    {
        var mod = value % scale;
        var div = (value - mod) / scale;
        var floor = Math.Floor(div);
        if (div - floor > 0.5)
        {
            floor += 1;
        }

        return floor;
    }

    /// <summary>The library's quantiser: |v| moves to offset 9 (bit 0) or 27 (bit 1) of its 36-wide cell, sign kept.</summary>
    public static double Quantise(double value, bool bit)
    {
        var magnitude = Math.Abs(value);
        var q = ((FloorDiv(magnitude, Scale) + 0.25) + (bit ? 0.5 : 0.0)) * Scale;
        return value >= 0 ? q : -q;
    }

    private static byte ToByte(float v)
    {
        var c = Math.Clamp(v, 0f, 255f);
        return (byte)MathF.Round(c, MidpointRounding.ToEven);
    }

    /// <summary>U of a row of 8-bit RGB pixels, as doubles.</summary>
    private static void ReadU(byte[] px, int offset, double[] u, bool swapRedBlue)
    {
        var ri = swapRedBlue ? 2 : 0;
        var bi = 2 - ri;
        for (int x = 0, j = offset; x < u.Length; x++, j += 3)
        {
            int r = px[j + ri], g = px[j + 1], b = px[j + bi];
            u[x] = OpenCvYuv.U(b, OpenCvYuv.Y(r, g, b));
        }
    }
}
