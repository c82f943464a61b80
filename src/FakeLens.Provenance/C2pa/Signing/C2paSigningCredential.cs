using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace FakeLens.Provenance.C2pa.Signing;

/// <summary>
/// A signing certificate chain (end entity first) with its private key, and the COSE algorithm the key implies:
/// ECDSA P-256/P-384/P-521 → ES256/ES384/ES512, RSA → PS256.
/// </summary>
public sealed class C2paSigningCredential : IDisposable
{
    private C2paSigningCredential(IReadOnlyList<X509Certificate2> chain, AsymmetricAlgorithm key, string algorithm)
    {
        Chain = chain;
        Key = key;
        Algorithm = algorithm;
    }

    /// <summary>End-entity certificate first, then its issuers (the trust anchor may be left out).</summary>
    public IReadOnlyList<X509Certificate2> Chain { get; }

    /// <summary>The private key (<see cref="ECDsa"/> or <see cref="RSA"/>).</summary>
    public AsymmetricAlgorithm Key { get; }

    /// <summary>COSE algorithm name: ES256, ES384, ES512 or PS256.</summary>
    public string Algorithm { get; }

    /// <summary>Loads a PEM certificate chain (end entity first) and a PEM private key (PKCS#8, SEC1 or PKCS#1).</summary>
    /// <exception cref="ArgumentException">The files do not hold a usable chain and key, or the key does not match the certificate.</exception>
    public static C2paSigningCredential FromPem(string chainPem, string keyPem)
    {
        ArgumentNullException.ThrowIfNull(chainPem);
        ArgumentNullException.ThrowIfNull(keyPem);
        var collection = new X509Certificate2Collection();
        try
        {
            collection.ImportFromPem(chainPem);
        }
        catch (CryptographicException e)
        {
            throw new ArgumentException("The certificate file is not a PEM certificate chain: " + e.Message, nameof(chainPem), e);
        }

        if (collection.Count == 0)
        {
            throw new ArgumentException("The certificate file holds no PEM certificate.", nameof(chainPem));
        }

        var chain = collection.Cast<X509Certificate2>().ToList();
        var leaf = chain[0];
        AsymmetricAlgorithm key;
        string algorithm;
        using (var ecPublic = leaf.GetECDsaPublicKey())
        using (var rsaPublic = leaf.GetRSAPublicKey())
        {
            if (ecPublic is not null)
            {
                var ec = ECDsa.Create();
                ImportKey(ec, keyPem);
                algorithm = ec.KeySize switch
                {
                    256 => "ES256",
                    384 => "ES384",
                    521 => "ES512",
                    _ => throw new ArgumentException($"ECDSA keys of {ec.KeySize} bits are not allowed by C2PA (P-256, P-384, P-521).", nameof(keyPem)),
                };
                if (!KeyMatches(ec, ecPublic))
                {
                    ec.Dispose();
                    throw new ArgumentException("The private key does not belong to the first certificate of the chain.", nameof(keyPem));
                }

                key = ec;
            }
            else if (rsaPublic is not null)
            {
                var rsa = RSA.Create();
                ImportKey(rsa, keyPem);
                if (rsa.KeySize < 2048)
                {
                    rsa.Dispose();
                    throw new ArgumentException("C2PA requires RSA keys of at least 2048 bits.", nameof(keyPem));
                }

                if (!rsa.ExportParameters(false).Modulus!.AsSpan().SequenceEqual(rsaPublic.ExportParameters(false).Modulus))
                {
                    rsa.Dispose();
                    throw new ArgumentException("The private key does not belong to the first certificate of the chain.", nameof(keyPem));
                }

                key = rsa;
                algorithm = "PS256";
            }
            else
            {
                throw new ArgumentException("The signing certificate's key is neither ECDSA nor RSA; FakeLens signs with ES256/384/512 or PS256.", nameof(chainPem));
            }
        }

        return new C2paSigningCredential(chain, key, algorithm);
    }

    /// <summary>Reads <see cref="FromPem"/> input from files.</summary>
    public static C2paSigningCredential FromPemFiles(string chainPath, string keyPath) =>
        FromPem(File.ReadAllText(chainPath), File.ReadAllText(keyPath));

    public void Dispose()
    {
        Key.Dispose();
        foreach (var c in Chain)
        {
            c.Dispose();
        }
    }

    private static void ImportKey(AsymmetricAlgorithm key, string pem)
    {
        try
        {
            key.ImportFromPem(pem);
        }
        catch (Exception e) when (e is ArgumentException or CryptographicException)
        {
            key.Dispose();
            throw new ArgumentException("The key file is not an unencrypted PEM private key of the certificate's type: " + e.Message, nameof(pem), e);
        }
    }

    private static bool KeyMatches(ECDsa privateKey, ECDsa publicKey)
    {
        var a = privateKey.ExportParameters(false).Q;
        var b = publicKey.ExportParameters(false).Q;
        return a.X.AsSpan().SequenceEqual(b.X) && a.Y.AsSpan().SequenceEqual(b.Y);
    }
}
