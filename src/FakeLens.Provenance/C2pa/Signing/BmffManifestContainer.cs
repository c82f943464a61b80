using System.Buffers.Binary;
using System.Formats.Cbor;
using System.Security.Cryptography;
using FakeLens.Core.Detection;

namespace FakeLens.Provenance.C2pa.Signing;

/// <summary>
/// ISO BMFF carriage (MP4, MOV, M4A; C2PA spec §A.4): a top-level <c>uuid</c> box (d8fec3d6-1b0e-483c-9297-5828877ec481,
/// version 0, purpose "manifest", merkle offset 0, then the store) right after <c>ftyp</c>, as c2pa-rs writes it; the
/// chunk offsets in every <c>stco</c>/<c>co64</c> are moved by the box's size. The hard binding is
/// <c>c2pa.hash.bmff.v3</c> with only the standard exclusions (the manifest box, ftyp, mfra), so the moved chunk offsets
/// are hashed too; from version 2 on, each hashed top-level box is preceded in the hash by its 8-byte big-endian offset.
/// Fragmented files (moof) and HEIF item files (top-level meta) are refused: their offsets need more than this.
/// </summary>
internal sealed class BmffManifestContainer : IManifestContainer
{
    private const int UuidBoxOverhead = 8 + 16 + 4 + 9 + 8;

    private static readonly byte[] C2paUuid = [0xD8, 0xFE, 0xC3, 0xD6, 0x1B, 0x0E, 0x48, 0x3C, 0x92, 0x97, 0x58, 0x28, 0x87, 0x7E, 0xC4, 0x81];

    private static readonly string[] ChunkOffsetPath = ["moov", "trak", "mdia", "minf", "stbl"];

    public string MediaType => "video/mp4";

    public string HardBindingLabel => "c2pa.hash.bmff.v3";

    public PreparedAsset Prepare(byte[] input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var boxes = TopLevel(input);
        if (boxes.Count == 0 || boxes[0].Type != "ftyp")
        {
            throw new MediaException("Not an ISO BMFF (MP4/MOV) file: it does not start with an ftyp box.") { Code = "unsupported" };
        }

        if (boxes.Any(b => b.Type is "moof" or "meta"))
        {
            throw new MediaException("Fragmented MP4 (moof) and HEIF/AVIF item files (top-level meta) are not signed by FakeLens yet.") { Code = "unsupported" };
        }

        var removed = boxes.Where(b => IsManifestBox(input, b)).ToList();
        using var output = new MemoryStream(input.Length);
        foreach (var b in boxes)
        {
            if (!removed.Contains(b))
            {
                output.Write(input, (int)b.Offset, (int)b.Length);
            }
        }

        var prepared = output.ToArray();
        ShiftChunkOffsets(prepared, v =>
        {
            var shift = 0L;
            foreach (var r in removed)
            {
                if (r.Offset < v)
                {
                    shift += r.Length;
                }
            }

            return v - shift;
        });
        return new PreparedAsset(prepared, (int)boxes[0].Length, removed.Count > 0);
    }

    public int EmbeddedLength(int storeLength) => checked(UuidBoxOverhead + storeLength);

    public byte[] Embed(PreparedAsset asset, byte[] store)
    {
        ArgumentNullException.ThrowIfNull(asset);
        ArgumentNullException.ThrowIfNull(store);
        var length = EmbeddedLength(store.Length);
        var result = new byte[asset.Bytes.Length + length];
        asset.Bytes.AsSpan(0, asset.InsertOffset).CopyTo(result);
        var box = result.AsSpan(asset.InsertOffset, length);
        BinaryPrimitives.WriteUInt32BigEndian(box, (uint)length);
        "uuid"u8.CopyTo(box[4..]);
        C2paUuid.CopyTo(box[8..]);
        "manifest\0"u8.CopyTo(box[28..]); // after version 0 and flags 0
        store.CopyTo(box[UuidBoxOverhead..]); // the 8-byte merkle offset before it stays 0
        asset.Bytes.AsSpan(asset.InsertOffset).CopyTo(result.AsSpan(asset.InsertOffset + length));
        ShiftChunkOffsets(result, v => v >= asset.InsertOffset ? v + length : v);
        return result;
    }

    public byte[] HardBinding(long start, long length, byte[] hash)
    {
        var w = new CborWriter();
        w.WriteStartMap(4);
        w.WriteTextString("exclusions");
        w.WriteStartArray(3);
        w.WriteStartMap(2);
        w.WriteTextString("xpath");
        w.WriteTextString("/uuid");
        w.WriteTextString("data");
        w.WriteStartArray(1);
        w.WriteStartMap(2);
        w.WriteTextString("offset");
        w.WriteInt32(8);
        w.WriteTextString("value");
        w.WriteByteString(C2paUuid);
        w.WriteEndMap();
        w.WriteEndArray();
        w.WriteEndMap();
        foreach (var xpath in new[] { "/ftyp", "/mfra" })
        {
            w.WriteStartMap(1);
            w.WriteTextString("xpath");
            w.WriteTextString(xpath);
            w.WriteEndMap();
        }

        w.WriteEndArray();
        w.WriteTextString("alg");
        w.WriteTextString("sha256");
        w.WriteTextString("hash");
        w.WriteByteString(hash);
        w.WriteTextString("name");
        w.WriteTextString("jumbf manifest");
        w.WriteEndMap();
        return w.Encode();
    }

