using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using FakeLens.Core.Evidence;
using FakeLens.Imaging.Decoding;
using SkiaSharp;

namespace FakeLens.Provenance.Tests.Labels;

/// <summary>
/// Builds the label-bearing files the tests need, byte by byte: PNG text chunks (tEXt, zTXt, iTXt) inserted after
/// IHDR, JPEG APP1 EXIF/XMP/extended-XMP and COM segments, a TIFF block with IFD0 text tags and an EXIF UserComment,
/// WebP EXIF/XMP chunks, an MP4 with an XMP uuid box, and the NovelAI "stealth" payload in an RGBA PNG's alpha LSBs.
/// </summary>
internal static class LabelFiles
{
    public static byte[] PlainPng(int width = 64, int height = 48) => ImageEncoder.Png(FakeLens.TestSupport.Scenes.Natural(width, height, seed: 3));

    public static byte[] PlainJpeg(int width = 64, int height = 48) => ImageEncoder.Jpeg(FakeLens.TestSupport.Scenes.Natural(width, height, seed: 3), 90);

    // ---- PNG ----

    public static byte[] Chunk(string type, ReadOnlySpan<byte> data)
    {
        var chunk = new byte[12 + data.Length];
        BinaryPrimitives.WriteInt32BigEndian(chunk, data.Length);
        Encoding.ASCII.GetBytes(type, chunk.AsSpan(4, 4));
        data.CopyTo(chunk.AsSpan(8));
        BinaryPrimitives.WriteUInt32BigEndian(chunk.AsSpan(8 + data.Length), PngWriter.Crc32(chunk.AsSpan(4, 4 + data.Length)));
        return chunk;
    }

    public static byte[] Text(string key, string value) => Chunk("tEXt", [.. Encoding.Latin1.GetBytes(key), 0, .. Encoding.Latin1.GetBytes(value)]);

    public static byte[] CompressedText(string key, byte[] raw) => Chunk("zTXt", [.. Encoding.Latin1.GetBytes(key), 0, 0, .. Zlib(raw)]);

    public static byte[] International(string key, string value, bool compress) =>
        Chunk("iTXt", [.. Encoding.Latin1.GetBytes(key), 0, (byte)(compress ? 1 : 0), 0, 0, 0, .. compress ? Zlib(Encoding.UTF8.GetBytes(value)) : Encoding.UTF8.GetBytes(value)]);

    /// <summary>Inserts chunks right after IHDR (8-byte signature + 25-byte IHDR chunk).</summary>
    public static byte[] WithChunks(byte[] png, params byte[][] chunks)
    {
        const int AfterIhdr = 8 + 25;
        return [.. png.AsSpan(0, AfterIhdr), .. chunks.SelectMany(c => c), .. png.AsSpan(AfterIhdr)];
    }

    public static byte[] Zlib(byte[] raw)
    {
        using var ms = new MemoryStream();
        using (var z = new ZLibStream(ms, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            z.Write(raw);
        }

        return ms.ToArray();
    }

    public static byte[] Gzip(byte[] raw)
    {
        using var ms = new MemoryStream();
        using (var z = new GZipStream(ms, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            z.Write(raw);
        }

        return ms.ToArray();
    }

    // ---- Stealth (alpha LSB) ----

    /// <summary>
    /// An RGBA PNG made with SkiaSharp whose alpha LSBs carry <paramref name="magic"/>, a 32-bit big-endian bit count
    /// and <paramref name="payload"/>, column by column, as NovelAI's LSBInjector writes them (0xFE | bit on the data,
    /// 0xFF elsewhere).
    /// </summary>
    public static byte[] StealthPng(string magic, byte[] payload, int width = 96, int height = 80, uint? declaredBits = null)
    {
        var scene = FakeLens.TestSupport.Scenes.Natural(width, height, seed: 5);
        var message = new List<byte>(Encoding.UTF8.GetBytes(magic));
        var len = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(len, declaredBits ?? (uint)(payload.Length * 8));
        message.AddRange(len);
        message.AddRange(payload);
        var bits = message.Count * 8;
        if (bits > width * height)
        {
            throw new ArgumentException("payload does not fit the image");
        }

        var info = new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        using var bitmap = new SKBitmap(info);
        var px = bitmap.GetPixelSpan();
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var i = ((y * width) + x) * 4;
                var j = ((y * width) + x) * 3;
                px[i] = scene.Pixels[j];
                px[i + 1] = scene.Pixels[j + 1];
                px[i + 2] = scene.Pixels[j + 2];
                var k = (x * height) + y; // column-major bit index
                px[i + 3] = k < bits ? (byte)(0xFE | ((message[k / 8] >> (7 - (k % 8))) & 1)) : (byte)0xFF;
            }
        }

        using var pixmap = bitmap.PeekPixels();
        using var data = pixmap.Encode(new SKPngEncoderOptions(SKPngEncoderFilterFlags.AllFilters, 6)) ?? throw new InvalidOperationException("PNG encode failed");
        return data.ToArray();
    }

