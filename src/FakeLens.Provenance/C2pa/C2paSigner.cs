namespace FakeLens.Provenance.C2pa;

/// <summary>
/// The claim signer's certificate as a person reads it: full subject and issuer names, the subject's common name and
/// organization (c2pa-rs reports the organization as the signature "issuer"), and the COSE algorithm used.
/// </summary>
public sealed record C2paSigner(string Subject, string Issuer, string? CommonName, string? Organization, string? Algorithm);
