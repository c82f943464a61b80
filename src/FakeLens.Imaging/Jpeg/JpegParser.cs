using System.Text;
using FakeLens.Core.Detection;

namespace FakeLens.Imaging.Jpeg;

/// <summary>
/// Reads the marker structure of a JPEG (ITU-T T.81 Annex B) without decoding pixels. Every length is checked
/// against the data, every loop advances, and the number of segments kept is capped, so hostile files cost at
/// most one pass over their bytes. A file that does not start with SOI throws <see cref="MediaException"/>;
/// a file that ends early is returned with <see cref="JpegStructure.Truncated"/> set.
/// </summary>
public static class JpegParser
{
    /// <summary>Cache key of the parsed structure in an <see cref="AnalysisContext"/>.</summary>
    public const string CacheKey = "jpeg.structure";

    /// <summary>Segments kept in <see cref="JpegStructure.Segments"/>; more are parsed but not listed.</summary>
    public const int MaxSegments = 4096;

    private const int MaxComments = 16;
    private const int MaxCommentChars = 200;

    /// <summary>Natural (row-major) index of each zig-zag position.</summary>
    internal static ReadOnlySpan<byte> ZigZag =>
    [
        0, 1, 8, 16, 9, 2, 3, 10, 17, 24, 32, 25, 18, 11, 4, 5,
        12, 19, 26, 33, 40, 48, 41, 34, 27, 20, 13, 6, 7, 14, 21, 28,
        35, 42, 49, 56, 57, 50, 43, 36, 29, 22, 15, 23, 30, 37, 44, 51,
        58, 59, 52, 45, 38, 31, 39, 46, 53, 60, 61, 54, 47, 55, 62, 63,
    ];

    /// <summary>The parsed structure of the context's file, parsed once and shared by every detector.</summary>
    public static JpegStructure Get(AnalysisContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.GetOrCreate(CacheKey, c => Parse(c.Bytes.Span));
    }

    public static JpegStructure Parse(ReadOnlySpan<byte> data)
    {
        if (data.Length < 4 || data[0] != 0xFF || data[1] != 0xD8)
        {
            throw new MediaException("The file does not start with a JPEG start-of-image marker; it is not a JPEG.") { Code = "corrupt" };
        }

        var segments = new List<JpegSegment> { new(0xD8, 0, 0, "SOI") };
        var tables = new QuantizationTable?[4];
        QuantizationTable?[]? tablesAtFirstScan = null;
        var huffman = new HuffmanTable?[8];
        var scans = new List<JpegScan>();
        var apps = new List<string>();
        var comments = new List<string>();
        JpegFrame? frame = null;
        var restartInterval = 0;
        var hasEnd = false;
        var truncated = false;
        var trailing = 0;
        var trailingIsJpeg = false;
        var pos = 2;

        while (pos < data.Length)
        {
            // Tolerate garbage between segments (some writers leave it) by scanning to the next 0xFF.
            if (data[pos] != 0xFF)
            {
                pos++;
                continue;
            }

            while (pos < data.Length && data[pos] == 0xFF)
            {
                pos++;
            }

            if (pos >= data.Length)
            {
                truncated = true;
                break;
            }

            var marker = data[pos];
            var start = pos - 1;
            pos++;
            if (marker == 0xD9)
            {
                Add(segments, new JpegSegment(marker, start, 0, "EOI"));
                hasEnd = true;
                trailing = data.Length - pos;
                trailingIsJpeg = trailing >= 3 && IndexOfSoi(data[pos..]) >= 0;
                break;
            }

            if (marker is 0x01 or (>= 0xD0 and <= 0xD7) or 0x00 or 0xD8)
            {
                // Stand-alone markers (TEM, stray RSTn); a stray 0x00 or second SOI is skipped.
                continue;
            }

            if (pos + 2 > data.Length)
            {
                truncated = true;
                break;
            }

            var length = (data[pos] << 8) | data[pos + 1];
            if (length < 2 || pos + length > data.Length)
            {
                truncated = true;
                Add(segments, new JpegSegment(marker, start, length, MarkerName(marker, [])));
                break;
            }

            var payload = data.Slice(pos + 2, length - 2);
            var name = MarkerName(marker, payload);
            Add(segments, new JpegSegment(marker, start, length, name));
            pos += length;

            switch (marker)
            {
                case 0xDB:
                    ReadQuantTables(payload, tables);
                    break;
                case 0xC4:
                    ReadHuffmanTables(payload, huffman);
                    break;
                case 0xDD when payload.Length >= 2:
                    restartInterval = (payload[0] << 8) | payload[1];
                    break;
                case >= 0xC0 and <= 0xCF when marker is not (0xC4 or 0xC8 or 0xCC):
                    frame ??= ReadFrame(marker, payload);
                    break;
                case >= 0xE0 and <= 0xEF:
                    apps.Add(name);
                    break;
                case 0xFE when comments.Count < MaxComments:
                    comments.Add(Printable(payload));
                    break;
                case 0xDA:
                    tablesAtFirstScan ??= (QuantizationTable?[])tables.Clone();
                    var dataStart = pos;
                    pos = SkipEntropyData(data, pos);
                    if (pos >= data.Length)
                    {
                        truncated = true;
                    }

                    if (frame is not null && ReadScan(payload, frame, huffman, restartInterval, dataStart, pos - dataStart) is { } scan)
                    {
                        scans.Add(scan);
                    }

                    break;
                default:
                    break;
            }
        }

        if (!hasEnd && pos >= data.Length)
        {
            truncated = true;
        }

        return new JpegStructure(segments, frame, tablesAtFirstScan ?? tables, scans, apps, comments, hasEnd, trailing, trailingIsJpeg, truncated);
    }

