using FakeLens.Core.Fusion;
using FakeLens.Core.Media;

namespace FakeLens.Core.Reporting;

/// <summary>Everything FakeLens found about one file.</summary>
public sealed record FileReport
{
    public required string Path { get; init; }

    public long? SizeBytes { get; init; }

    /// <summary>SHA-256 of the file's bytes (hex), so a report names exactly what was analysed.</summary>
    public string? Sha256 { get; init; }

    public MediaType? Media { get; init; }

    public int? Width { get; init; }

    public int? Height { get; init; }

    public required FileStatus Status { get; init; }

    /// <summary>Why the file was not analysed (status error).</summary>
    public FileError? Error { get; init; }

    public Verdict? Verdict { get; init; }

    public IReadOnlyList<Evidence.Evidence> Evidence { get; init; } = [];

    /// <summary>Detectors that applied but could not run on this file.</summary>
    public IReadOnlyList<FileError> DetectorErrors { get; init; } = [];

    public required FileTimings Timings { get; init; }
}
