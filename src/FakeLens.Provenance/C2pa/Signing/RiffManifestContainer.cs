using System.Buffers.Binary;
using FakeLens.Core.Detection;

namespace FakeLens.Provenance.C2pa.Signing;

/// <summary>
/// RIFF carriage (C2PA spec §A.3.4; WAV, WebP, AVI): a top-level <c>C2PA</c> chunk appended at the end of the RIFF
/// chunk, as c2pa-rs places it; the RIFF size field grows accordingly (it is hashed, so the hash is taken after
/// layout). The exclusion is the chunk header and data; the pad byte of an odd-sized store stays hashed, as in c2pa-rs.
/// </summary>
internal sealed class RiffManifestContainer : IManifestContainer
{
    public string MediaType => "RIFF";

    public string HardBindingLabel => DataHashBinding.Label;

    public byte[] HardBinding(long start, long length, byte[] hash) => DataHashBinding.Cbor(start, length, hash);

    public byte[] Hash(byte[] file, long start, long length) => DataHashBinding.Hash(file, start, length);

    public PreparedAsset Prepare(byte[] input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.Length < 12 || !input.AsSpan(0, 4).SequenceEqual("RIFF"u8))
        {
            throw new MediaException("Not a RIFF file.") { Code = "unsupported" };
        }

        var riffSize = BinaryPrimitives.ReadUInt32LittleEndian(input.AsSpan(4));
        if (riffSize < 4 || riffSize > input.Length - 8)
        {
            throw new MediaException($"The RIFF header claims {riffSize} bytes but the file holds {input.Length - 8}.") { Code = "corrupt" };
        }

        var end = 8 + (int)riffSize;
        using var output = new MemoryStream(input.Length);
        output.Write(input, 0, 12);
        var hadManifest = false;
        var i = 12;
        while (i + 8 <= end)
        {
            var size = BinaryPrimitives.ReadUInt32LittleEndian(input.AsSpan(i + 4));
            var total = 8L + size + (size & 1);
            if (i + 8L + size > end)
            {
                throw new MediaException($"A RIFF chunk at offset {i} claims {size} bytes, beyond the end of the RIFF data.") { Code = "corrupt" };
            }

            total = Math.Min(total, end - i);
            if (input.AsSpan(i, 4).SequenceEqual("C2PA"u8))
            {
                hadManifest = true;
            }
            else
            {
                output.Write(input, i, (int)total);
            }

            i += (int)total;
        }

        if (i != end)
        {
            output.Write(input, i, end - i); // trailing bytes shorter than a chunk header stay as they were
        }

        var insertOffset = (int)output.Length;
        output.Write(input, end, input.Length - end); // anything after the RIFF chunk (not part of it)
        var prepared = output.ToArray();
        BinaryPrimitives.WriteUInt32LittleEndian(prepared.AsSpan(4), (uint)(insertOffset - 8));
        return new PreparedAsset(prepared, insertOffset, hadManifest);
    }

    public int EmbeddedLength(int storeLength) => checked(storeLength + 8);

    public byte[] Embed(PreparedAsset asset, byte[] store)
    {
        ArgumentNullException.ThrowIfNull(asset);
        ArgumentNullException.ThrowIfNull(store);
        var pad = store.Length & 1;
        var result = new byte[asset.Bytes.Length + EmbeddedLength(store.Length) + pad];
        asset.Bytes.AsSpan(0, asset.InsertOffset).CopyTo(result);
        var chunk = result.AsSpan(asset.InsertOffset);
        "C2PA"u8.CopyTo(chunk);
        BinaryPrimitives.WriteUInt32LittleEndian(chunk[4..], (uint)store.Length);
        store.CopyTo(chunk[8..]);
        asset.Bytes.AsSpan(asset.InsertOffset).CopyTo(chunk[(8 + store.Length + pad)..]);
        BinaryPrimitives.WriteUInt32LittleEndian(result.AsSpan(4), (uint)(asset.InsertOffset + 8 + store.Length + pad - 8));
        return result;
    }
}
