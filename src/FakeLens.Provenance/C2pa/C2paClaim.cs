namespace FakeLens.Provenance.C2pa;

/// <summary>
/// A claim (C2PA 2.1 §10) as read: version 1 (<c>c2pa.claim</c>) or 2 (<c>c2pa.claim.v2</c>), who made it,
/// the default hash algorithm and the hashed references to its assertions.
/// </summary>
public sealed record C2paClaim
{
    public required int Version { get; init; }

    /// <summary>v1 <c>claim_generator</c> string; null in v2 claims.</summary>
    public string? ClaimGenerator { get; init; }

    /// <summary><c>claim_generator_info</c> entries as "name/version".</summary>
    public IReadOnlyList<string> ClaimGeneratorInfo { get; init; } = [];

    public string? Title { get; init; }

    public string? Format { get; init; }

    public string? InstanceId { get; init; }

    /// <summary>Default hash algorithm (<c>alg</c>), e.g. "sha256"; null when missing.</summary>
    public string? Algorithm { get; init; }

    public string? SignatureUrl { get; init; }

    /// <summary>Assertions the claim covers (v1 <c>assertions</c>; v2 created + gathered).</summary>
    public IReadOnlyList<C2paHashedUri> Assertions { get; init; } = [];

    public IReadOnlyList<string> RedactedAssertions { get; init; } = [];

    /// <summary>Generator to show a person: the v1 string, else the info entries joined.</summary>
    public string? GeneratorDisplay => ClaimGenerator ?? (ClaimGeneratorInfo.Count > 0 ? string.Join(" ", ClaimGeneratorInfo) : null);
}
