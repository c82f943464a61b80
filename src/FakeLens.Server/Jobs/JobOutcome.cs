namespace FakeLens.Server.Jobs;

/// <summary>What a worker hands back for a job: the verdict columns, the report bodies and the heatmap PNGs.</summary>
public sealed record JobOutcome
{
    /// <summary>Done or failed.</summary>
    public required JobState State { get; init; }

    /// <summary>Verdict band (report form), when analysed.</summary>
    public string? Verdict { get; init; }

    /// <summary>Verdict confidence.</summary>
    public double? Confidence { get; init; }

    /// <summary>Posterior probabilities (AI, manipulated, authentic).</summary>
    public (double Ai, double Manipulated, double Authentic)? Probabilities { get; init; }

    /// <summary>The verdict's sentence.</summary>
    public string? Summary { get; init; }

    /// <summary>Error code when failed.</summary>
    public string? ErrorCode { get; init; }

    /// <summary>Error message when failed.</summary>
    public string? ErrorMessage { get; init; }

    /// <summary>The JSON report (schema/report-1.schema.json), one file.</summary>
    public string? ReportJson { get; init; }

    /// <summary>The self-contained HTML report.</summary>
    public string? ReportHtml { get; init; }

    /// <summary>Heatmap PNGs in evidence order.</summary>
    public IReadOnlyList<byte[]> Heatmaps { get; init; } = [];
}
