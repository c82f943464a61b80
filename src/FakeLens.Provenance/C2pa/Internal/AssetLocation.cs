namespace FakeLens.Provenance.C2pa.Internal;

/// <summary>What the container scan found: the manifest store bytes, a remote reference, or why the asset is unreadable.</summary>
internal sealed record AssetLocation(byte[]? Jumbf, string? RemoteUrl, string? AssetError);
