using System.Buffers.Binary;
using FakeLens.Core.Detection;

namespace FakeLens.Provenance.C2pa.Signing;

/// <summary>
/// PNG carriage (C2PA spec §A.3.3): one <c>caBX</c> chunk holding the JUMBF store, placed right after IHDR (so
/// before IDAT); the whole chunk (length, type, data, CRC) is the data-hash exclusion.
/// </summary>
internal sealed class PngManifestContainer : IManifestContainer
{
    private static ReadOnlySpan<byte> Signature => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    public string MediaType => "image/png";

    public string HardBindingLabel => DataHashBinding.Label;

    public byte[] HardBinding(long start, long length, byte[] hash) => DataHashBinding.Cbor(start, length, hash);

    public byte[] Hash(byte[] file, long start, long length) => DataHashBinding.Hash(file, start, length);

    public PreparedAsset Prepare(byte[] input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.Length < 8 + 25 || !input.AsSpan(0, 8).SequenceEqual(Signature))
        {
            throw new MediaException("Not a PNG file (bad signature).") { Code = "unsupported" };
        }

        using var output = new MemoryStream(input.Length);
        output.Write(input, 0, 8);
        var insertOffset = -1;
        var hadManifest = false;
        var sawIend = false;
        var i = 8;
        while (i < input.Length && !sawIend)
        {
            if (i + 12 > input.Length)
            {
                throw new MediaException($"The PNG is truncated inside a chunk header at offset {i}.") { Code = "corrupt" };
            }

            var length = BinaryPrimitives.ReadUInt32BigEndian(input.AsSpan(i));
            if (length > int.MaxValue || i + 12L + length > input.Length)
            {
                throw new MediaException($"A PNG chunk at offset {i} claims {length} bytes, beyond the end of the file.") { Code = "corrupt" };
            }

            var type = input.AsSpan(i + 4, 4);
            var total = 12 + (int)length;
            if (insertOffset < 0 && !type.SequenceEqual("IHDR"u8))
            {
                throw new MediaException("The PNG does not start with an IHDR chunk.") { Code = "corrupt" };
            }

            if (type.SequenceEqual("caBX"u8))
            {
                hadManifest = true;
            }
            else
            {
                output.Write(input, i, total);
            }

            if (insertOffset < 0)
            {
                insertOffset = (int)output.Length;
            }

            sawIend = type.SequenceEqual("IEND"u8);
            i += total;
        }

        if (!sawIend)
        {
            throw new MediaException("The PNG has no IEND chunk (truncated).") { Code = "corrupt" };
        }

        output.Write(input, i, input.Length - i);
        return new PreparedAsset(output.ToArray(), insertOffset, hadManifest);
    }

    public int EmbeddedLength(int storeLength) => checked(storeLength + 12);

    public byte[] Embed(PreparedAsset asset, byte[] store)
    {
        ArgumentNullException.ThrowIfNull(asset);
        ArgumentNullException.ThrowIfNull(store);
        var result = new byte[asset.Bytes.Length + EmbeddedLength(store.Length)];
        asset.Bytes.AsSpan(0, asset.InsertOffset).CopyTo(result);
        var chunk = result.AsSpan(asset.InsertOffset, store.Length + 12);
        BinaryPrimitives.WriteUInt32BigEndian(chunk, (uint)store.Length);
        "caBX"u8.CopyTo(chunk[4..]);
        store.CopyTo(chunk[8..]);
        BinaryPrimitives.WriteUInt32BigEndian(chunk[(8 + store.Length)..], PngCrc32.Compute(chunk[4..(8 + store.Length)]));
        asset.Bytes.AsSpan(asset.InsertOffset).CopyTo(result.AsSpan(asset.InsertOffset + chunk.Length));
        return result;
    }
}
