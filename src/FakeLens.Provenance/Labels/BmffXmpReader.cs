using System.Buffers.Binary;

namespace FakeLens.Provenance.Labels;

/// <summary>
/// Finds XMP in ISO base-media files (MP4, MOV, M4A): the top-level <c>uuid</c> box with the XMP user type
/// BE7ACFCB-97A9-42E8-9C71-999491E3AFAC (Adobe XMP Specification Part 3, §1.2.7) and QuickTime's
/// <c>moov/udta/XMP_</c> box. Walks at most two levels and a bounded number of boxes.
/// </summary>
internal static class BmffXmpReader
{
    private const int MaxBoxes = 10_000;

    private static ReadOnlySpan<byte> XmpUuid => [0xBE, 0x7A, 0xCF, 0xCB, 0x97, 0xA9, 0x42, 0xE8, 0x9C, 0x71, 0x99, 0x94, 0x91, 0xE3, 0xAF, 0xAC];

    public static bool IsBmff(ReadOnlySpan<byte> file) => file.Length >= 12 && file.Slice(4, 4).SequenceEqual("ftyp"u8);

    public static void Read(ReadOnlySpan<byte> file, List<LabelText> texts, List<string> notes, CancellationToken cancellationToken)
    {
        var budget = MaxBoxes;
        Walk(file, 0, texts, notes, ref budget, cancellationToken);
    }

    private static void Walk(ReadOnlySpan<byte> data, int depth, List<LabelText> texts, List<string> notes, ref int budget, CancellationToken cancellationToken)
    {
        var pos = 0;
        while (pos + 8 <= data.Length && budget-- > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            long size = BinaryPrimitives.ReadUInt32BigEndian(data.Slice(pos, 4));
            var type = data.Slice(pos + 4, 4);
            var header = 8;
            if (size == 1)
            {
                if (pos + 16 > data.Length)
                {
                    break;
                }

                size = (long)BinaryPrimitives.ReadUInt64BigEndian(data.Slice(pos + 8, 8));
                header = 16;
            }
            else if (size == 0)
            {
                size = data.Length - pos;
            }

            if (size < header || size > data.Length - pos)
            {
                notes.Add("An MP4 box runs past the end of its container; reading stopped there.");
                break;
            }

            var body = data.Slice(pos + header, (int)size - header);
            if (type.SequenceEqual("uuid"u8) && body.Length >= 16 && body[..16].SequenceEqual(XmpUuid))
            {
                texts.Add(new LabelText("MP4 XMP box", LabelReader.XmpKey, TextDecoding.TrimNul(TextDecoding.Utf8(body[16..]))));
            }
            else if (type.SequenceEqual("XMP_"u8))
            {
                texts.Add(new LabelText("MP4 udta XMP_ box", LabelReader.XmpKey, TextDecoding.TrimNul(TextDecoding.Utf8(body))));
            }
            else if (depth < 2 && (type.SequenceEqual("moov"u8) || type.SequenceEqual("udta"u8)))
            {
                Walk(body, depth + 1, texts, notes, ref budget, cancellationToken);
            }

            pos += (int)size;
        }
    }
}
