using FakeLens.Core.Media;

namespace FakeLens.Provenance.C2pa.Signing;

/// <summary>The signed file and where its manifest store sits.</summary>
/// <param name="Bytes">The signed asset.</param>
/// <param name="Format">Its format, as <see cref="C2pa.C2paReader"/> expects it.</param>
/// <param name="ManifestLabel">Label of the new (active) manifest, <c>urn:c2pa:…</c>.</param>
/// <param name="ManifestStoreLength">Size of the JUMBF manifest store in bytes.</param>
/// <param name="ExclusionStart">Start of the data-hash exclusion (the embedded store with its container headers).</param>
/// <param name="ExclusionLength">Length of the data-hash exclusion.</param>
/// <param name="ReplacedExistingManifest">The input already carried a C2PA manifest store, which was removed (not kept as an ingredient).</param>
public sealed record C2paSignResult(
    byte[] Bytes,
    MediaFormat Format,
    string ManifestLabel,
    int ManifestStoreLength,
    long ExclusionStart,
    long ExclusionLength,
    bool ReplacedExistingManifest);
