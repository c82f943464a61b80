using System.Buffers.Binary;

namespace FakeLens.Provenance.Tests.C2pa.Signing;

/// <summary>Test-side view of embedded manifest stores: APP11 segments of a JPEG, caBX of a PNG, boxes of a store.</summary>
internal static class JpegApp11
{
    /// <summary>APP11 segments before the first SOS: (offset of FF EB, segment content after the length field).</summary>
    public static List<(int Offset, byte[] Content)> Segments(byte[] jpeg)
    {
        var list = new List<(int, byte[])>();
        var i = 2;
        while (i + 4 <= jpeg.Length && jpeg[i] == 0xFF && jpeg[i + 1] != 0xDA)
        {
            var length = BinaryPrimitives.ReadUInt16BigEndian(jpeg.AsSpan(i + 2));
            if (jpeg[i + 1] == 0xEB)
            {
                list.Add((i, jpeg.AsSpan(i + 4, length - 2).ToArray()));
            }

            i += 2 + length;
        }

        return list;
    }

    /// <summary>The JUMBF manifest store reassembled from JPEG APP11 segments or the PNG caBX chunk.</summary>
    public static byte[] Store(byte[] file)
    {
        if (file[0] == 0xFF)
        {
            var segments = Segments(file);
            var store = new List<byte>();
            for (var s = 0; s < segments.Count; s++)
            {
                store.AddRange(segments[s].Content.AsSpan(s == 0 ? 8 : 16).ToArray());
            }

            return [.. store];
        }

        var i = 8;
        while (i + 8 <= file.Length)
        {
            var length = (int)BinaryPrimitives.ReadUInt32BigEndian(file.AsSpan(i));
            if (file.AsSpan(i + 4, 4).SequenceEqual("caBX"u8))
            {
                return file.AsSpan(i + 8, length).ToArray();
            }

            i += 12 + length;
        }

        throw new InvalidOperationException("no caBX chunk");
    }

    /// <summary>Child boxes of a superbox's payload as (type, label of its jumd if a superbox, whole box bytes).</summary>
    public static List<(string Type, string? Label, byte[] Box)> Children(ReadOnlySpan<byte> payload)
    {
        var list = new List<(string, string?, byte[])>();
        var i = 0;
        while (i + 8 <= payload.Length)
        {
            var length = (int)BinaryPrimitives.ReadUInt32BigEndian(payload[i..]);
            var box = payload.Slice(i, length).ToArray();
            var type = System.Text.Encoding.ASCII.GetString(box, 4, 4);
            string? label = null;
            if (type == "jumb")
            {
                var jumdLength = (int)BinaryPrimitives.ReadUInt32BigEndian(box.AsSpan(8));
                var labelBytes = box.AsSpan(8 + 8 + 17, jumdLength - 8 - 17);
                label = System.Text.Encoding.UTF8.GetString(labelBytes[..labelBytes.IndexOf((byte)0)]);
            }

            list.Add((type, label, box));
            i += length;
        }

        return list;
    }

    /// <summary>The superbox with this label path under the store (e.g. manifest label, "c2pa.assertions", "c2pa.hash.data").</summary>
    public static byte[] Find(byte[] store, params string[] path)
    {
        var current = store;
        foreach (var label in path)
        {
            current = Children(current.AsSpan(8)).Single(c => c.Label == label).Box;
        }

        return current;
    }

    /// <summary>The payload of the content box (e.g. cbor) of a superbox.</summary>
    public static byte[] Content(byte[] superbox) => Children(superbox.AsSpan(8)).Single(c => c.Type != "jumd" && c.Type != "jumb").Box[8..];
}
