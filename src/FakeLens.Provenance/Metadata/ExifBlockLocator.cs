using System.Buffers.Binary;

namespace FakeLens.Provenance.Metadata;

/// <summary>
/// Finds the EXIF (TIFF) block inside a JPEG (APP1 "Exif\0\0"), PNG (eXIf chunk), WebP (EXIF chunk) or TIFF
/// file, so that offsets MetadataExtractor reports relative to the TIFF header (the IFD1 thumbnail) can be
/// turned into bytes. Every walk is bounded by the file length and a segment count; nothing is trusted.
/// </summary>
internal static class ExifBlockLocator
{
    private const int MaxSegments = 4096;

    private static ReadOnlySpan<byte> PngSignature => [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>Start and length of the TIFF block (from its "II*\0"/"MM\0*" header to the end of its container), or null.</summary>
    public static (int Start, int Length)? Find(ReadOnlySpan<byte> file)
    {
        if (file.Length >= 4 && file[0] == 0xFF && file[1] == 0xD8)
        {
            return FindInJpeg(file);
        }

        if (file.Length >= 8 && file[..8].SequenceEqual(PngSignature))
        {
            return FindInPng(file);
        }

        if (file.Length >= 12 && file[..4].SequenceEqual("RIFF"u8) && file.Slice(8, 4).SequenceEqual("WEBP"u8))
        {
            return FindInWebP(file);
        }

        return IsTiffHeader(file) ? (0, file.Length) : null;
    }

    /// <summary>
    /// The JPEG thumbnail at <paramref name="offset"/>/<paramref name="length"/> (relative to the TIFF header), or
    /// null when it falls outside the EXIF block or does not start with a JPEG SOI marker.
    /// </summary>
    public static ReadOnlyMemory<byte>? Thumbnail(ReadOnlyMemory<byte> file, int offset, int length)
    {
        if (offset <= 0 || length < 4 || Find(file.Span) is not { } block)
        {
            return null;
        }

        if ((long)offset + length > block.Length)
        {
            return null;
        }

        var thumb = file.Slice(block.Start + offset, length);
        var s = thumb.Span;
        return s[0] == 0xFF && s[1] == 0xD8 ? thumb : null;
    }

    private static (int, int)? FindInJpeg(ReadOnlySpan<byte> file)
    {
        var pos = 2;
        for (var n = 0; n < MaxSegments && pos + 4 <= file.Length; n++)
        {
            if (file[pos] != 0xFF)
            {
                return null;
            }

            var marker = file[pos + 1];
            if (marker == 0xFF)
            {
                pos++; // fill byte
                continue;
            }

            if (marker is 0xDA or 0xD9)
            {
                return null; // start of scan or end of image: metadata segments come before
            }

            if (marker is 0x01 or (>= 0xD0 and <= 0xD7))
            {
                pos += 2;
                continue;
            }

            int segLength = BinaryPrimitives.ReadUInt16BigEndian(file.Slice(pos + 2, 2));
            if (segLength < 2)
            {
                return null;
            }

            var dataStart = pos + 4;
            var dataLength = Math.Min(segLength - 2, file.Length - dataStart);
            if (marker == 0xE1 && dataLength >= 14 && file.Slice(dataStart, 6).SequenceEqual("Exif\0\0"u8) && IsTiffHeader(file[(dataStart + 6)..]))
            {
                return (dataStart + 6, dataLength - 6);
            }

            pos += 2 + segLength;
        }

        return null;
    }

    private static (int, int)? FindInPng(ReadOnlySpan<byte> file)
    {
        var pos = 8;
        for (var n = 0; n < 1_000_000 && pos + 8 <= file.Length; n++)
        {
            var length = BinaryPrimitives.ReadUInt32BigEndian(file.Slice(pos, 4));
            var type = file.Slice(pos + 4, 4);
            var dataStart = pos + 8;
            if (length > int.MaxValue || dataStart + (long)length > file.Length)
            {
                return null;
            }

            if (type.SequenceEqual("eXIf"u8) && IsTiffHeader(file.Slice(dataStart, (int)length)))
            {
                return (dataStart, (int)length);
            }

            if (type.SequenceEqual("IEND"u8))
            {
                return null;
            }

            pos = dataStart + (int)length + 4;
        }

        return null;
    }

    private static (int, int)? FindInWebP(ReadOnlySpan<byte> file)
    {
        var pos = 12;
        for (var n = 0; n < MaxSegments && pos + 8 <= file.Length; n++)
        {
            var length = BinaryPrimitives.ReadUInt32LittleEndian(file.Slice(pos + 4, 4));
            var dataStart = pos + 8;
            if (length > int.MaxValue || dataStart + (long)length > file.Length)
            {
                return null;
            }

            if (file.Slice(pos, 4).SequenceEqual("EXIF"u8))
            {
                var data = file.Slice(dataStart, (int)length);
                if (data.Length >= 6 && data[..6].SequenceEqual("Exif\0\0"u8))
                {
                    return IsTiffHeader(data[6..]) ? (dataStart + 6, data.Length - 6) : null;
                }

                return IsTiffHeader(data) ? (dataStart, data.Length) : null;
            }

            pos = dataStart + (int)length + (int)(length & 1);
        }

        return null;
    }

    private static bool IsTiffHeader(ReadOnlySpan<byte> s) =>
        s.Length >= 8 && ((s[0] == (byte)'I' && s[1] == (byte)'I' && s[2] == 42 && s[3] == 0) || (s[0] == (byte)'M' && s[1] == (byte)'M' && s[2] == 0 && s[3] == 42));
}
