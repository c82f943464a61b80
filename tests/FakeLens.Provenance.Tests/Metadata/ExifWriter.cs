using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace FakeLens.Provenance.Tests.Metadata;

/// <summary>
/// Writes the EXIF and XMP that tests need, byte by byte: a little-endian TIFF block with IFD0 (Make, Model,
/// Software, DateTime), the Exif sub-IFD (DateTimeOriginal, exposure), the GPS IFD and IFD1 with a JPEG
/// thumbnail; an XMP packet with CreatorTool, ModifyDate and xmpMM:History; and the splicing of both into a
/// JPEG as APP1 segments. Options break the block on purpose (bad offsets, truncation) for robustness tests.
/// </summary>
internal static class ExifWriter
{
    private const ushort AsciiType = 2;
    private const ushort Short = 3;
    private const ushort Long = 4;
    private const ushort Rational = 5;
    private const ushort ByteType = 1;

    /// <summary>The TIFF block (from "II*\0"), as it sits after "Exif\0\0" in an APP1 segment.</summary>
    public static byte[] Tiff(ExifSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var ifd0 = new Ifd();
        ifd0.Ascii(0x010F, spec.Make);
        ifd0.Ascii(0x0110, spec.Model);
        ifd0.Ascii(0x0131, spec.Software);
        ifd0.Ascii(0x0132, spec.DateTime);
        var exif = new Ifd();
        exif.Ascii(0x9003, spec.DateTimeOriginal);
        if (spec.WithExposure)
        {
            exif.Add(0x829A, Rational, 1, Rationals((1, 125)));
            exif.Add(0x829D, Rational, 1, Rationals((56, 10)));
            exif.Add(0x8827, Short, 1, Shorts(200));
        }

        var gps = new Ifd();
        if (spec.Gps is { } g)
        {
            gps.Add(0x0000, ByteType, 4, [2, 3, 0, 0]);
            gps.Ascii(0x0001, g.Latitude >= 0 ? "N" : "S");
            gps.Add(0x0002, Rational, 3, Dms(Math.Abs(g.Latitude)));
            gps.Ascii(0x0003, g.Longitude >= 0 ? "E" : "W");
            gps.Add(0x0004, Rational, 3, Dms(Math.Abs(g.Longitude)));
        }

        var ifd1 = new Ifd();
        if (spec.Thumbnail is not null)
        {
            ifd1.Add(0x0103, Short, 1, Shorts(6));
            ifd1.Add(0x0201, Long, 1, new byte[4]);
            ifd1.Add(0x0202, Long, 1, Longs((uint)spec.Thumbnail.Length));
        }

        if (!exif.IsEmpty)
        {
            ifd0.Add(0x8769, Long, 1, new byte[4]);
        }

        if (!gps.IsEmpty)
        {
            ifd0.Add(0x8825, Long, 1, new byte[4]);
        }

        // Layout: header, IFD0, Exif IFD, GPS IFD, IFD1, thumbnail. Sizes do not depend on the pointer values.
        var at0 = 8;
        var atExif = at0 + ifd0.Size;
        var atGps = atExif + exif.Size;
        var atIfd1 = atGps + gps.Size;
        var atThumb = atIfd1 + ifd1.Size;
        if (!exif.IsEmpty)
        {
            ifd0.Set(0x8769, Longs((uint)atExif));
        }

        if (!gps.IsEmpty)
        {
            ifd0.Set(0x8825, Longs((uint)atGps));
        }

        if (spec.Thumbnail is not null)
        {
            ifd1.Set(0x0201, Longs((uint)(spec.ThumbnailOffsetOverride ?? atThumb)));
        }

        var buffer = new byte[atThumb + (spec.Thumbnail?.Length ?? 0)];
        "II*\0"u8.CopyTo(buffer);
        BinaryPrimitives.WriteUInt32LittleEndian(buffer.AsSpan(4), spec.Ifd0OffsetOverride ?? (uint)at0);
        ifd0.WriteAt(buffer, at0, ifd1.IsEmpty ? 0 : (uint)atIfd1);
        exif.WriteAt(buffer, atExif, 0);
        gps.WriteAt(buffer, atGps, 0);
        ifd1.WriteAt(buffer, atIfd1, 0);
        spec.Thumbnail?.CopyTo(buffer, atThumb);
        return buffer;
    }

    /// <summary>An APP1 segment "Exif\0\0" + TIFF; <paramref name="declaredExtra"/> makes the length field lie.</summary>
    public static byte[] ExifApp1(byte[] tiff, int declaredExtra = 0)
    {
        ArgumentNullException.ThrowIfNull(tiff);
        return Segment(0xE1, [.. "Exif\0\0"u8, .. tiff], declaredExtra);
    }

    /// <summary>An APP1 segment holding an XMP packet.</summary>
    public static byte[] XmpApp1(string packet)
    {
        ArgumentNullException.ThrowIfNull(packet);
        return Segment(0xE1, [.. "http://ns.adobe.com/xap/1.0/\0"u8, .. Encoding.UTF8.GetBytes(packet)], 0);
    }

