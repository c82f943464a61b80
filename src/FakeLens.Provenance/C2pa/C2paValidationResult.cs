namespace FakeLens.Provenance.C2pa;

/// <summary>
/// The outcome of <see cref="C2paValidator.Validate"/>: overall state, the active manifest's statuses (spec codes),
/// and what the active manifest says (generator, signer, time, actions, ingredients with their own validation).
/// </summary>
public sealed record C2paValidationResult
{
    public required C2paValidationState State { get; init; }

    /// <summary>Statuses of the active manifest (and of the store when it could not be read).</summary>
    public IReadOnlyList<C2paStatus> Statuses { get; init; } = [];

    public C2paManifestReport? ActiveManifest { get; init; }

    public int ManifestCount { get; init; }

    public string? RemoteManifestUrl { get; init; }

    public string? AssetError { get; init; }

    public string? ClaimGenerator => ActiveManifest?.ClaimGenerator;

    public C2paSigner? Signer => ActiveManifest?.Signer;

    public DateTimeOffset? SigningTime => ActiveManifest?.SigningTime;

    public IReadOnlyList<C2paAction> Actions => ActiveManifest?.Actions ?? [];

    public IReadOnlyList<C2paIngredientReport> Ingredients => ActiveManifest?.Ingredients ?? [];

    public IEnumerable<C2paStatus> Failures => Statuses.Where(s => s.Kind == C2paStatusKind.Failure);

    public bool Has(string code) => Statuses.Any(s => string.Equals(s.Code, code, StringComparison.Ordinal));
}
