using FakeLens.Core.Detection;

namespace FakeLens;

/// <summary>How an <see cref="Analyzer"/> is set up: which detectors run, with which keys, within which limits.</summary>
public sealed record AnalyzerOptions
{
    /// <summary>Defaults: every detector, the open watermark key only, no trust anchors, <see cref="ScanLimits.Default"/>.</summary>
    public static AnalyzerOptions Default { get; } = new();

    /// <summary>Run only these detectors (ids or prefixes such as <c>noise</c>); empty runs all.</summary>
    public IReadOnlyList<string> Detectors { get; init; } = [];

    /// <summary>Do not run these detectors (ids or prefixes).</summary>
    public IReadOnlyList<string> Skip { get; init; } = [];

    /// <summary>Passphrases of private FakeLens watermark keys to try besides the open labelling key.</summary>
    public IReadOnlyList<string> WatermarkKeys { get; init; } = [];

    /// <summary>PEM bundle of C2PA trust anchors; null: signatures can be valid but never trusted.</summary>
    public string? TrustAnchorsPath { get; init; }

    /// <summary>Pixel, size and time limits for one file.</summary>
    public ScanLimits Limits { get; init; } = ScanLimits.Default;

    /// <summary>
    /// Detectors of one file run at the same time by <c>AnalyzeAsync</c> of a single file or stream (1: one after another).
    /// The findings are the same; only the wall time and peak memory change. Batches share their jobs instead (a batch
    /// shorter than its jobs gives the spare ones to its files' detectors).
    /// </summary>
    public int DetectorThreads { get; init; } = 1;
}