    /// <summary>An XMP packet with xmp:CreatorTool, xmp:ModifyDate and xmpMM:History (action, softwareAgent, when).</summary>
    public static string XmpPacket(string? creatorTool, string? modifyDate, params (string Action, string Agent, string When)[] history)
    {
        var sb = new StringBuilder();
        sb.Append("<?xpacket begin=\"\uFEFF\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n");
        sb.Append("<x:xmpmeta xmlns:x=\"adobe:ns:meta/\"><rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n");
        sb.Append("<rdf:Description rdf:about=\"\" xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\" xmlns:xmpMM=\"http://ns.adobe.com/xap/1.0/mm/\" ");
        sb.Append("xmlns:stEvt=\"http://ns.adobe.com/xap/1.0/sType/ResourceEvent#\"");
        if (creatorTool is not null)
        {
            sb.Append(CultureInfo.InvariantCulture, $" xmp:CreatorTool=\"{creatorTool}\"");
        }

        if (modifyDate is not null)
        {
            sb.Append(CultureInfo.InvariantCulture, $" xmp:ModifyDate=\"{modifyDate}\"");
        }

        sb.Append(">\n");
        if (history.Length > 0)
        {
            sb.Append("<xmpMM:History><rdf:Seq>\n");
            foreach (var (action, agent, when) in history)
            {
                sb.Append(CultureInfo.InvariantCulture, $"<rdf:li stEvt:action=\"{action}\" stEvt:softwareAgent=\"{agent}\" stEvt:when=\"{when}\"/>\n");
            }

            sb.Append("</rdf:Seq></xmpMM:History>\n");
        }

        sb.Append("</rdf:Description></rdf:RDF></x:xmpmeta>\n<?xpacket end=\"w\"?>");
        return sb.ToString();
    }

    /// <summary>Inserts segments right after the SOI marker of <paramref name="jpeg"/>.</summary>
    public static byte[] Splice(byte[] jpeg, params byte[][] segments)
    {
        ArgumentNullException.ThrowIfNull(jpeg);
        ArgumentNullException.ThrowIfNull(segments);
        if (jpeg.Length < 2 || jpeg[0] != 0xFF || jpeg[1] != 0xD8)
        {
            throw new ArgumentException("not a JPEG", nameof(jpeg));
        }

        using var ms = new MemoryStream();
        ms.Write(jpeg, 0, 2);
        foreach (var s in segments)
        {
            ms.Write(s);
        }

        ms.Write(jpeg, 2, jpeg.Length - 2);
        return ms.ToArray();
    }

    private static byte[] Segment(byte marker, byte[] payload, int declaredExtra)
    {
        var length = payload.Length + 2 + declaredExtra;
        if (length > 0xFFFF)
        {
            throw new ArgumentException("segment longer than 64 KB", nameof(payload));
        }

        var s = new byte[payload.Length + 4];
        s[0] = 0xFF;
        s[1] = marker;
        BinaryPrimitives.WriteUInt16BigEndian(s.AsSpan(2), (ushort)length);
        payload.CopyTo(s, 4);
        return s;
    }

    private static byte[] Shorts(ushort v)
    {
        var b = new byte[2];
        BinaryPrimitives.WriteUInt16LittleEndian(b, v);
        return b;
    }

    private static byte[] Longs(uint v)
    {
        var b = new byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(b, v);
        return b;
    }

    private static byte[] Rationals(params (uint Num, uint Den)[] values)
    {
        var b = new byte[values.Length * 8];
        for (var i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(i * 8), values[i].Num);
            BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan((i * 8) + 4), values[i].Den);
        }

        return b;
    }

    private static byte[] Dms(double degrees)
    {
        var d = Math.Floor(degrees);
        var m = Math.Floor((degrees - d) * 60);
        var s = (((degrees - d) * 60) - m) * 60;
        return Rationals(((uint)d, 1), ((uint)m, 1), ((uint)Math.Round(s * 1000), 1000));
    }

    private sealed class Ifd
    {
        private readonly List<(ushort Tag, ushort Type, uint Count, byte[] Data)> _entries = [];

        public bool IsEmpty => _entries.Count == 0;

        public int Size => 2 + (12 * _entries.Count) + 4 + _entries.Sum(e => e.Data.Length > 4 ? (e.Data.Length + 1) & ~1 : 0);

        public void Ascii(ushort tag, string? value)
        {
            if (value is not null)
            {
                var bytes = Encoding.ASCII.GetBytes(value + "\0");
                Add(tag, AsciiType, (uint)bytes.Length, bytes);
            }
        }

        public void Add(ushort tag, ushort type, uint count, byte[] data) => _entries.Add((tag, type, count, data));

        public void Set(ushort tag, byte[] data)
        {
            var i = _entries.FindIndex(e => e.Tag == tag);
            _entries[i] = _entries[i] with { Data = data };
        }

        public void WriteAt(byte[] buffer, int offset, uint next)
        {
            if (IsEmpty)
            {
                return;
            }

            var sorted = _entries.OrderBy(e => e.Tag).ToList();
            BinaryPrimitives.WriteUInt16LittleEndian(buffer.AsSpan(offset), (ushort)sorted.Count);
            var data = offset + 2 + (12 * sorted.Count) + 4;
            for (var i = 0; i < sorted.Count; i++)
            {
                var (tag, type, count, bytes) = sorted[i];
                var e = buffer.AsSpan(offset + 2 + (12 * i));
                BinaryPrimitives.WriteUInt16LittleEndian(e, tag);
                BinaryPrimitives.WriteUInt16LittleEndian(e[2..], type);
                BinaryPrimitives.WriteUInt32LittleEndian(e[4..], count);
                if (bytes.Length <= 4)
                {
                    bytes.CopyTo(e[8..]);
                }
                else
                {
                    BinaryPrimitives.WriteUInt32LittleEndian(e[8..], (uint)data);
                    bytes.CopyTo(buffer, data);
                    data += (bytes.Length + 1) & ~1;
                }
            }

            BinaryPrimitives.WriteUInt32LittleEndian(buffer.AsSpan(offset + 2 + (12 * sorted.Count)), next);
        }
    }
}
