using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace FakeLens.Provenance.C2pa.Signing;

/// <summary>
/// Makes a test signing credential that meets the C2PA certificate profile (C2PA 2.1 §14.5.1, as c2pa-rs
/// <c>check_certificate_profile</c> enforces it): a self-signed root CA and an end-entity certificate, X.509 v3,
/// key usage digitalSignature (critical), extended key usage id-kp-emailProtection and id-kp-documentSigning
/// (1.3.6.1.5.5.7.3.36), subject and authority key identifiers, not a CA.
/// </summary>
public static class C2paTestCredentials
{
    private const string EmailProtection = "1.3.6.1.5.5.7.3.4";
    private const string DocumentSigning = "1.3.6.1.5.5.7.3.36";

    /// <summary>Creates the root CA and the end-entity certificate and returns them as PEM text.</summary>
    /// <param name="subject">End-entity distinguished name, e.g. <c>CN=Newsroom test signer, O=Example</c>.</param>
    /// <param name="algorithm">ES256 (default), ES384, ES512 or PS256.</param>
    /// <param name="validity">How long the certificates are valid from <paramref name="validFrom"/> (default one year).</param>
    /// <param name="validFrom">Start of validity; default now (the certificates then start one day back to absorb clock skew).
    /// A start in the past with a short validity makes an expired credential, for tests of validators.</param>
    public static C2paTestCredentialSet Create(string subject = "CN=FakeLens test signer, O=FakeLens", string algorithm = "ES256", TimeSpan? validity = null, DateTimeOffset? validFrom = null)
    {
        var subjectName = new X500DistinguishedName(subject);
        var start = validFrom ?? DateTimeOffset.UtcNow;
        var notBefore = start.AddDays(-1);
        var notAfter = start.Add(validity ?? TimeSpan.FromDays(365));
        using var rootKey = CreateKey(algorithm);
        using var leafKey = CreateKey(algorithm);

        var rootRequest = Request(new X500DistinguishedName("CN=FakeLens test root CA, O=FakeLens"), rootKey);
        rootRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
        rootRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        var rootSki = new X509SubjectKeyIdentifierExtension(rootRequest.PublicKey, false);
        rootRequest.CertificateExtensions.Add(rootSki);
        rootRequest.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromSubjectKeyIdentifier(rootSki));
        using var root = rootRequest.CreateSelfSigned(notBefore.AddDays(-1), notAfter.AddDays(1));

        var leafRequest = Request(subjectName, leafKey);
        leafRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        leafRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        leafRequest.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(EmailProtection), new Oid(DocumentSigning)], false));
        leafRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(leafRequest.PublicKey, false));
        leafRequest.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromSubjectKeyIdentifier(rootSki));
        using var leaf = leafRequest.Create(root.SubjectName, Generator(root, rootKey), notBefore, notAfter, SerialNumber());

        var keyPem = leafKey.ExportPkcs8PrivateKeyPem();
        var rootPem = root.ExportCertificatePem();
        return new C2paTestCredentialSet(leaf.ExportCertificatePem() + "\n" + rootPem + "\n", keyPem + "\n", rootPem + "\n");
    }

    private static AsymmetricAlgorithm CreateKey(string algorithm) => algorithm.ToUpperInvariant() switch
    {
        "ES256" => ECDsa.Create(ECCurve.NamedCurves.nistP256),
        "ES384" => ECDsa.Create(ECCurve.NamedCurves.nistP384),
        "ES512" => ECDsa.Create(ECCurve.NamedCurves.nistP521),
        "PS256" => RSA.Create(3072),
        _ => throw new ArgumentException($"Unknown algorithm '{algorithm}' (ES256, ES384, ES512 or PS256).", nameof(algorithm)),
    };

    private static CertificateRequest Request(X500DistinguishedName name, AsymmetricAlgorithm key) => key switch
    {
        ECDsa ec => new CertificateRequest(name, ec, HashFor(ec.KeySize)),
        RSA rsa => new CertificateRequest(name, rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pss),
        _ => throw new ArgumentException("Unsupported key type.", nameof(key)),
    };

    private static X509SignatureGenerator Generator(X509Certificate2 issuer, AsymmetricAlgorithm issuerKey) => issuerKey switch
    {
        ECDsa ec => X509SignatureGenerator.CreateForECDsa(ec),
        RSA rsa => X509SignatureGenerator.CreateForRSA(rsa, RSASignaturePadding.Pss),
        _ => throw new ArgumentException("Unsupported key type for " + issuer.Subject, nameof(issuerKey)),
    };

    private static HashAlgorithmName HashFor(int keySize) => keySize switch
    {
        > 384 => HashAlgorithmName.SHA512,
        > 256 => HashAlgorithmName.SHA384,
        _ => HashAlgorithmName.SHA256,
    };

    private static byte[] SerialNumber()
    {
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F; // positive
        serial[0] |= 0x01; // no leading zero byte
        return serial;
    }
}
