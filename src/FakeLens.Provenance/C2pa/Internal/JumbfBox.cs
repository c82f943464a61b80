using System.Buffers.Binary;
using System.Text;

namespace FakeLens.Provenance.C2pa.Internal;

/// <summary>
/// One ISO 19566-5 (JUMBF) box inside a manifest store buffer: its type, where it sits, and for a superbox
/// (<c>jumb</c>) the description box's type UUID and label plus the child boxes. Offsets index the store buffer.
/// </summary>
internal sealed class JumbfBox
{
    public const int MaxDepth = 24;
    public const int MaxBoxes = 100_000;

    private JumbfBox(string type, int offset, int length, int headerLength)
    {
        Type = type;
        Offset = offset;
        Length = length;
        HeaderLength = headerLength;
    }

    public string Type { get; }

    public int Offset { get; }

    public int Length { get; }

    public int HeaderLength { get; }

    public int PayloadOffset => Offset + HeaderLength;

    public int PayloadLength => Length - HeaderLength;

    /// <summary>Description box type UUID as the 4-character code of its first bytes ("c2pa", "c2ma", "c2cl" …).</summary>
    public string? DescriptionType { get; private set; }

    public string? Label { get; private set; }

    public List<JumbfBox> Children { get; } = [];

    public bool IsSuperbox => Type == "jumb";

    /// <summary>The first content box (the child after the description box).</summary>
    public JumbfBox? Content => Children.Count > 1 ? Children[1] : null;

    public JumbfBox? Child(string label) => Children.FirstOrDefault(c => c.IsSuperbox && c.Label == label);

    /// <summary>Parses the single top-level superbox of a manifest store.</summary>
    public static JumbfBox ParseStore(ReadOnlySpan<byte> data)
    {
        var count = 0;
        var boxes = ParseBoxes(data, 0, data.Length, 0, ref count);
        if (boxes.Count == 0 || !boxes[0].IsSuperbox)
        {
            throw new C2paFormatException("no JUMBF superbox at the start of the manifest store");
        }

        return boxes[0];
    }

    private static List<JumbfBox> ParseBoxes(ReadOnlySpan<byte> data, int start, int end, int depth, ref int count)
    {
        if (depth > MaxDepth)
        {
            throw new C2paFormatException($"JUMBF boxes nested deeper than {MaxDepth} levels");
        }

        var result = new List<JumbfBox>();
        var pos = start;
        while (pos + 8 <= end)
        {
            if (++count > MaxBoxes)
            {
                throw new C2paFormatException("too many JUMBF boxes");
            }

            long size = BinaryPrimitives.ReadUInt32BigEndian(data[pos..]);
            var type = Encoding.Latin1.GetString(data.Slice(pos + 4, 4));
            var header = 8;
            if (size == 1)
            {
                if (pos + 16 > end)
                {
                    throw new C2paFormatException("JUMBF box header truncated");
                }

                size = (long)Math.Min(BinaryPrimitives.ReadUInt64BigEndian(data[(pos + 8)..]), long.MaxValue);
                header = 16;
            }
            else if (size == 0)
            {
                size = end - pos;
            }

            if (size < header || size > end - pos)
            {
                throw new C2paFormatException($"JUMBF box '{type}' at {pos} claims {size} bytes but only {end - pos} remain");
            }

            var box = new JumbfBox(type, pos, (int)size, header);
            if (box.IsSuperbox)
            {
                box.Children.AddRange(ParseBoxes(data, box.PayloadOffset, pos + (int)size, depth + 1, ref count));
                if (box.Children.Count == 0 || box.Children[0].Type != "jumd")
                {
                    throw new C2paFormatException("JUMBF superbox without a description box");
                }

                box.ReadDescription(data);
            }

            result.Add(box);
            pos += (int)size;
        }

        return result;
    }

    private void ReadDescription(ReadOnlySpan<byte> data)
    {
        var d = Children[0];
        var p = data.Slice(d.PayloadOffset, d.PayloadLength);
        if (p.Length < 17)
        {
            throw new C2paFormatException("JUMBF description box too short");
        }

        DescriptionType = Encoding.Latin1.GetString(p[..4]);
        var toggles = p[16];
        if ((toggles & 0x02) != 0)
        {
            var rest = p[17..];
            var nul = rest.IndexOf((byte)0);
            Label = Encoding.UTF8.GetString(nul < 0 ? rest : rest[..nul]);
        }
    }
}
