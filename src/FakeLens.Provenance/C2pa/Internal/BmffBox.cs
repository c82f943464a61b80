using System.Buffers.Binary;
using System.Text;

namespace FakeLens.Provenance.C2pa.Internal;

/// <summary>One ISO BMFF box (size, type, extended uuid) with its children for the container boxes the BMFF hash
/// exclusions may name; nesting beyond <see cref="AssetLocator.MaxBmffDepth"/> is refused as a malformed asset.</summary>
internal sealed class BmffBox
{
    private static readonly HashSet<string> Containers = new(StringComparer.Ordinal)
    {
        "moov", "trak", "mdia", "minf", "stbl", "edts", "dinf", "udta", "mvex", "moof", "traf", "mfra", "meta", "iprp", "ipco",
    };

    private const string TooDeep = "Boxes are too deeply nested, unsupported asset";

    public required string Type { get; init; }

    public required long Offset { get; init; }

    public required long Length { get; init; }

    public required int HeaderLength { get; init; }

    public int PayloadOffset => (int)(Offset + HeaderLength);

    public int PayloadLength => (int)(Length - HeaderLength);

    public List<BmffBox> Children { get; } = [];

    public bool IsC2paUuid(ReadOnlySpan<byte> file) =>
        Type == "uuid" && HeaderLength >= 24 && file.Slice((int)Offset + HeaderLength - 16, 16).SequenceEqual(AssetLocator.C2paUuid);

    public static List<BmffBox> Parse(ReadOnlySpan<byte> file)
    {
        var count = 0;
        return Parse(file, 0, file.Length, 0, ref count);
    }

    private static List<BmffBox> Parse(ReadOnlySpan<byte> file, long start, long end, int depth, ref int count)
    {
        if (depth > AssetLocator.MaxBmffDepth)
        {
            throw new C2paFormatException(TooDeep);
        }

        var list = new List<BmffBox>();
        var pos = start;
        while (pos + 8 <= end)
        {
            if (++count > 1_000_000)
            {
                throw new C2paFormatException("too many BMFF boxes");
            }

            long size = BinaryPrimitives.ReadUInt32BigEndian(file[(int)pos..]);
            var type = Encoding.Latin1.GetString(file.Slice((int)pos + 4, 4));
            var header = 8;
            if (size == 1)
            {
                if (pos + 16 > end)
                {
                    break;
                }

                size = (long)Math.Min(BinaryPrimitives.ReadUInt64BigEndian(file[((int)pos + 8)..]), long.MaxValue);
                header = 16;
            }
            else if (size == 0)
            {
                size = end - pos;
            }

            if (type == "uuid")
            {
                header += 16;
            }

            if (size < header || size > end - pos)
            {
                throw new C2paFormatException($"BMFF box '{type}' at {pos} has an invalid size {size}");
            }

            var box = new BmffBox { Type = type, Offset = pos, Length = size, HeaderLength = header };
            if (Containers.Contains(type))
            {
                // ISO 'meta' is a full box (4 bytes version/flags before its children); QuickTime's is not (hdlr follows).
                var fullBox = type == "meta" && !(pos + header + 8 <= end && file.Slice((int)(pos + header + 4), 4).SequenceEqual("hdlr"u8));
                var childStart = pos + header + (fullBox ? 4 : 0);
                try
                {
                    box.Children.AddRange(Parse(file, childStart, pos + size, depth + 1, ref count));
                }
                catch (C2paFormatException ex) when (!ex.Message.StartsWith(TooDeep, StringComparison.Ordinal))
                {
                    // A malformed box inside a container leaves that container without children (nothing to exclude there);
                    // only nesting bombs and damage between top-level boxes make the asset unreadable.
                }
            }

            list.Add(box);
            pos += size;
        }

        return list;
    }
}
