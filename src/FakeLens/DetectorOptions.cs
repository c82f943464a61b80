namespace FakeLens;

/// <summary>Scan options that configure detectors (keys, trust anchors).</summary>
/// <param name="WatermarkKeys">Passphrases of private FakeLens watermark keys to try besides the open labelling key.</param>
/// <param name="TrustAnchorsPath">PEM bundle of C2PA trust anchors; null: signatures can be valid but never trusted.</param>
public sealed record DetectorOptions(IReadOnlyList<string> WatermarkKeys, string? TrustAnchorsPath)
{
    /// <summary>No private watermark keys, no trust anchors.</summary>
    public static DetectorOptions Default { get; } = new([], null);
}