    // ---- TIFF / EXIF ----

    /// <summary>A TIFF block with ASCII IFD0 tags and, when given, an Exif IFD holding UserComment (raw bytes, prefix included).</summary>
    public static byte[] Tiff(bool littleEndian, IReadOnlyList<(ushort Tag, string Value)> ifd0, byte[]? userComment = null)
    {
        var entries0 = ifd0.Select(e => (e.Tag, Type: (ushort)2, Data: (byte[])[.. Encoding.UTF8.GetBytes(e.Value), 0])).ToList();
        if (userComment is not null)
        {
            entries0.Add((0x8769, 4, new byte[4]));
        }

        entries0.Sort((a, b) => a.Tag.CompareTo(b.Tag));
        var ifd0Size = 2 + (12 * entries0.Count) + 4;
        var exifAt = 8 + ifd0Size;
        var exifSize = userComment is null ? 0 : 2 + 12 + 4;
        var dataAt = exifAt + exifSize;
        using var data = new MemoryStream();
        var buf = new byte[dataAt];
        buf[0] = buf[1] = (byte)(littleEndian ? 'I' : 'M');
        U16(buf, 2, 42, littleEndian);
        U32(buf, 4, 8, littleEndian);
        U16(buf, 8, (ushort)entries0.Count, littleEndian);
        var p = 10;
        foreach (var (tag, type, bytes) in entries0)
        {
            U16(buf, p, tag, littleEndian);
            U16(buf, p + 2, type, littleEndian);
            if (tag == 0x8769)
            {
                U32(buf, p + 4, 1, littleEndian);
                U32(buf, p + 8, (uint)exifAt, littleEndian);
            }
            else
            {
                U32(buf, p + 4, (uint)bytes.Length, littleEndian);
                if (bytes.Length <= 4)
                {
                    bytes.CopyTo(buf, p + 8);
                }
                else
                {
                    U32(buf, p + 8, (uint)(dataAt + data.Length), littleEndian);
                    data.Write(bytes);
                }
            }

            p += 12;
        }

        if (userComment is not null)
        {
            U16(buf, exifAt, 1, littleEndian);
            U16(buf, exifAt + 2, 0x9286, littleEndian);
            U16(buf, exifAt + 4, 7, littleEndian);
            U32(buf, exifAt + 6, (uint)userComment.Length, littleEndian);
            U32(buf, exifAt + 10, (uint)(dataAt + data.Length), littleEndian);
            data.Write(userComment);
        }

        return [.. buf, .. data.ToArray()];
    }

    /// <summary>A UserComment as piexif.helper.UserComment.dump(text, encoding="unicode") writes it: "UNICODE\0" + UTF-16 big-endian.</summary>
    public static byte[] UnicodeUserComment(string text, bool bigEndian = true) =>
        [.. "UNICODE\0"u8, .. (bigEndian ? Encoding.BigEndianUnicode : Encoding.Unicode).GetBytes(text)];

    // ---- JPEG ----

    public static byte[] Segment(byte marker, ReadOnlySpan<byte> payload)
    {
        var s = new byte[4 + payload.Length];
        s[0] = 0xFF;
        s[1] = marker;
        BinaryPrimitives.WriteUInt16BigEndian(s.AsSpan(2), (ushort)(payload.Length + 2));
        payload.CopyTo(s.AsSpan(4));
        return s;
    }

    public static byte[] ExifSegment(byte[] tiff) => Segment(0xE1, [.. "Exif\0\0"u8, .. tiff]);

