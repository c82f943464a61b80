using System.Buffers.Binary;
using System.Text;

namespace FakeLens.Provenance.C2pa.Signing;

/// <summary>Writes ISO/IEC 19566-5 JUMBF boxes: superboxes (<c>jumb</c>) with a description box (<c>jumd</c>) and content boxes.</summary>
internal static class JumbfWriter
{
    /// <summary>Toggles: requestable (bit 0) and label present (bit 1).</summary>
    private const byte RequestableWithLabel = 0x03;

    /// <summary>A <c>jumb</c> superbox: description box with the type UUID and label, then the children in order.</summary>
    public static byte[] Superbox(byte[] typeUuid, string label, params byte[][] children)
    {
        ArgumentNullException.ThrowIfNull(typeUuid);
        ArgumentNullException.ThrowIfNull(children);
        var labelBytes = Encoding.UTF8.GetBytes(label);
        var description = new byte[16 + 1 + labelBytes.Length + 1];
        typeUuid.CopyTo(description, 0);
        description[16] = RequestableWithLabel;
        labelBytes.CopyTo(description, 17);
        var parts = new List<byte[]>(children.Length + 1) { Box("jumd", description) };
        parts.AddRange(children);
        return Box("jumb", Concat(parts));
    }

    /// <summary>A plain box: 4-byte big-endian length (header included), 4-character type, payload.</summary>
    public static byte[] Box(string type, byte[] payload)
    {
        ArgumentNullException.ThrowIfNull(payload);
        var box = new byte[8 + payload.Length];
        BinaryPrimitives.WriteUInt32BigEndian(box, checked((uint)box.Length));
        Encoding.ASCII.GetBytes(type, box.AsSpan(4, 4));
        payload.CopyTo(box, 8);
        return box;
    }

    /// <summary>The bytes a C2PA hashed URI covers for a superbox: everything after its 8-byte box header.</summary>
    public static ReadOnlySpan<byte> HashedContent(byte[] superbox) => superbox.AsSpan(8);

    private static byte[] Concat(List<byte[]> parts)
    {
        var total = 0;
        foreach (var p in parts)
        {
            total += p.Length;
        }

        var result = new byte[total];
        var offset = 0;
        foreach (var p in parts)
        {
            p.CopyTo(result, offset);
            offset += p.Length;
        }

        return result;
    }
}
