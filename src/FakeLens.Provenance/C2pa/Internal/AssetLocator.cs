using System.Buffers.Binary;
using System.Text;
using System.Text.RegularExpressions;
using FakeLens.Core.Media;

namespace FakeLens.Provenance.C2pa.Internal;

/// <summary>
/// Finds the embedded manifest store in each container the C2PA specification (2.1, appendix A "Embedding
/// manifests into assets") names: JPEG APP11 JUMBF segments, PNG caBX, RIFF C2PA chunk, ID3v2 GEOB
/// application/c2pa, BMFF uuid box, TIFF tag 0xCD41, or a bare .c2pa sidecar. Every loop is bounded by the input
/// length and every offset checked, so truncated or hostile files end with "no manifest" or an asset error.
/// </summary>
internal static partial class AssetLocator
{
    public static readonly byte[] C2paUuid = Convert.FromHexString("D8FEC3D61B0E483C92975828877EC481");
    public const int MaxBmffDepth = 32;

    public static AssetLocation Locate(ReadOnlySpan<byte> file, MediaFormat format)
    {
        if (LooksLikeJumbf(file))
        {
            return new AssetLocation(file.ToArray(), null, null);
        }

        return format switch
        {
            MediaFormat.Jpeg => Jpeg(file),
            MediaFormat.Png => Png(file),
            MediaFormat.Wav or MediaFormat.WebP or MediaFormat.Avi => Riff(file),
            MediaFormat.Mp3 or MediaFormat.Flac => Id3(file),
            MediaFormat.Mp4 or MediaFormat.Mov or MediaFormat.M4a or MediaFormat.Heic or MediaFormat.Avif => Bmff(file),
            MediaFormat.Tiff => Tiff(file),
            _ => new AssetLocation(null, null, null),
        };
    }

    /// <summary>A sidecar .c2pa file is the manifest store itself: a JUMBF superbox labelled c2pa.</summary>
    public static bool LooksLikeJumbf(ReadOnlySpan<byte> file) =>
        file.Length >= 32 && file[4..8].SequenceEqual("jumb"u8) && file[12..16].SequenceEqual("jumd"u8)
        && file[16..20].SequenceEqual("c2pa"u8);

    private static AssetLocation Jpeg(ReadOnlySpan<byte> file)
    {
        if (file.Length < 4 || file[0] != 0xFF || file[1] != 0xD8)
        {
            return new AssetLocation(null, null, "not a JPEG file");
        }

        // Instance number → (sequence number, payload) parts; reassembled in sequence order (ISO 19566-5 B.3).
        var parts = new Dictionary<int, List<(uint Seq, int Offset, int Length)>>();
        var segments = new Dictionary<int, List<(long Start, long Length)>>();
        int? c2paInstance = null;
        string? remote = null;
        var pos = 2;
        while (pos + 4 <= file.Length)
        {
            if (file[pos] != 0xFF)
            {
                break;
            }

            var marker = file[pos + 1];
            if (marker == 0xFF)
            {
                pos++;
                continue;
            }

            if (marker is 0xD9 or 0xDA)
            {
                break;
            }

            if (marker is >= 0xD0 and <= 0xD7 or 0x01)
            {
                pos += 2;
                continue;
            }

            var len = BinaryPrimitives.ReadUInt16BigEndian(file[(pos + 2)..]);
            if (len < 2 || pos + 2 + len > file.Length)
            {
                break;
            }

            var seg = file.Slice(pos + 4, len - 2);
            if (marker == 0xEB && seg.Length >= 16 && seg[0] == (byte)'J' && seg[1] == (byte)'P')
            {
                var instance = BinaryPrimitives.ReadUInt16BigEndian(seg[2..]);
                var seq = BinaryPrimitives.ReadUInt32BigEndian(seg[4..]);
                if (!parts.TryGetValue(instance, out var list))
                {
                    list = [];
                    parts[instance] = list;
                }

                // The first segment carries the box header (LBox, TBox); later ones repeat it (8 bytes), which is skipped.
                var skip = list.Count == 0 ? 8 : 16;
                if (list.Count == 0 && seg.Length >= 28 && seg[12..16].SequenceEqual("jumb"u8) && seg[20..24].SequenceEqual("jumd"u8)
                    && seg[24..28].SequenceEqual("c2pa"u8))
                {
                    c2paInstance ??= instance;
                }

                if (seg.Length > skip)
                {
                    list.Add((seq, pos + 4 + skip, seg.Length - skip));
                }

                if (!segments.TryGetValue(instance, out var whole))
                {
                    whole = [];
                    segments[instance] = whole;
                }

                whole.Add((pos, 2 + len));
            }
            else if (marker == 0xE1 && remote is null)
            {
                remote = RemoteReference(seg);
            }

            pos += 2 + len;
        }

        if (c2paInstance is { } inst)
        {
            var list = parts[inst];
            list.Sort((a, b) => a.Seq.CompareTo(b.Seq));
            var total = list.Sum(p => (long)p.Length);
            var buffer = new byte[total];
            var w = 0;
            foreach (var (_, offset, length) in list)
            {
                file.Slice(offset, length).CopyTo(buffer.AsSpan(w));
                w += length;
            }

            return new AssetLocation(buffer, remote, null, segments[inst]);
        }

        return new AssetLocation(null, remote, null);
    }

