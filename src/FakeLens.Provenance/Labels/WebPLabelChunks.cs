using System.Buffers.Binary;

namespace FakeLens.Provenance.Labels;

/// <summary>
/// Reads the WebP (RIFF) "EXIF" and "XMP " chunks (Google, WebP Container Specification, extended format). ComfyUI's
/// WebP savers put the prompt graph into EXIF Model as "prompt:{…}" and the workflow into Make as "workflow:{…}"
/// (comfy_extras/nodes_images.py SaveAnimatedWEBP); AUTOMATIC1111 and Fooocus put their parameters into UserComment.
/// </summary>
internal static class WebPLabelChunks
{
    private const int MaxChunks = 100_000;

    public static bool IsWebP(ReadOnlySpan<byte> file) => file.Length >= 12 && file[..4].SequenceEqual("RIFF"u8) && file.Slice(8, 4).SequenceEqual("WEBP"u8);

    /// <summary>Reads the chunks; returns true when the image declares an alpha channel (VP8X flag or VP8L alpha hint).</summary>
    public static bool Read(ReadOnlySpan<byte> file, List<LabelText> texts, List<string> notes, CancellationToken cancellationToken)
    {
        var alpha = false;
        var pos = 12;
        for (var n = 0; n < MaxChunks && pos + 8 <= file.Length; n++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var type = file.Slice(pos, 4);
            var length = BinaryPrimitives.ReadUInt32LittleEndian(file.Slice(pos + 4, 4));
            var dataStart = pos + 8;
            if (length > int.MaxValue || dataStart + (long)length > file.Length)
            {
                notes.Add("A WebP chunk runs past the end of the file; reading stopped there.");
                break;
            }

            var data = file.Slice(dataStart, (int)length);
            if (type.SequenceEqual("VP8X"u8) && data.Length >= 1)
            {
                alpha |= (data[0] & 0x10) != 0;
            }
            else if (type.SequenceEqual("ALPH"u8))
            {
                alpha = true;
            }
            else if (type.SequenceEqual("VP8L"u8) && data.Length >= 5)
            {
                alpha |= (data[4] & 0x10) != 0;
            }
            else if (type.SequenceEqual("EXIF"u8))
            {
                ExifTextReader.Read(data.Length >= 6 && data[..6].SequenceEqual("Exif\0\0"u8) ? data[6..] : data, "WebP EXIF chunk", texts, notes);
            }
            else if (type.SequenceEqual("XMP "u8))
            {
                texts.Add(new LabelText("WebP XMP chunk", LabelReader.XmpKey, TextDecoding.TrimNul(TextDecoding.Utf8(data))));
            }

            pos = dataStart + (int)length + (int)(length & 1);
        }

        return alpha;
    }
}
