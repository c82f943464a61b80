namespace FakeLens.Provenance.C2pa;

/// <summary>
/// One ingredient of a manifest: title, relationship (parentOf, componentOf, inputTo), its own manifest's report
/// when it has one (recursively), the status codes recorded when it was ingested, and the differences found now
/// (c2pa-rs "ingredient deltas": e.g. <c>ingredient.manifest.validated</c>, <c>ingredient.unknownProvenance</c>).
/// </summary>
public sealed record C2paIngredientReport
{
    public string? Title { get; init; }

    public string? Relationship { get; init; }

    public string? Format { get; init; }

    public string? ManifestLabel { get; init; }

    public bool HasManifest => ManifestLabel is not null;

    public C2paManifestReport? Manifest { get; init; }

    public IReadOnlyList<string> RecordedStatusCodes { get; init; } = [];

    public IReadOnlyList<C2paStatus> Deltas { get; init; } = [];
}
