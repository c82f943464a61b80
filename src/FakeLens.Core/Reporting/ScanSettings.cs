namespace FakeLens.Core.Reporting;

/// <summary>The settings a scan ran with, so a report can be reproduced.</summary>
public sealed record ScanSettings(IReadOnlyList<string> Detectors, long MaxPixels, int Jobs, double FileTimeoutSeconds);
