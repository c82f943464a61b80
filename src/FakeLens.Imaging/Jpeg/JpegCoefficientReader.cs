using FakeLens.Core.Detection;

namespace FakeLens.Imaging.Jpeg;

/// <summary>
/// Entropy-decodes the quantised DCT coefficients of the first (luma) component of a sequential Huffman JPEG
/// (T.81 Annex F, SOF0/SOF1). Progressive and arithmetic-coded files are refused with a detector-level
/// <see cref="MediaException"/>. Decoding stops at the first corrupt block; the blocks decoded until then are
/// kept and <see cref="DctCoefficients.DecodedBlocks"/> says how many.
/// </summary>
public static class JpegCoefficientReader
{
    /// <summary>Cache key of the luma coefficients in an <see cref="AnalysisContext"/>.</summary>
    public const string CacheKey = "jpeg.luma-coefficients";

    /// <summary>Zero bytes fed past the end of a scan before the decode is declared overrun.</summary>
    private const int MaxPadding = 64;

    /// <summary>The luma coefficients of the context's file, decoded once.</summary>
    public static DctCoefficients Get(AnalysisContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.GetOrCreate(CacheKey, c => ReadLuma(JpegParser.Get(c), c.Bytes.Span, c.Limits.MaxPixels, cancellationToken));
    }

    public static DctCoefficients ReadLuma(JpegStructure structure, ReadOnlySpan<byte> data, long maxPixels, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(structure);
        var frame = structure.Frame ?? throw Unsupported("the file has no frame header");
        if (!frame.IsSequentialHuffman)
        {
            throw Unsupported($"its coefficients are {frame.Process}-coded and only baseline/sequential JPEG is read");
        }

        if (frame.Precision != 8)
        {
            throw Unsupported($"it uses {frame.Precision}-bit samples");
        }

        if (frame.Width <= 0 || frame.Height <= 0)
        {
            throw new MediaException("The JPEG declares no pixels (zero width or height).") { Code = "corrupt", AffectsWholeFile = false };
        }

        if ((long)frame.Width * frame.Height > maxPixels)
        {
            throw new MediaException($"The JPEG declares {frame.Width} × {frame.Height} pixels, above the limit of {maxPixels / 1e6:0.#} MP; its coefficients were not read.")
            {
                Code = "too-large",
                AffectsWholeFile = false,
            };
        }

        var table = structure.TableFor(0) ?? throw new MediaException("The JPEG has no quantisation table for its first component.") { Code = "corrupt", AffectsWholeFile = false };
        var hMax = frame.MaxH;
        var vMax = frame.MaxV;
        var mcusX = (frame.Width + (8 * hMax) - 1) / (8 * hMax);
        var mcusY = (frame.Height + (8 * vMax) - 1) / (8 * vMax);
        var luma = frame.Components[0];
        var bw = CeilDiv(CeilDiv(frame.Width * luma.H, hMax), 8);
        var bh = CeilDiv(CeilDiv(frame.Height * luma.V, vMax), 8);
        var values = new short[checked(bw * bh * 64)];
        var seen = new bool[bw * bh];
        var decoded = 0;
        Span<short> scratch = stackalloc short[64];

        foreach (var scan in structure.Scans)
        {
            var lumaInScan = -1;
            for (var i = 0; i < scan.Components.Count; i++)
            {
                if (scan.Components[i].ComponentIndex == 0)
                {
                    lumaInScan = i;
                }
            }

            if (lumaInScan < 0)
            {
                continue;
            }

            var n = scan.Components.Count;
            var dc = new HuffmanDecoder?[n];
            var ac = new HuffmanDecoder?[n];
            for (var i = 0; i < n; i++)
            {
                dc[i] = HuffmanDecoder.Create(scan.Components[i].DcTable);
                ac[i] = HuffmanDecoder.Create(scan.Components[i].AcTable);
                if (dc[i] is null || ac[i] is null)
                {
                    throw new MediaException("The JPEG's Huffman tables are missing or invalid.") { Code = "corrupt", AffectsWholeFile = false };
                }
            }

            var reader = new JpegBitReader(data.Slice(scan.DataOffset, scan.DataLength));
            var pred = new int[n];
            var restart = scan.RestartInterval;
            var ok = true;
            if (n == 1)
            {
                // Non-interleaved: the component's own blocks, row by row.
                for (var by = 0; by < bh && ok; by++)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    for (var bx = 0; bx < bw && ok; bx++)
                    {
                        var unit = (by * bw) + bx;
                        if (restart > 0 && unit > 0 && unit % restart == 0)
                        {
                            reader.Restart();
                            pred[0] = 0;
                        }

                        var block = values.AsSpan(unit * 64, 64);
                        ok = DecodeBlock(ref reader, dc[0]!, ac[0]!, ref pred[0], block);
                        if (ok && !seen[unit])
                        {
                            seen[unit] = true;
                            decoded++;
                        }
                    }
                }

                continue;
            }

            for (var my = 0; my < mcusY && ok; my++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                for (var mx = 0; mx < mcusX && ok; mx++)
                {
                    var mcu = (my * mcusX) + mx;
                    if (restart > 0 && mcu > 0 && mcu % restart == 0)
                    {
                        reader.Restart();
                        Array.Clear(pred);
                    }

                    for (var i = 0; i < n && ok; i++)
                    {
                        var comp = frame.Components[scan.Components[i].ComponentIndex];
                        for (var v = 0; v < comp.V && ok; v++)
                        {
                            for (var h = 0; h < comp.H && ok; h++)
                            {
                                var bx = (mx * comp.H) + h;
                                var by = (my * comp.V) + v;
                                var inside = i == lumaInScan && bx < bw && by < bh;
                                var block = inside ? values.AsSpan(((by * bw) + bx) * 64, 64) : scratch;
                                ok = DecodeBlock(ref reader, dc[i]!, ac[i]!, ref pred[i], block);
                                if (ok && inside && !seen[(by * bw) + bx])
                                {
                                    seen[(by * bw) + bx] = true;
                                    decoded++;
                                }
                            }
                        }
                    }
                }
            }
        }

        return new DctCoefficients(bw, bh, values, table, decoded);
    }

    private static bool DecodeBlock(ref JpegBitReader reader, HuffmanDecoder dc, HuffmanDecoder ac, ref int pred, scoped Span<short> block)
    {
        block.Clear();
        var (t, len) = dc.Decode(reader.PeekBits(16));
        if (t < 0 || t > 11)
        {
            return false;
        }

        reader.Skip(len);
        pred += reader.Receive(t);
        block[0] = (short)Math.Clamp(pred, short.MinValue, short.MaxValue);
        var zigzag = JpegParser.ZigZag;
        for (var k = 1; k < 64;)
        {
            var (rs, l) = ac.Decode(reader.PeekBits(16));
            if (rs < 0)
            {
                return false;
            }

            reader.Skip(l);
            var r = rs >> 4;
            var s = rs & 15;
            if (s == 0)
            {
                if (r != 15)
                {
                    break;
                }

                k += 16;
                continue;
            }

            k += r;
            if (k > 63)
            {
                return false;
            }

            block[zigzag[k]] = (short)reader.Receive(s);
            k++;
        }

        return reader.PaddedBytes <= MaxPadding;
    }

    private static int CeilDiv(int a, int b) => (a + b - 1) / b;

    private static MediaException Unsupported(string why) =>
        new($"The DCT coefficients of this JPEG cannot be read: {why}.") { Code = "unsupported", AffectsWholeFile = false };
}
