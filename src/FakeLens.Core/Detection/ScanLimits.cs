namespace FakeLens.Core.Detection;

/// <summary>Resource guards for one scan. Files over a limit are refused with a clear error, never half-read.</summary>
/// <param name="MaxPixels">Largest image (width × height) that is decoded; decompression bombs stop here.</param>
/// <param name="MaxFileBytes">Largest file read into memory.</param>
/// <param name="FileTimeout">Wall-clock limit for all detectors on one file.</param>
public sealed record ScanLimits(long MaxPixels, long MaxFileBytes, TimeSpan FileTimeout)
{
    public static ScanLimits Default { get; } = new(100_000_000, 512L * 1024 * 1024, TimeSpan.FromMinutes(2));

    /// <summary>
    /// Wall-clock limit for one detector on one file (at most <see cref="FileTimeout"/>). A detector that reaches it is
    /// stopped and reported as a <c>detector-timeout</c> error; the other detectors still run and the file still gets
    /// a verdict, so one stuck parser cannot cost the whole file.
    /// </summary>
    public TimeSpan DetectorTimeout { get; init; } = TimeSpan.FromMinutes(1);
}
