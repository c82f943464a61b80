namespace FakeLens.Provenance.C2pa.Internal;

/// <summary>
/// What the container scan found: the manifest store bytes, a remote reference, or why the asset is unreadable; and,
/// where the container is one FakeLens checks this for (JPEG, PNG), the file ranges of the segments or chunks that
/// hold the store (markers and headers included), so that data-hash exclusions can be checked against them.
/// </summary>
internal sealed record AssetLocation(byte[]? Jumbf, string? RemoteUrl, string? AssetError, IReadOnlyList<(long Start, long Length)>? StoreRanges = null);
