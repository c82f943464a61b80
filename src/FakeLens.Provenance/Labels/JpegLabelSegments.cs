using System.Buffers.Binary;

namespace FakeLens.Provenance.Labels;

/// <summary>
/// Reads the JPEG segments that carry labels, before the first scan: APP1 EXIF, APP1 XMP and extended XMP (Adobe
/// XMP Specification Part 3, 2016, §1.1.3: the main packet after "http://ns.adobe.com/xap/1.0/\0", the rest split
/// over APP1 segments headed "http://ns.adobe.com/xmp/extension/\0" + 32-character GUID + full length + offset,
/// reassembled here per GUID), and COM comments (where Fooocus's JPEG writer and some web tools put JSON).
/// </summary>
internal static class JpegLabelSegments
{
    private const int MaxSegments = 10_000;
    private const int MaxExtendedXmp = 16 * 1024 * 1024;

    private static ReadOnlySpan<byte> XmpHeader => "http://ns.adobe.com/xap/1.0/\0"u8;

    private static ReadOnlySpan<byte> ExtendedXmpHeader => "http://ns.adobe.com/xmp/extension/\0"u8;

    public static bool IsJpeg(ReadOnlySpan<byte> file) => file.Length >= 4 && file[0] == 0xFF && file[1] == 0xD8;

    public static void Read(ReadOnlySpan<byte> file, List<LabelText> texts, List<string> notes, CancellationToken cancellationToken)
    {
        var extended = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        var pos = 2;
        for (var n = 0; n < MaxSegments && pos + 4 <= file.Length; n++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (file[pos] != 0xFF)
            {
                notes.Add($"JPEG marker expected at byte {pos}; segment reading stopped.");
                break;
            }

            var marker = file[pos + 1];
            if (marker == 0xFF)
            {
                pos++;
                continue;
            }

            if (marker is 0xDA or 0xD9)
            {
                break;
            }

            if (marker is 0x01 or (>= 0xD0 and <= 0xD7))
            {
                pos += 2;
                continue;
            }

            int length = BinaryPrimitives.ReadUInt16BigEndian(file.Slice(pos + 2, 2));
            if (length < 2)
            {
                break;
            }

            var dataStart = pos + 4;
            var available = Math.Min(length - 2, file.Length - dataStart);
            if (available < length - 2)
            {
                notes.Add($"JPEG segment 0x{marker:X2} at byte {pos} is cut short by the end of the file.");
            }

            var data = file.Slice(dataStart, available);
            if (marker == 0xE1)
            {
                App1(data, texts, notes, extended);
            }
            else if (marker == 0xFE && data.Length > 0)
            {
                var text = TextDecoding.TrimNul(TextDecoding.Latin1OrUtf8(data)).Trim();
                if (text.Length > 0)
                {
                    texts.Add(new LabelText("JPEG comment (COM)", "Comment", text));
                }
            }

            pos = dataStart + length - 2;
        }

        foreach (var packet in extended.Values)
        {
            texts.Add(new LabelText("JPEG extended XMP", LabelReader.XmpKey, TextDecoding.TrimNul(TextDecoding.Utf8(packet))));
        }
    }

    private static void App1(ReadOnlySpan<byte> data, List<LabelText> texts, List<string> notes, Dictionary<string, byte[]> extended)
    {
        if (data.Length >= 6 && data[..6].SequenceEqual("Exif\0\0"u8))
        {
            ExifTextReader.Read(data[6..], "JPEG EXIF (APP1)", texts, notes);
        }
        else if (data.StartsWith(XmpHeader))
        {
            texts.Add(new LabelText("JPEG XMP (APP1)", LabelReader.XmpKey, TextDecoding.TrimNul(TextDecoding.Utf8(data[XmpHeader.Length..]))));
        }
        else if (data.StartsWith(ExtendedXmpHeader) && data.Length >= ExtendedXmpHeader.Length + 40)
        {
            var rest = data[ExtendedXmpHeader.Length..];
            var guid = System.Text.Encoding.ASCII.GetString(rest[..32]);
            var full = BinaryPrimitives.ReadUInt32BigEndian(rest.Slice(32, 4));
            var offset = BinaryPrimitives.ReadUInt32BigEndian(rest.Slice(36, 4));
            var chunk = rest[40..];
            if (full > MaxExtendedXmp)
            {
                notes.Add($"Extended XMP declares {full} bytes (over {MaxExtendedXmp / (1024 * 1024)} MB); skipped.");
                return;
            }

            if (!extended.TryGetValue(guid, out var buffer))
            {
                if (extended.Count >= 4)
                {
                    return;
                }

                buffer = new byte[full];
                extended[guid] = buffer;
            }

            if (buffer.Length == full && offset + (long)chunk.Length <= full)
            {
                chunk.CopyTo(buffer.AsSpan((int)offset));
            }
            else
            {
                notes.Add("An extended XMP part does not fit the length its first part declared; it was skipped.");
            }
        }
    }
}