    public byte[] Hash(byte[] file, long start, long length)
    {
        ArgumentNullException.ThrowIfNull(file);
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Span<byte> offset = stackalloc byte[8];
        foreach (var box in TopLevel(file))
        {
            if (box.Type is "ftyp" or "mfra" || IsManifestBox(file, box))
            {
                continue;
            }

            BinaryPrimitives.WriteUInt64BigEndian(offset, (ulong)box.Offset);
            sha.AppendData(offset);
            sha.AppendData(file, (int)box.Offset, (int)box.Length);
        }

        return sha.GetHashAndReset();
    }

    private static bool IsManifestBox(byte[] file, Box box) =>
        box.Type == "uuid" && box.Length >= box.HeaderLength + 16 && file.AsSpan((int)(box.Offset + box.HeaderLength), 16).SequenceEqual(C2paUuid);

    /// <summary>Rewrites every stco/co64 entry v as map(v).</summary>
    private static void ShiftChunkOffsets(byte[] file, Func<long, long> map)
    {
        foreach (var moov in TopLevel(file).Where(b => b.Type == "moov"))
        {
            foreach (var table in ChunkOffsetTables(file, moov))
            {
                var count = BinaryPrimitives.ReadUInt32BigEndian(file.AsSpan((int)table.Offset + 12));
                var wide = table.Type == "co64";
                var entry = wide ? 8 : 4;
                if (16 + ((long)count * entry) > table.Length)
                {
                    throw new MediaException($"A {table.Type} chunk-offset table claims {count} entries, more than its box holds.") { Code = "corrupt" };
                }

                for (var i = 0; i < count; i++)
                {
                    var at = file.AsSpan((int)table.Offset + 16 + (i * entry));
                    if (wide)
                    {
                        BinaryPrimitives.WriteInt64BigEndian(at, map(BinaryPrimitives.ReadInt64BigEndian(at)));
                    }
                    else
                    {
                        var moved = map(BinaryPrimitives.ReadUInt32BigEndian(at));
                        if (moved is < 0 or > uint.MaxValue)
                        {
                            throw new MediaException("A 32-bit chunk offset would overflow after adding the manifest (file close to 4 GB).") { Code = "unsupported" };
                        }

                        BinaryPrimitives.WriteUInt32BigEndian(at, (uint)moved);
                    }
                }
            }
        }
    }

    /// <summary>stco/co64 boxes under moov/trak/mdia/minf/stbl.</summary>
    private static List<Box> ChunkOffsetTables(byte[] file, Box moov)
    {
        var level = new List<Box> { moov };
        for (var depth = 1; depth < ChunkOffsetPath.Length; depth++)
        {
            var next = new List<Box>();
            foreach (var parent in level)
            {
                next.AddRange(Children(file, parent).Where(c => c.Type == ChunkOffsetPath[depth]));
            }

            level = next;
        }

        return level.SelectMany(stbl => Children(file, stbl)).Where(c => c.Type is "stco" or "co64" && c.Length >= 16).ToList();
    }

    private static List<Box> TopLevel(byte[] file) => Parse(file, 0, file.Length);

    private static List<Box> Children(byte[] file, Box parent) => Parse(file, parent.Offset + parent.HeaderLength, parent.Offset + parent.Length);

    private static List<Box> Parse(byte[] file, long start, long end)
    {
        var boxes = new List<Box>();
        var at = start;
        while (at + 8 <= end)
        {
            long size = BinaryPrimitives.ReadUInt32BigEndian(file.AsSpan((int)at));
            var type = System.Text.Encoding.ASCII.GetString(file, (int)at + 4, 4);
            var header = 8;
            if (size == 1)
            {
                if (at + 16 > end)
                {
                    throw new MediaException($"The '{type}' box at offset {at} is truncated.") { Code = "corrupt" };
                }

                size = BinaryPrimitives.ReadInt64BigEndian(file.AsSpan((int)at + 8));
                header = 16;
            }
            else if (size == 0)
            {
                size = end - at;
            }

            if (size < header || size > end - at)
            {
                throw new MediaException($"The '{type}' box at offset {at} claims {size} bytes, beyond its container.") { Code = "corrupt" };
            }

            boxes.Add(new Box(type, at, size, header));
            at += size;
        }

        return boxes;
    }

    private sealed record Box(string Type, long Offset, long Length, int HeaderLength);
}
