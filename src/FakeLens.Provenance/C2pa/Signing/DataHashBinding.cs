using System.Formats.Cbor;
using System.Security.Cryptography;

namespace FakeLens.Provenance.C2pa.Signing;

/// <summary>
/// The <c>c2pa.hash.data</c> hard binding (C2PA spec §9.2 / §A.2): SHA-256 of the file with one exclusion range,
/// the embedded manifest with its container headers.
/// </summary>
internal static class DataHashBinding
{
    public const string Label = "c2pa.hash.data";

    public static byte[] Cbor(long start, long length, byte[] hash)
    {
        var w = new CborWriter();
        w.WriteStartMap(5);
        w.WriteTextString("exclusions");
        w.WriteStartArray(1);
        w.WriteStartMap(2);
        w.WriteTextString("start");
        w.WriteInt64(start);
        w.WriteTextString("length");
        w.WriteInt64(length);
        w.WriteEndMap();
        w.WriteEndArray();
        w.WriteTextString("name");
        w.WriteTextString("jumbf manifest");
        w.WriteTextString("alg");
        w.WriteTextString("sha256");
        w.WriteTextString("hash");
        w.WriteByteString(hash);
        w.WriteTextString("pad");
        w.WriteByteString([]);
        w.WriteEndMap();
        return w.Encode();
    }

    /// <summary>SHA-256 of <paramref name="file"/> without [start, start + length).</summary>
    public static byte[] Hash(byte[] file, long start, long length)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData(file, 0, (int)start);
        sha.AppendData(file, (int)(start + length), file.Length - (int)(start + length));
        return sha.GetHashAndReset();
    }
}
