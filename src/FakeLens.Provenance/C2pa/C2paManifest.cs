namespace FakeLens.Provenance.C2pa;

/// <summary>One manifest of a store: label, claim (raw bytes as signed, and parsed), COSE signature bytes and assertions.</summary>
public sealed record C2paManifest
{
    public required string Label { get; init; }

    /// <summary>An update manifest (<c>c2um</c>) rather than a standard one (<c>c2ma</c>).</summary>
    public bool IsUpdate { get; init; }

    /// <summary>Claim box label: <c>c2pa.claim</c> or <c>c2pa.claim.v2</c>; null when the claim is missing.</summary>
    public string? ClaimLabel { get; init; }

    public C2paClaim? Claim { get; init; }

    /// <summary>The claim CBOR exactly as stored: the detached payload of the signature.</summary>
    public ReadOnlyMemory<byte> ClaimBytes { get; init; }

    /// <summary>The COSE_Sign1 bytes from the signature box (empty when missing).</summary>
    public ReadOnlyMemory<byte> SignatureBytes { get; init; }

    /// <summary>The signature superbox contents (what a v3 ingredient's <c>claimSignature</c> hashed URI covers).</summary>
    public ReadOnlyMemory<byte> SignatureHashedBytes { get; init; }

    public IReadOnlyList<C2paAssertion> Assertions { get; init; } = [];

    /// <summary>The manifest superbox contents (what an ingredient's hashed URI to this manifest covers).</summary>
    public ReadOnlyMemory<byte> HashedBytes { get; init; }

    /// <summary>Problems found while reading this manifest (malformed claim, undecodable assertions).</summary>
    public IReadOnlyList<C2paStatus> ReadStatuses { get; init; } = [];

    /// <summary>The claim thumbnail (<c>c2pa.thumbnail.claim.jpeg</c> / <c>.png</c>) image bytes, when the manifest has one.</summary>
    public ReadOnlyMemory<byte> ClaimThumbnail =>
        Assertions.FirstOrDefault(a => a.Label.StartsWith("c2pa.thumbnail.claim", StringComparison.Ordinal) && !a.Binary.IsEmpty)?.Binary ?? default;

    public C2paAssertion? Assertion(string label) =>
        Assertions.FirstOrDefault(a => string.Equals(a.Label, label, StringComparison.Ordinal));
}
