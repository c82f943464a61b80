using System.Buffers.Binary;

namespace FakeLens.Provenance.Labels;

/// <summary>
/// Reads the EXIF text fields generators use from a TIFF block (the bytes after "Exif\0\0"): IFD0 ImageDescription,
/// Make, Model, Software, Artist and XPComment, and UserComment (in the Exif sub-IFD, or in IFD0 where PIL-based
/// writers such as Fooocus put it). Only IFD0 and the Exif IFD are
/// visited (no chains), each with at most <see cref="MaxEntries"/> entries; every offset is checked against the block.
/// </summary>
internal static class ExifTextReader
{
    private const int MaxEntries = 1024;

    private static readonly (ushort Tag, string Name)[] Ifd0Tags =
    [
        (0x010E, "ImageDescription"),
        (0x010F, "Make"),
        (0x0110, "Model"),
        (0x0131, "Software"),
        (0x013B, "Artist"),
        (0x9C9C, "XPComment"),
    ];

    public static void Read(ReadOnlySpan<byte> block, string place, List<LabelText> texts, List<string> notes)
    {
        var tiff = block.ToArray();
        if (tiff.Length < 8)
        {
            return;
        }

        bool little;
        if (tiff[0] == (byte)'I' && tiff[1] == (byte)'I')
        {
            little = true;
        }
        else if (tiff[0] == (byte)'M' && tiff[1] == (byte)'M')
        {
            little = false;
        }
        else
        {
            return;
        }

        var ifd0 = U32(tiff, 4, little);
        uint exifIfd = 0;
        foreach (var (tag, type, count, valueAt) in Entries(tiff, ifd0, little, notes))
        {
            if (tag == 0x8769)
            {
                exifIfd = U32(tiff, valueAt, little);
                continue;
            }

            // TIFF files keep their XMP packet in IFD0 tag 700 (XMLPacket; XMP Specification Part 3 §1.1.5).
            if (tag == 0x02BC && Value(tiff, type, count, valueAt, little) is { } packet)
            {
                texts.Add(new LabelText(place + " XMP (tag 700)", LabelReader.XmpKey, TextDecoding.TrimNul(TextDecoding.Utf8(packet))));
                continue;
            }

            // Fooocus (modules/meta_parser.py get_exif) puts UserComment into IFD0 through PIL's Image.Exif.
            if (tag == 0x9286 && Value(tiff, type, count, valueAt, little) is { } comment && UserComment(comment) is { Length: > 0 } ifd0Comment)
            {
                texts.Add(new LabelText(place, "UserComment", ifd0Comment));
                continue;
            }

            foreach (var (want, name) in Ifd0Tags)
            {
                if (tag == want && Value(tiff, type, count, valueAt, little) is { } bytes)
                {
                    var text = tag == 0x9C9C ? System.Text.Encoding.Unicode.GetString(bytes[..(bytes.Length & ~1)]) : TextDecoding.Latin1OrUtf8(bytes);
                    text = TextDecoding.TrimNul(text);
                    if (text.Length > 0)
                    {
                        texts.Add(new LabelText(place, name, text));
                    }
                }
            }
        }

        if (exifIfd == 0)
        {
            return;
        }

        foreach (var (tag, type, count, valueAt) in Entries(tiff, exifIfd, little, notes))
        {
            if (tag == 0x9286 && Value(tiff, type, count, valueAt, little) is { } bytes && UserComment(bytes) is { Length: > 0 } text)
            {
                texts.Add(new LabelText(place, "UserComment", text));
            }
        }
    }

    /// <summary>
    /// Decodes an EXIF UserComment (8-byte character-code prefix, EXIF 2.32 §4.6.5 table 9): "UNICODE\0" (UTF-16,
    /// byte order guessed, see <see cref="TextDecoding.Utf16"/>), "ASCII\0\0\0", or no/undefined prefix (read as UTF-8,
    /// which is what Fooocus and some ComfyUI savers write).
    /// </summary>
    public static string? UserComment(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length >= 8 && bytes[..8].SequenceEqual("UNICODE\0"u8))
        {
            return TextDecoding.TrimNul(TextDecoding.Utf16(bytes[8..]));
        }

        if (bytes.Length >= 8 && bytes[..8].SequenceEqual("ASCII\0\0\0"u8))
        {
            return TextDecoding.TrimNul(TextDecoding.Latin1OrUtf8(bytes[8..]));
        }

        if (bytes.Length >= 8 && bytes[..8].SequenceEqual("\0\0\0\0\0\0\0\0"u8))
        {
            bytes = bytes[8..];
        }

        var text = TextDecoding.TrimNul(TextDecoding.Latin1OrUtf8(bytes)).Trim();
        return text.Length == 0 ? null : text;
    }

    private static IEnumerable<(ushort Tag, ushort Type, uint Count, int ValueAt)> Entries(byte[] tiff, uint offset, bool little, List<string> notes)
    {
        if (offset < 8 || offset > tiff.Length - 2)
        {
            yield break;
        }

        var n = U16(tiff, (int)offset, little);
        if (n > MaxEntries)
        {
            notes.Add($"EXIF directory declares {n} entries; only the first {MaxEntries} were read.");
            n = MaxEntries;
        }

        for (var i = 0; i < n; i++)
        {
            var at = (int)offset + 2 + (12 * i);
            if (at + 12 > tiff.Length)
            {
                notes.Add("EXIF directory is cut short.");
                yield break;
            }

            yield return (U16(tiff, at, little), U16(tiff, at + 2, little), U32(tiff, at + 4, little), at + 8);
        }
    }

    /// <summary>The bytes of a BYTE/ASCII/UNDEFINED value (inline when ≤ 4 bytes), or null when it lies outside the block.</summary>
    private static byte[]? Value(ReadOnlySpan<byte> tiff, ushort type, uint count, int valueAt, bool little)
    {
        if (type is not (1 or 2 or 7) || count == 0 || count > tiff.Length)
        {
            return null;
        }

        if (count <= 4)
        {
            return tiff.Slice(valueAt, (int)count).ToArray();
        }

        var offset = U32(tiff, valueAt, little);
        return offset + (long)count > tiff.Length ? null : tiff.Slice((int)offset, (int)count).ToArray();
    }

    private static ushort U16(ReadOnlySpan<byte> s, int at, bool little) =>
        little ? BinaryPrimitives.ReadUInt16LittleEndian(s.Slice(at, 2)) : BinaryPrimitives.ReadUInt16BigEndian(s.Slice(at, 2));

    private static uint U32(ReadOnlySpan<byte> s, int at, bool little) =>
        little ? BinaryPrimitives.ReadUInt32LittleEndian(s.Slice(at, 4)) : BinaryPrimitives.ReadUInt32BigEndian(s.Slice(at, 4));
}