    public static byte[] XmpSegment(string xmp) => Segment(0xE1, [.. "http://ns.adobe.com/xap/1.0/\0"u8, .. Encoding.UTF8.GetBytes(xmp)]);

    /// <summary>Extended XMP parts (Adobe XMP Specification Part 3 §1.1.3.1) of <paramref name="xmp"/>, split into chunks of <paramref name="chunk"/> bytes.</summary>
    public static byte[][] ExtendedXmpSegments(string xmp, string guid, int chunk)
    {
        var all = Encoding.UTF8.GetBytes(xmp);
        var parts = new List<byte[]>();
        for (var off = 0; off < all.Length; off += chunk)
        {
            var n = Math.Min(chunk, all.Length - off);
            var head = new byte[8];
            BinaryPrimitives.WriteUInt32BigEndian(head, (uint)all.Length);
            BinaryPrimitives.WriteUInt32BigEndian(head.AsSpan(4), (uint)off);
            parts.Add(Segment(0xE1, [.. "http://ns.adobe.com/xmp/extension/\0"u8, .. Encoding.ASCII.GetBytes(guid), .. head, .. all.AsSpan(off, n)]));
        }

        return [.. parts];
    }

    public static byte[] CommentSegment(string text) => Segment(0xFE, Encoding.UTF8.GetBytes(text));

    /// <summary>Inserts segments right after SOI.</summary>
    public static byte[] WithSegments(byte[] jpeg, params byte[][] segments) => [.. jpeg.AsSpan(0, 2), .. segments.SelectMany(s => s), .. jpeg.AsSpan(2)];

    // ---- WebP / MP4 ----

    public static byte[] WithWebPChunk(byte[] webp, string type, byte[] data)
    {
        var chunk = new byte[8 + data.Length + (data.Length & 1)];
        Encoding.ASCII.GetBytes(type, chunk.AsSpan(0, 4));
        BinaryPrimitives.WriteUInt32LittleEndian(chunk.AsSpan(4), (uint)data.Length);
        data.CopyTo(chunk, 8);
        byte[] result = [.. webp, .. chunk];
        BinaryPrimitives.WriteUInt32LittleEndian(result.AsSpan(4), (uint)(result.Length - 8));
        return result;
    }

    public static byte[] Mp4WithXmp(string xmp)
    {
        byte[] ftyp = [0, 0, 0, 20, .. "ftypisom"u8, 0, 0, 2, 0, .. "mp41"u8];
        byte[] uuid = [0xBE, 0x7A, 0xCF, 0xCB, 0x97, 0xA9, 0x42, 0xE8, 0x9C, 0x71, 0x99, 0x94, 0x91, 0xE3, 0xAF, 0xAC];
        var body = Encoding.UTF8.GetBytes(xmp);
        var box = new byte[8 + 16 + body.Length];
        BinaryPrimitives.WriteUInt32BigEndian(box, (uint)box.Length);
        "uuid"u8.CopyTo(box.AsSpan(4));
        uuid.CopyTo(box, 8);
        body.CopyTo(box, 24);
        byte[] mdat = [0, 0, 0, 16, .. "mdat"u8, 1, 2, 3, 4, 5, 6, 7, 8];
        return [.. ftyp, .. box, .. mdat];
    }

    public static string Xmp(string descriptionBody) =>
        "<?xpacket begin=\"\uFEFF\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n" +
        "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\"><rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n" +
        "<rdf:Description rdf:about=\"\" xmlns:Iptc4xmpExt=\"http://iptc.org/std/Iptc4xmpExt/2008-02-29/\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\" " + descriptionBody +
        "</rdf:RDF></x:xmpmeta>\n<?xpacket end=\"w\"?>";

    private static void U16(byte[] b, int at, ushort v, bool le)
    {
        if (le)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(b.AsSpan(at), v);
        }
        else
        {
            BinaryPrimitives.WriteUInt16BigEndian(b.AsSpan(at), v);
        }
    }

    private static void U32(byte[] b, int at, uint v, bool le)
    {
        if (le)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(at), v);
        }
        else
        {
            BinaryPrimitives.WriteUInt32BigEndian(b.AsSpan(at), v);
        }
    }
}
