namespace FakeLens.Provenance.C2pa;

/// <summary>One validation status, with the code spelled exactly as in the C2PA specification and c2pa-rs
/// (<c>claimSignature.validated</c>, <c>assertion.dataHash.mismatch</c> …), the JUMBF URI it concerns and a sentence.</summary>
public sealed record C2paStatus(string Code, C2paStatusKind Kind, string? Url, string Explanation)
{
    public static C2paStatus Success(string code, string? url, string explanation) => new(code, C2paStatusKind.Success, url, explanation);

    public static C2paStatus Info(string code, string? url, string explanation) => new(code, C2paStatusKind.Informational, url, explanation);

    public static C2paStatus Failure(string code, string? url, string explanation) => new(code, C2paStatusKind.Failure, url, explanation);
}
