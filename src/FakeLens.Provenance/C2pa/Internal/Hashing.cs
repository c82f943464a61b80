using System.Security.Cryptography;

namespace FakeLens.Provenance.C2pa.Internal;

/// <summary>Hash algorithms C2PA allows (sha256, sha384, sha512) and hashing of a file with excluded ranges.</summary>
internal static class Hashing
{
    public static HashAlgorithmName? Parse(string? alg) => alg?.ToUpperInvariant() switch
    {
        "SHA256" or "SHA-256" => HashAlgorithmName.SHA256,
        "SHA384" or "SHA-384" => HashAlgorithmName.SHA384,
        "SHA512" or "SHA-512" => HashAlgorithmName.SHA512,
        _ => null,
    };

    public static byte[] Hash(HashAlgorithmName alg, ReadOnlySpan<byte> data)
    {
        using var h = IncrementalHash.CreateHash(alg);
        h.AppendData(data);
        return h.GetHashAndReset();
    }

    /// <summary>
    /// Hashes <paramref name="file"/> skipping the (start, length) exclusions; at a zero-length "offset marker"
    /// (BMFF v2) the 8-byte big-endian offset is hashed instead of data. Returns null when an exclusion lies outside
    /// the file.
    /// </summary>
    public static byte[]? HashWithExclusions(HashAlgorithmName alg, ReadOnlySpan<byte> file, IEnumerable<(long Start, long Length)> exclusions, IEnumerable<long>? offsetMarkers = null)
    {
        var ranges = exclusions.OrderBy(e => e.Start).ToList();
        var markers = offsetMarkers?.OrderBy(m => m).ToList() ?? [];
        using var h = IncrementalHash.CreateHash(alg);
        long pos = 0;
        var mi = 0;
        Span<byte> be = stackalloc byte[8];
        void Feed(ReadOnlySpan<byte> f, IncrementalHash hash, long from, long to, Span<byte> buf)
        {
            // Data from..to with markers inside it.
            var p = from;
            while (mi < markers.Count && markers[mi] < to)
            {
                var m = markers[mi++];
                if (m < p)
                {
                    continue;
                }

                hash.AppendData(f[(int)p..(int)m]);
                System.Buffers.Binary.BinaryPrimitives.WriteUInt64BigEndian(buf, (ulong)m);
                hash.AppendData(buf);
                p = m;
            }

            hash.AppendData(f[(int)p..(int)to]);
        }

        foreach (var (start, length) in ranges)
        {
            if (start < 0 || length < 0 || start + length > file.Length)
            {
                return null;
            }

            if (start > pos)
            {
                Feed(file, h, pos, start, be);
            }

            pos = Math.Max(pos, start + length);
        }

        if (pos < file.Length)
        {
            Feed(file, h, pos, file.Length, be);
        }

        return h.GetHashAndReset();
    }
}
