namespace FakeLens.Core.Detection;

/// <summary>Resource guards for one scan. Files over a limit are refused with a clear error, never half-read.</summary>
/// <param name="MaxPixels">Largest image (width × height) that is decoded; decompression bombs stop here.</param>
/// <param name="MaxFileBytes">Largest file read into memory.</param>
/// <param name="FileTimeout">Wall-clock limit for all detectors on one file.</param>
public sealed record ScanLimits(long MaxPixels, long MaxFileBytes, TimeSpan FileTimeout)
{
    public static ScanLimits Default { get; } = new(100_000_000, 512L * 1024 * 1024, TimeSpan.FromMinutes(2));

    /// <summary>
    /// Wall-clock limit for one detector on one file; null (the default) means 95 % of <see cref="FileTimeout"/>: the video
    /// frames detector budgets itself against the file limit and finishes its dense pass by 90 % of it. A detector that
    /// reaches it is stopped and reported as a <c>detector-timeout</c> error, and the file keeps a verdict from the
    /// detectors that finished and those that fit in the time left, instead of the whole file timing out.
    /// </summary>
    public TimeSpan? DetectorTimeout { get; init; }

    /// <summary>The per-detector limit in force: <see cref="DetectorTimeout"/>, or 95 % of <see cref="FileTimeout"/>.</summary>
    public TimeSpan EffectiveDetectorTimeout => DetectorTimeout ?? (FileTimeout == Timeout.InfiniteTimeSpan ? FileTimeout : FileTimeout * 0.95);
}