    private static void Add(List<JpegSegment> segments, JpegSegment s)
    {
        if (segments.Count < MaxSegments)
        {
            segments.Add(s);
        }
    }

    /// <summary>Returns the offset of the marker that ends the entropy-coded data starting at <paramref name="pos"/>.</summary>
    private static int SkipEntropyData(ReadOnlySpan<byte> data, int pos)
    {
        while (pos < data.Length)
        {
            var next = data[pos..].IndexOf((byte)0xFF);
            if (next < 0)
            {
                return data.Length;
            }

            pos += next;
            if (pos + 1 >= data.Length)
            {
                return data.Length;
            }

            var m = data[pos + 1];
            if (m == 0x00 || m == 0xFF || (m >= 0xD0 && m <= 0xD7))
            {
                // Stuffed zero, fill byte or restart marker: still inside the scan.
                pos += m == 0xFF ? 1 : 2;
                continue;
            }

            return pos;
        }

        return data.Length;
    }

    private static int IndexOfSoi(ReadOnlySpan<byte> data)
    {
        var limit = Math.Min(data.Length, 1 << 20);
        for (var i = 0; i + 2 < limit; i++)
        {
            if (data[i] == 0xFF && data[i + 1] == 0xD8 && data[i + 2] == 0xFF)
            {
                return i;
            }
        }

        return -1;
    }

    private static void ReadQuantTables(ReadOnlySpan<byte> p, QuantizationTable?[] tables)
    {
        var i = 0;
        while (i < p.Length)
        {
            var precision = p[i] >> 4;
            var id = p[i] & 0x0F;
            var size = precision == 0 ? 64 : 128;
            i++;
            if (id > 3 || precision > 1 || i + size > p.Length)
            {
                return;
            }

            var values = new ushort[64];
            for (var k = 0; k < 64; k++)
            {
                values[ZigZag[k]] = precision == 0 ? p[i + k] : (ushort)((p[i + (2 * k)] << 8) | p[i + (2 * k) + 1]);
            }

            tables[id] = new QuantizationTable(id, precision, values);
            i += size;
        }
    }

    private static void ReadHuffmanTables(ReadOnlySpan<byte> p, HuffmanTable?[] tables)
    {
        var i = 0;
        while (i + 17 <= p.Length)
        {
            var tc = p[i] >> 4;
            var th = p[i] & 0x0F;
            var counts = p.Slice(i + 1, 16).ToArray();
            var total = 0;
            foreach (var c in counts)
            {
                total += c;
            }

            i += 17;
            if (tc > 1 || th > 3 || total > 256 || i + total > p.Length)
            {
                return;
            }

            tables[(tc * 4) + th] = new HuffmanTable(tc, th, counts, p.Slice(i, total).ToArray());
            i += total;
        }
    }