    private static AssetLocation Png(ReadOnlySpan<byte> file)
    {
        if (file.Length < 8 || !file[..8].SequenceEqual(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }))
        {
            return new AssetLocation(null, null, "not a PNG file");
        }

        string? remote = null;
        var pos = 8;
        while (pos + 12 <= file.Length)
        {
            var len = BinaryPrimitives.ReadUInt32BigEndian(file[pos..]);
            var type = file.Slice(pos + 4, 4);
            if (len > (uint)(file.Length - pos - 12))
            {
                break;
            }

            var data = file.Slice(pos + 8, (int)len);
            if (type.SequenceEqual("caBX"u8))
            {
                return new AssetLocation(data.ToArray(), remote, null, [(pos, 12 + (long)len)]);
            }

            if (type.SequenceEqual("iTXt"u8))
            {
                remote ??= RemoteReference(data);
            }

            if (type.SequenceEqual("IEND"u8))
            {
                break;
            }

            pos += 12 + (int)len;
        }

        return new AssetLocation(null, remote, null);
    }

    private static AssetLocation Riff(ReadOnlySpan<byte> file)
    {
        if (file.Length < 12 || !file[..4].SequenceEqual("RIFF"u8))
        {
            return new AssetLocation(null, null, "not a RIFF file");
        }

        var declared = (long)BinaryPrimitives.ReadUInt32LittleEndian(file[4..]) + 8;
        if (declared > file.Length || declared < 12)
        {
            return new AssetLocation(null, null, $"invalid RIFF format: header declares {declared} bytes, file has {file.Length}");
        }

        var pos = 12;
        var end = (int)declared;
        while (pos + 8 <= end)
        {
            var len = BinaryPrimitives.ReadUInt32LittleEndian(file[(pos + 4)..]);
            if (len > (uint)(end - pos - 8))
            {
                return new AssetLocation(null, null, $"invalid RIFF format: chunk at {pos} runs past the end");
            }

            if (file.Slice(pos, 4).SequenceEqual("C2PA"u8))
            {
                return new AssetLocation(file.Slice(pos + 8, (int)len).ToArray(), null, null);
            }

            pos += 8 + (int)len + (int)(len & 1);
        }

        return new AssetLocation(null, null, null);
    }

    private static AssetLocation Id3(ReadOnlySpan<byte> file)
    {
        if (file.Length < 10 || !file[..3].SequenceEqual("ID3"u8))
        {
            // FLAC files may carry ID3v2 after nothing else; anything else has no ID3v2 tag at the start.
            return new AssetLocation(null, null, null);
        }

        var version = file[3];
        var size = Syncsafe(file[6..10]);
        var end = (int)Math.Min(file.Length, 10L + size);
        var pos = 10;
        var headerFlags = file[5];
        if ((headerFlags & 0x40) != 0 && pos + 4 <= end)
        {
            var ext = version == 4 ? Syncsafe(file[pos..]) : BinaryPrimitives.ReadUInt32BigEndian(file[pos..]) + 4;
            pos += (int)Math.Min(ext, (uint)(end - pos));
        }

        while (pos + 10 <= end && version is 3 or 4)
        {
            var id = file.Slice(pos, 4);
            if (id[0] == 0)
            {
                break;
            }

            var len = version == 4 ? Syncsafe(file[(pos + 4)..]) : BinaryPrimitives.ReadUInt32BigEndian(file[(pos + 4)..]);
            var flags = BinaryPrimitives.ReadUInt16BigEndian(file[(pos + 8)..]);
            if (len > (uint)(end - pos - 10))
            {
                break;
            }

            var body = file.Slice(pos + 10, (int)len);
            var compressed = version == 3 ? (flags & 0x0080) != 0 : (flags & 0x0008) != 0;
            var encrypted = version == 3 ? (flags & 0x0040) != 0 : (flags & 0x0004) != 0;
            if (id.SequenceEqual("GEOB"u8) && !compressed && !encrypted && Geob(body) is { } jumbf)
            {
                return new AssetLocation(jumbf, null, null);
            }

            pos += 10 + (int)len;
        }

        return new AssetLocation(null, null, null);
    }

    private static byte[]? Geob(ReadOnlySpan<byte> body)
    {
        if (body.Length < 4)
        {
            return null;
        }

        var encoding = body[0];
        var rest = body[1..];
        var mimeEnd = rest.IndexOf((byte)0);
        if (mimeEnd < 0)
        {
            return null;
        }

        var mime = Encoding.Latin1.GetString(rest[..mimeEnd]);
        rest = rest[(mimeEnd + 1)..];
        for (var field = 0; field < 2; field++)
        {
            var terminator = SkipString(rest, encoding);
            if (terminator < 0)
            {
                return null;
            }

            rest = rest[terminator..];
        }

        return mime is "application/c2pa" or "application/x-c2pa-manifest-store" ? rest.ToArray() : null;
    }

    private static int SkipString(ReadOnlySpan<byte> s, byte encoding)
    {
        if (encoding is 1 or 2)
        {
            for (var i = 0; i + 1 < s.Length; i += 2)
            {
                if (s[i] == 0 && s[i + 1] == 0)
                {
                    return i + 2;
                }
            }

            return -1;
        }

        var n = s.IndexOf((byte)0);
        return n < 0 ? -1 : n + 1;
    }

    private static uint Syncsafe(ReadOnlySpan<byte> b) =>
        (uint)(((b[0] & 0x7F) << 21) | ((b[1] & 0x7F) << 14) | ((b[2] & 0x7F) << 7) | (b[3] & 0x7F));

    private static AssetLocation Bmff(ReadOnlySpan<byte> file)
    {
        List<BmffBox> boxes;
        try
        {
            boxes = BmffBox.Parse(file);
        }
        catch (C2paFormatException ex)
        {
            return new AssetLocation(null, null, ex.Message);
        }

        foreach (var box in boxes)
        {
            if (box.IsC2paUuid(file) && box.PayloadLength > 20)
            {
                var p = file.Slice(box.PayloadOffset, box.PayloadLength);

                // version/flags (4), purpose (null-terminated), aux-uuid offset (8), then the JUMBF store.
                var nul = p[4..].IndexOf((byte)0);
                if (nul < 0)
                {
                    continue;
                }

                var purpose = Encoding.ASCII.GetString(p.Slice(4, nul));
                var start = 4 + nul + 1 + 8;
                if (purpose == "manifest" && start < p.Length)
                {
                    return new AssetLocation(p[start..].ToArray(), null, null);
                }
            }
        }

        return new AssetLocation(null, null, null);
    }

    private static AssetLocation Tiff(ReadOnlySpan<byte> file)
    {
        if (file.Length < 8)
        {
            return new AssetLocation(null, null, "TIFF header truncated");
        }

        var little = file[0] == (byte)'I';
        uint U32(ReadOnlySpan<byte> b) => little ? BinaryPrimitives.ReadUInt32LittleEndian(b) : BinaryPrimitives.ReadUInt32BigEndian(b);
        ushort U16(ReadOnlySpan<byte> b) => little ? BinaryPrimitives.ReadUInt16LittleEndian(b) : BinaryPrimitives.ReadUInt16BigEndian(b);
        var ifd = U32(file[4..]);
        if (ifd + 2 > (uint)file.Length)
        {
            return new AssetLocation(null, null, "TIFF IFD offset outside the file");
        }

        var count = U16(file[(int)ifd..]);
        for (var i = 0; i < count; i++)
        {
            var e = (int)ifd + 2 + (i * 12);
            if (e + 12 > file.Length)
            {
                break;
            }

            if (U16(file[e..]) == 0xCD41)
            {
                var n = U32(file[(e + 4)..]);
                var off = n <= 4 ? (uint)(e + 8) : U32(file[(e + 8)..]);
                if (off + (ulong)n <= (ulong)file.Length)
                {
                    return new AssetLocation(file.Slice((int)off, (int)n).ToArray(), null, null);
                }
            }
        }

        return new AssetLocation(null, null, null);
    }

    /// <summary>dcterms:provenance in XMP names a remote manifest (C2PA 2.1 §11.3); reported, never fetched.</summary>
    private static string? RemoteReference(ReadOnlySpan<byte> xmp)
    {
        var idx = xmp.IndexOf("dcterms:provenance"u8);
        if (idx < 0)
        {
            return null;
        }

        var text = Encoding.UTF8.GetString(xmp.Slice(idx, Math.Min(600, xmp.Length - idx)));
        var m = ProvenanceRegex().Match(text);
        return m.Success && m.Groups[1].Value.StartsWith("http", StringComparison.OrdinalIgnoreCase) ? m.Groups[1].Value : null;
    }

    [GeneratedRegex("dcterms:provenance\\s*(?:=\\s*\"|>)\\s*([^\"<\\s]+)")]
    private static partial Regex ProvenanceRegex();
}
