namespace FakeLens.Provenance.C2pa.Signing;

/// <summary>An asset with any C2PA manifest store removed, and the offset where the new store goes.</summary>
internal sealed record PreparedAsset(byte[] Bytes, int InsertOffset, bool HadManifest);
