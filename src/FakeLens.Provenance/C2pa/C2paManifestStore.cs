namespace FakeLens.Provenance.C2pa;

/// <summary>
/// What <see cref="C2paReader"/> found in a file: the manifests in store order (the last is the active one), a
/// remote-manifest reference (reported, never fetched), statuses for a store that could not be read, or an
/// asset error for a container that could not be parsed.
/// </summary>
public sealed record C2paManifestStore
{
    public static C2paManifestStore None { get; } = new();

    /// <summary>True when a C2PA JUMBF store was found (even if it turned out to be damaged).</summary>
    public bool HasManifest { get; init; }

    public IReadOnlyList<C2paManifest> Manifests { get; init; } = [];

    /// <summary>The raw JUMBF store.</summary>
    public ReadOnlyMemory<byte> StoreBytes { get; init; }

    /// <summary>
    /// File ranges (start, length) of the container segments that hold the store — JPEG APP11 segments, the PNG caBX
    /// chunk, markers and headers included — or null where FakeLens does not locate them for this container.
    /// </summary>
    public IReadOnlyList<(long Start, long Length)>? ContainerRanges { get; init; }

    /// <summary>Reading problems (<c>manifest.inaccessible</c>, <c>claim.malformed</c>) that stop validation.</summary>
    public IReadOnlyList<C2paStatus> ReadStatuses { get; init; } = [];

    /// <summary>A remote manifest URL from XMP <c>dcterms:provenance</c>; FakeLens never fetches it.</summary>
    public string? RemoteManifestUrl { get; init; }

    /// <summary>Set when the container itself could not be parsed (c2pa-rs <c>InvalidAsset</c>).</summary>
    public string? AssetError { get; init; }

    public C2paManifest? ActiveManifest => Manifests.Count > 0 ? Manifests[^1] : null;

    /// <summary>Finds a manifest by its label (the last path segment of a <c>self#jumbf=/c2pa/label</c> URI).</summary>
    public C2paManifest? Find(string label) =>
        Manifests.FirstOrDefault(m => string.Equals(m.Label, label, StringComparison.Ordinal));
}
