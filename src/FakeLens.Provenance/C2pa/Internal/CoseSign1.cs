using System.Formats.Cbor;
using System.Security.Cryptography;
using System.Security.Cryptography.Cose;
using System.Security.Cryptography.X509Certificates;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;

namespace FakeLens.Provenance.C2pa.Internal;

/// <summary>
/// A COSE_Sign1 structure (RFC 9052 §4.2) as C2PA uses it (C2PA 2.1 §14.5): protected header with the algorithm and
/// the x5chain, unprotected header with the time-stamp (sigTst/sigTst2) and OCSP data, detached payload (the claim).
/// ES256/384/512 and PS256/384/512 are verified with System.Security.Cryptography.Cose; Ed25519 with BouncyCastle.
/// </summary>
internal sealed class CoseSign1
{
    private CoseSign1(ReadOnlyMemory<byte> encoded, byte[] protectedBytes, object? protectedMap, object? unprotectedMap, byte[]? payload, byte[] signature)
    {
        Encoded = encoded;
        ProtectedBytes = protectedBytes;
        Protected = protectedMap;
        Unprotected = unprotectedMap;
        Payload = payload;
        Signature = signature;
    }

    public ReadOnlyMemory<byte> Encoded { get; }

    public byte[] ProtectedBytes { get; }

    public object? Protected { get; }

    public object? Unprotected { get; }

    public byte[]? Payload { get; }

    public byte[] Signature { get; }

    public long? Algorithm => Obj.Long(Protected, "1");

    public string? AlgorithmName => Algorithm switch
    {
        -7 => "ES256",
        -35 => "ES384",
        -36 => "ES512",
        -37 => "PS256",
        -38 => "PS384",
        -39 => "PS512",
        -8 => "Ed25519",
        null => null,
        var a => "COSE alg " + a,
    };

    public bool AlgorithmSupported => Algorithm is -7 or -35 or -36 or -37 or -38 or -39 or -8;

    /// <summary>The certificate chain (label 33), leaf first; protected header preferred, unprotected accepted (older files).</summary>
    public IReadOnlyList<byte[]> X5Chain
    {
        get
        {
            var v = Obj.Get(Protected, "33") ?? Obj.Get(Unprotected, "33") ?? Obj.Get(Unprotected, "x5chain");
            return v switch
            {
                byte[] one => [one],
                List<object?> many => many.OfType<byte[]>().ToList(),
                _ => [],
            };
        }
    }

    public static CoseSign1 Decode(ReadOnlyMemory<byte> data)
    {
        try
        {
            var reader = new CborReader(data, CborConformanceMode.Lax);
            while (reader.PeekState() == CborReaderState.Tag)
            {
                reader.ReadTag();
            }

            var n = reader.ReadStartArray();
            if (n is not null and not 4)
            {
                throw new C2paFormatException("COSE_Sign1 is not a 4-element array");
            }

            var prot = reader.ReadByteString();
            var unprotStart = data.Length - reader.BytesRemaining;
            reader.SkipValue();
            var unprotEnd = data.Length - reader.BytesRemaining;
            byte[]? payload = null;
            if (reader.PeekState() == CborReaderState.Null)
            {
                reader.ReadNull();
            }
            else
            {
                payload = reader.ReadByteString();
            }

            var sig = reader.ReadByteString();
            var protMap = prot.Length == 0 ? new Dictionary<string, object?>() : CborTree.Decode(prot);
            var unprot = CborTree.Decode(data[unprotStart..unprotEnd]);
            return new CoseSign1(data, prot, protMap, unprot, payload, sig);
        }
        catch (Exception ex) when (ex is CborContentException or InvalidOperationException or OverflowException)
        {
            throw new C2paFormatException("COSE_Sign1 is malformed: " + ex.Message, ex);
        }
    }

    /// <summary>The Sig_structure (RFC 9052 §4.4) for a context ("Signature1", "CounterSignature") and payload.</summary>
    public byte[] SigStructure(string context, ReadOnlySpan<byte> payload)
    {
        var w = new CborWriter(CborConformanceMode.Lax);
        w.WriteStartArray(4);
        w.WriteTextString(context);
        w.WriteByteString(ProtectedBytes);
        w.WriteByteString([]);
        w.WriteByteString(payload);
        w.WriteEndArray();
        return w.Encode();
    }

    /// <summary>Verifies the signature over <paramref name="detachedPayload"/> (or the embedded payload when null).</summary>
    public bool Verify(X509Certificate2 signer, ReadOnlySpan<byte> detachedPayload)
    {
        var payload = Payload ?? detachedPayload.ToArray();
        try
        {
            if (Algorithm == -8)
            {
                return VerifyEd25519(signer, SigStructure("Signature1", payload));
            }

            if (Payload is null)
            {
                try
                {
                    var msg = CoseMessage.DecodeSign1(Encoded.Span);
                    using var key = signer.PublicKey.Oid.Value == "1.2.840.10045.2.1" ? signer.GetECDsaPublicKey() : (AsymmetricAlgorithm?)RsaKey(signer);
                    if (key is not null)
                    {
                        return msg.VerifyDetached(key, payload);
                    }
                }
                catch (CryptographicException)
                {
                    // Headers System.Security.Cryptography.Cose refuses (e.g. duplicated or unusual labels): verify by hand.
                }
            }

            return VerifyManually(signer, SigStructure("Signature1", payload));
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    private bool VerifyManually(X509Certificate2 signer, byte[] toBeSigned)
    {
        var hash = Algorithm switch
        {
            -7 or -37 => HashAlgorithmName.SHA256,
            -35 or -38 => HashAlgorithmName.SHA384,
            _ => HashAlgorithmName.SHA512,
        };
        if (Algorithm is -7 or -35 or -36)
        {
            using var ec = signer.GetECDsaPublicKey();
            return ec is not null && ec.VerifyData(toBeSigned, Signature, hash, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        }

        using var rsa = RsaKey(signer);
        return rsa is not null && rsa.VerifyData(toBeSigned, Signature, hash, RSASignaturePadding.Pss);
    }

    /// <summary>The RSA key, also for RSASSA-PSS certificates (OID 1.2.840.113549.1.1.10) that .NET does not map itself.</summary>
    private static RSA? RsaKey(X509Certificate2 cert)
    {
        var oid = cert.PublicKey.Oid.Value;
        if (oid == "1.2.840.113549.1.1.1")
        {
            return cert.GetRSAPublicKey();
        }

        if (oid == "1.2.840.113549.1.1.10")
        {
            var key = RSA.Create();
            key.ImportRSAPublicKey(cert.PublicKey.EncodedKeyValue.RawData, out _);
            return key;
        }

        return null;
    }

    private bool VerifyEd25519(X509Certificate2 signer, byte[] toBeSigned)
    {
        var spki = signer.PublicKey.EncodedKeyValue.RawData;
        if (spki.Length != 32 || Signature.Length != 64)
        {
            return false;
        }

        var verifier = new Ed25519Signer();
        verifier.Init(false, new Ed25519PublicKeyParameters(spki, 0));
        verifier.BlockUpdate(toBeSigned, 0, toBeSigned.Length);
        return verifier.VerifySignature(Signature);
    }
}
