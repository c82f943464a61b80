namespace FakeLens.Imaging.Compare;

/// <summary>One indexed picture: path (relative to the index's root), size and hashes as 16 hex digits.</summary>
public sealed record CompareIndexEntry(string Path, int Width, int Height, long Bytes, string PHash, string DHash)
{
    internal PerceptualHash Hash => new(Convert.ToUInt64(PHash, 16), Convert.ToUInt64(DHash, 16));
}
