namespace FakeLens.Provenance.C2pa;

/// <summary>What one manifest says and how it validated: generator, signer, time, actions, ingredients, statuses.</summary>
public sealed record C2paManifestReport
{
    public required string Label { get; init; }

    public int ClaimVersion { get; init; }

    public string? ClaimGenerator { get; init; }

    public string? Title { get; init; }

    public string? Format { get; init; }

    public C2paSigner? Signer { get; init; }

    /// <summary>Signing time from a verified RFC 3161 time-stamp; null when there is none or it does not verify.</summary>
    public DateTimeOffset? SigningTime { get; init; }

    public IReadOnlyList<C2paAction> Actions { get; init; } = [];

    public IReadOnlyList<C2paIngredientReport> Ingredients { get; init; } = [];

    public IReadOnlyList<string> AssertionLabels { get; init; } = [];

    /// <summary>Named actors of CAWG identity assertions (certificate subjects), when present.</summary>
    public IReadOnlyList<string> Identities { get; init; } = [];

    public IReadOnlyList<C2paStatus> Statuses { get; init; } = [];

    public bool SignerTrusted => Statuses.Any(s => s.Code == C2paStatusCodes.SigningCredentialTrusted);

    /// <summary>digitalSourceType values declared by this manifest's actions, in order, without duplicates.</summary>
    public IReadOnlyList<string> DigitalSourceTypes =>
        Actions.Select(a => a.DigitalSourceType).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
}
