using System.Formats.Cbor;
using System.Security.Cryptography;
using System.Security.Cryptography.Cose;

namespace FakeLens.Provenance.C2pa.Signing;

/// <summary>
/// The claim signature (C2PA spec §10.3): a tagged COSE_Sign1 with a detached payload (the claim's CBOR), the
/// algorithm and the x5chain (label 33, end entity first) in the protected header, as c2pa-rs writes it.
/// </summary>
internal static class CoseClaimSigner
{
    private static readonly CoseHeaderLabel X5Chain = new(33);

    public static byte[] Sign(byte[] claim, C2paSigningCredential credential)
    {
        var chain = new CborWriter();
        chain.WriteStartArray(credential.Chain.Count);
        foreach (var certificate in credential.Chain)
        {
            chain.WriteByteString(certificate.RawData);
        }

        chain.WriteEndArray();
        var protectedHeaders = new CoseHeaderMap { { X5Chain, CoseHeaderValue.FromEncodedValue(chain.Encode()) } };
        var signer = credential.Key switch
        {
            ECDsa ec => new CoseSigner(ec, HashFor(credential.Algorithm), protectedHeaders),
            RSA rsa => new CoseSigner(rsa, RSASignaturePadding.Pss, HashFor(credential.Algorithm), protectedHeaders),
            _ => throw new ArgumentException("Unsupported key type.", nameof(credential)),
        };
        return CoseSign1Message.SignDetached(claim, signer);
    }

    private static HashAlgorithmName HashFor(string algorithm) => algorithm switch
    {
        "ES384" => HashAlgorithmName.SHA384,
        "ES512" => HashAlgorithmName.SHA512,
        _ => HashAlgorithmName.SHA256,
    };
}
