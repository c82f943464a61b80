namespace FakeLens.Provenance.C2pa.Signing;

/// <summary>
/// JUMBF description-box type UUIDs used by C2PA (C2PA spec §11.1, "C2PA box details"): four ASCII characters
/// followed by the ISO/IEC 19566-5 suffix 0011-0010-8000-00AA00389B71.
/// </summary>
internal static class C2paBoxUuids
{
    private static readonly byte[] Suffix = [0x00, 0x11, 0x00, 0x10, 0x80, 0x00, 0x00, 0xAA, 0x00, 0x38, 0x9B, 0x71];

    /// <summary>Manifest store (<c>c2pa</c>).</summary>
    public static byte[] ManifestStore => Make("c2pa");

    /// <summary>Standard manifest (<c>c2ma</c>).</summary>
    public static byte[] Manifest => Make("c2ma");

    /// <summary>Assertion store (<c>c2as</c>).</summary>
    public static byte[] AssertionStore => Make("c2as");

    /// <summary>Claim (<c>c2cl</c>).</summary>
    public static byte[] Claim => Make("c2cl");

    /// <summary>Claim signature (<c>c2cs</c>).</summary>
    public static byte[] Signature => Make("c2cs");

    /// <summary>CBOR content (<c>cbor</c>), the type of CBOR assertions.</summary>
    public static byte[] Cbor => Make("cbor");

    private static byte[] Make(string fourCc)
    {
        var uuid = new byte[16];
        for (var i = 0; i < 4; i++)
        {
            uuid[i] = (byte)fourCc[i];
        }

        Suffix.CopyTo(uuid, 4);
        return uuid;
    }
}
