namespace FakeLens.Imaging.Compare;

/// <summary>
/// One indexed picture: path (relative to the index's root), size, hashes as 16 hex digits, and (index format 2)
/// its <see cref="KeypointSignature"/> as base64 (null in format-1 indexes: those are searched by hashes only).
/// </summary>
public sealed record CompareIndexEntry(string Path, int Width, int Height, long Bytes, string PHash, string DHash, string? Keys = null)
{
    // Decoded once per loaded index, not on every search (a benign race: two threads may both decode).
    private PerceptualHash? _hash;
    private KeypointSignature? _signature;

    internal PerceptualHash Hash => _hash ??= new(Convert.ToUInt64(PHash, 16), Convert.ToUInt64(DHash, 16));

    internal KeypointSignature? Signature => Keys is null ? null : _signature ??= KeypointSignature.FromBytes(Convert.FromBase64String(Keys));
}