    private static JpegFrame? ReadFrame(byte marker, ReadOnlySpan<byte> p)
    {
        if (p.Length < 6)
        {
            return null;
        }

        var count = p[5];
        if (count == 0 || count > 4 || p.Length < 6 + (3 * count))
        {
            return null;
        }

        var components = new JpegComponent[count];
        for (var c = 0; c < count; c++)
        {
            var o = 6 + (3 * c);
            var h = p[o + 1] >> 4;
            var v = p[o + 1] & 0x0F;
            if (h is < 1 or > 4 || v is < 1 or > 4 || (p[o + 2] & 0x0F) > 3)
            {
                return null;
            }

            components[c] = new JpegComponent(p[o], h, v, p[o + 2] & 0x0F);
        }

        return new JpegFrame(marker, p[0], (p[3] << 8) | p[4], (p[1] << 8) | p[2], components);
    }

    private static JpegScan? ReadScan(ReadOnlySpan<byte> p, JpegFrame frame, HuffmanTable?[] huffman, int restart, int offset, int length)
    {
        if (p.Length < 1)
        {
            return null;
        }

        var n = p[0];
        if (n == 0 || n > 4 || p.Length < 1 + (2 * n) + 3)
        {
            return null;
        }

        var components = new JpegScanComponent[n];
        for (var c = 0; c < n; c++)
        {
            var id = p[1 + (2 * c)];
            var index = -1;
            for (var k = 0; k < frame.Components.Count; k++)
            {
                if (frame.Components[k].Id == id)
                {
                    index = k;
                    break;
                }
            }

            if (index < 0)
            {
                return null;
            }

            var sel = p[2 + (2 * c)];
            components[c] = new JpegScanComponent(index, huffman[(sel >> 4) & 3], huffman[4 + (sel & 3)]);
        }

        var o = 1 + (2 * n);
        return new JpegScan(components, p[o], p[o + 1], p[o + 2] >> 4, p[o + 2] & 0x0F, restart, offset, length);
    }

    private static string MarkerName(byte m, ReadOnlySpan<byte> payload) => m switch
    {
        0xC4 => "DHT",
        0xC8 => "JPG",
        0xCC => "DAC",
        >= 0xC0 and <= 0xCF => $"SOF{m - 0xC0}",
        0xDA => "SOS",
        0xDB => "DQT",
        0xDD => "DRI",
        0xFE => "COM",
        >= 0xE0 and <= 0xEF => AppName(m - 0xE0, payload),
        _ => $"0xFF{m:X2}",
    };

    private static string AppName(int n, ReadOnlySpan<byte> p)
    {
        string? tag = null;
        if (p.StartsWith("JFIF\0"u8))
        {
            tag = "JFIF";
        }
        else if (p.StartsWith("JFXX\0"u8))
        {
            tag = "JFXX";
        }
        else if (p.StartsWith("Exif\0"u8))
        {
            tag = "Exif";
        }
        else if (p.StartsWith("http://ns.adobe.com/xap/1.0/\0"u8))
        {
            tag = "XMP";
        }
        else if (p.StartsWith("http://ns.adobe.com/xmp/extension/\0"u8))
        {
            tag = "XMP-extension";
        }
        else if (p.StartsWith("ICC_PROFILE\0"u8))
        {
            tag = "ICC";
        }
        else if (p.StartsWith("MPF\0"u8))
        {
            tag = "MPF";
        }
        else if (p.StartsWith("Photoshop 3.0\0"u8))
        {
            tag = "Photoshop";
        }
        else if (p.StartsWith("Adobe"u8))
        {
            tag = "Adobe";
        }
        else if (p.StartsWith("Ducky"u8))
        {
            tag = "Ducky";
        }
        else if (n == 11 && p.StartsWith("JP"u8))
        {
            tag = "JUMBF";
        }

        return tag is null ? $"APP{n}" : $"APP{n} {tag}";
    }

    private static string Printable(ReadOnlySpan<byte> p)
    {
        var sb = new StringBuilder(Math.Min(p.Length, MaxCommentChars));
        foreach (var b in p)
        {
            if (sb.Length >= MaxCommentChars)
            {
                break;
            }

            if (b is >= 0x20 and < 0x7F)
            {
                sb.Append((char)b);
            }
            else if (b is 0x09 or 0x0A or 0x0D)
            {
                sb.Append(' ');
            }
        }

        return sb.ToString().Trim();
    }
}
