using System.Security.Cryptography;
using System.Text;

namespace FakeLens.Watermark;

/// <summary>A secret that selects a keyed scheme's pseudo-random pattern. Derived from a passphrase or given as bytes.</summary>
public sealed class WatermarkKey
{
    private readonly byte[] _bytes;

    public WatermarkKey(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length < 16)
        {
            throw new ArgumentException("a watermark key needs at least 16 bytes", nameof(bytes));
        }

        _bytes = bytes.ToArray();
    }

    /// <summary>A key derived from a passphrase (SHA-256 of its UTF-8 bytes, domain-separated).</summary>
    public static WatermarkKey FromPassphrase(string passphrase)
    {
        ArgumentNullException.ThrowIfNull(passphrase);
        return new WatermarkKey(SHA256.HashData(Encoding.UTF8.GetBytes("fakelens-watermark-key-v1:" + passphrase)));
    }

    /// <summary>A deterministic 64-bit seed for one purpose of this key (e.g. "pattern", "permutation").</summary>
    public ulong Seed(string purpose)
    {
        var mac = HMACSHA256.HashData(_bytes, Encoding.UTF8.GetBytes(purpose));
        return BitConverter.ToUInt64(mac, 0);
    }

    public ReadOnlySpan<byte> Bytes => _bytes;
}
