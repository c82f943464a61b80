namespace FakeLens.Provenance.C2pa.Signing;

/// <summary>A test signing credential as PEM text: chain (end entity, then CA), PKCS#8 key, and the CA to trust.</summary>
public sealed record C2paTestCredentialSet(string ChainPem, string KeyPem, string TrustAnchorPem);
