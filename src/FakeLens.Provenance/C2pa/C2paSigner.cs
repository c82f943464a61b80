namespace FakeLens.Provenance.C2pa;

/// <summary>The claim signer's certificate as a person reads it, and the COSE algorithm used.</summary>
public sealed record C2paSigner(string Subject, string Issuer, string? CommonName, string? IssuerOrganization, string? Algorithm);
