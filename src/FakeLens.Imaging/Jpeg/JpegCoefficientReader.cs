using FakeLens.Core.Detection;

namespace FakeLens.Imaging.Jpeg;

/// <summary>
/// Entropy-decodes the quantised DCT coefficients of the first (luma) component of a Huffman-coded JPEG:
/// sequential (T.81 Annex F, SOF0/SOF1) and progressive (Annex G, SOF2: spectral selection and successive
/// approximation, DC and AC first and refinement scans, end-of-band runs). A progressive file yields exactly the
/// coefficients of the baseline file it was made from (jpegtran -progressive is lossless). Arithmetic-coded,
/// lossless and hierarchical files are refused with a detector-level <see cref="MediaException"/>. Decoding of a
/// scan stops at its first corrupt block; <see cref="DctCoefficients.DecodedBlocks"/> counts the blocks that every
/// luma scan reached.
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
        if (!frame.IsHuffmanDct)
        {
            throw Unsupported($"its coefficients are {frame.Process}-coded and only baseline, sequential and progressive Huffman JPEG is read");
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
        if (frame.IsProgressive)
        {
            var reached = ReadProgressive(structure, data, frame, bw, bh, mcusX, mcusY, values, cancellationToken);
            return new DctCoefficients(bw, bh, values, table, reached);
        }

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

    /// <summary>
    /// Decodes every progressive scan that carries luma into <paramref name="values"/>; returns the blocks that all
    /// of them reached (scans stop at their first corrupt block). Follows T.81 G.1.2 and the IJG decoder (jdphuff.c).
    /// </summary>
    private static int ReadProgressive(JpegStructure structure, ReadOnlySpan<byte> data, JpegFrame frame, int bw, int bh, int mcusX, int mcusY, short[] values, CancellationToken cancellationToken)
    {
        var reached = bw * bh;
        var lumaScans = 0;
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
            int ss = scan.SpectralStart, se = scan.SpectralEnd, ah = scan.ApproxHigh, al = scan.ApproxLow;
            var dcScan = ss == 0;
            if ((dcScan && se != 0) || (!dcScan && (se < ss || se > 63 || n != 1)) || al > 13)
            {
                throw new MediaException($"A progressive scan of the JPEG has an invalid band (Ss {ss}, Se {se}, Al {al}).") { Code = "corrupt", AffectsWholeFile = false };
            }

            var decoders = new HuffmanDecoder?[n];
            for (var i = 0; i < n; i++)
            {
                // DC first scans need the DC tables; AC scans the AC table; DC refinements need none.
                decoders[i] = dcScan ? (ah == 0 ? HuffmanDecoder.Create(scan.Components[i].DcTable) : null) : HuffmanDecoder.Create(scan.Components[i].AcTable);
                if (decoders[i] is null && !(dcScan && ah > 0))
                {
                    throw new MediaException("The JPEG's Huffman tables are missing or invalid.") { Code = "corrupt", AffectsWholeFile = false };
                }
            }

            lumaScans++;
            var state = new ScanState(ss, se, ah, al);
            var reader = new JpegBitReader(data.Slice(scan.DataOffset, scan.DataLength));
            var pred = new int[n];
            var restart = scan.RestartInterval;
            var ok = true;
            var count = 0;
            if (n == 1)
            {
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
                            state.EobRun = 0;
                        }

                        ok = DecodeProgressive(ref reader, decoders[0], ref pred[0], ref state, values.AsSpan(unit * 64, 64));
                        count += ok ? 1 : 0;
                    }
                }
            }
            else
            {
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
                            state.EobRun = 0;
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
                                    if (!inside)
                                    {
                                        scratch.Clear();
                                    }

                                    var block = inside ? values.AsSpan(((by * bw) + bx) * 64, 64) : scratch;
                                    ok = DecodeProgressive(ref reader, decoders[i], ref pred[i], ref state, block);
                                    count += ok && inside ? 1 : 0;
                                }
                            }
                        }
                    }
                }
            }

            reached = Math.Min(reached, count);
        }

        return lumaScans == 0 ? 0 : reached;
    }

    /// <summary>One block of one progressive scan (DC first/refine, AC first/refine).</summary>
    private static bool DecodeProgressive(ref JpegBitReader reader, HuffmanDecoder? decoder, ref int pred, ref ScanState s, scoped Span<short> block)
    {
        var zigzag = JpegParser.ZigZag;
        if (s.Ss == 0)
        {
            if (s.Ah == 0)
            {
                var (t, len) = decoder!.Decode(reader.PeekBits(16));
                if (t < 0 || t > 11)
                {
                    return false;
                }

                reader.Skip(len);
                pred += reader.Receive(t);
                block[0] = (short)Math.Clamp(pred * (1 << s.Al), short.MinValue, short.MaxValue);
            }
            else if (reader.GetBits(1) != 0)
            {
                block[0] = (short)(block[0] + (1 << s.Al));
            }

            return reader.PaddedBytes <= MaxPadding;
        }

        if (s.Ah == 0)
        {
            if (s.EobRun > 0)
            {
                s.EobRun--;
                return true;
            }

            for (var k = s.Ss; k <= s.Se; k++)
            {
                var (rs, l) = decoder!.Decode(reader.PeekBits(16));
                if (rs < 0)
                {
                    return false;
                }

                reader.Skip(l);
                var r = rs >> 4;
                var size = rs & 15;
                if (size != 0)
                {
                    k += r;
                    if (k > s.Se)
                    {
                        return false;
                    }

                    block[zigzag[k]] = (short)(reader.Receive(size) * (1 << s.Al));
                }
                else if (r == 15)
                {
                    k += 15;
                }
                else
                {
                    s.EobRun = (1 << r) - 1 + reader.GetBits(r);
                    break;
                }
            }

            return reader.PaddedBytes <= MaxPadding;
        }

        // AC refinement: one correction bit for every coefficient already non-zero, new coefficients of ±1 << Al.
        var p1 = 1 << s.Al;
        var m1 = -1 << s.Al;
        var kk = s.Ss;
        if (s.EobRun == 0)
        {
            for (; kk <= s.Se; kk++)
            {
                var (rs, l) = decoder!.Decode(reader.PeekBits(16));
                if (rs < 0)
                {
                    return false;
                }

                reader.Skip(l);
                var r = rs >> 4;
                var size = rs & 15;
                var value = 0;
                if (size != 0)
                {
                    if (size != 1)
                    {
                        return false;
                    }

                    value = reader.GetBits(1) != 0 ? p1 : m1;
                }
                else if (r != 15)
                {
                    s.EobRun = (1 << r) + reader.GetBits(r);
                    break;
                }

                do
                {
                    var pos = zigzag[kk];
                    if (block[pos] != 0)
                    {
                        Refine(ref reader, block, pos, p1, m1);
                    }
                    else
                    {
                        if (--r < 0)
                        {
                            break;
                        }
                    }

                    kk++;
                }
                while (kk <= s.Se);

                if (value != 0)
                {
                    if (kk > s.Se)
                    {
                        return false;
                    }

                    block[zigzag[kk]] = (short)value;
                }
            }
        }

        if (s.EobRun > 0)
        {
            for (; kk <= s.Se; kk++)
            {
                var pos = zigzag[kk];
                if (block[pos] != 0)
                {
                    Refine(ref reader, block, pos, p1, m1);
                }
            }

            s.EobRun--;
        }

        return reader.PaddedBytes <= MaxPadding;
    }

    private static void Refine(ref JpegBitReader reader, scoped Span<short> block, int pos, int p1, int m1)
    {
        if (reader.GetBits(1) != 0 && (block[pos] & p1) == 0)
        {
            block[pos] = (short)(block[pos] + (block[pos] >= 0 ? p1 : m1));
        }
    }

    private static int CeilDiv(int a, int b) => (a + b - 1) / b;

    /// <summary>Band and successive-approximation bits of a progressive scan, and its running end-of-band count.</summary>
    private struct ScanState(int ss, int se, int ah, int al)
    {
        public readonly int Ss = ss;
        public readonly int Se = se;
        public readonly int Ah = ah;
        public readonly int Al = al;
        public int EobRun;
    }

    private static MediaException Unsupported(string why) =>
        new($"The DCT coefficients of this JPEG cannot be read: {why}.") { Code = "unsupported", AffectsWholeFile = false };
}
