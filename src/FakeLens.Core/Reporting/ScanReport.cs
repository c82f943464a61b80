namespace FakeLens.Core.Reporting;

/// <summary>The result of one scan: versioned, self-describing, one entry per input file (schema/report-1.schema.json).</summary>
public sealed record ScanReport
{
    public const string CurrentSchemaVersion = "1.0";

    public string SchemaVersion { get; init; } = CurrentSchemaVersion;

    public required ToolInfo Tool { get; init; }

    public required DateTimeOffset StartedAt { get; init; }

    public required double DurationMs { get; init; }

    public required ScanSettings Settings { get; init; }

    public required ScanSummary Summary { get; init; }

    public required IReadOnlyList<FileReport> Files { get; init; }
}
