namespace FakeLens.Server.Jobs;

/// <summary>A job as the store holds it (without its report bodies).</summary>
public sealed record JobRecord
{
    /// <summary>Public id (time-ordered UUID, 32 hex digits).</summary>
    public required string Id { get; init; }

    /// <summary>API key id of the uploader, "" without keys.</summary>
    public required string Owner { get; init; }

    /// <summary>File name given by the client.</summary>
    public required string FileName { get; init; }

    /// <summary>SHA-256 of the upload.</summary>
    public required string Sha256 { get; init; }

    /// <summary>Upload size in bytes.</summary>
    public required long SizeBytes { get; init; }

    /// <summary>Sniffed MIME type.</summary>
    public required string MediaType { get; init; }

    /// <summary>The request's detector choice ("" for the default).</summary>
    public required string Detectors { get; init; }

    /// <summary>Resolved detector set key.</summary>
    public required string DetectorSet { get; init; }

    /// <summary>Life-cycle state.</summary>
    public required JobState State { get; init; }

    /// <summary>0..1 while running (detectors finished / detectors that apply).</summary>
    public double Progress { get; init; }

    /// <summary>Times a worker started it (more than 1 after a crash re-queued it).</summary>
    public int Attempts { get; init; }

    /// <summary>Times it was completed; 1 for every finished job (the crash-safety test checks this).</summary>
    public int Completions { get; init; }

    /// <summary>When it was uploaded.</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>When its latest attempt started.</summary>
    public DateTimeOffset? StartedAt { get; init; }

    /// <summary>When it finished.</summary>
    public DateTimeOffset? FinishedAt { get; init; }

    /// <summary>The verdict band in report form (ai-generated, manipulated, …), when done.</summary>
    public string? Verdict { get; init; }

    /// <summary>The verdict's confidence.</summary>
    public double? Confidence { get; init; }

    /// <summary>Posterior probability of AI generation.</summary>
    public double? ProbabilityAi { get; init; }

    /// <summary>Posterior probability of manipulation.</summary>
    public double? ProbabilityManipulated { get; init; }

    /// <summary>Posterior probability of authenticity.</summary>
    public double? ProbabilityAuthentic { get; init; }

    /// <summary>The verdict's one sentence.</summary>
    public string? Summary { get; init; }

    /// <summary>Error code when failed (the CLI's per-file codes, or interrupted / internal).</summary>
    public string? ErrorCode { get; init; }

    /// <summary>Error message when failed.</summary>
    public string? ErrorMessage { get; init; }

    /// <summary>Number of heatmaps stored for the job.</summary>
    public int Heatmaps { get; init; }

    /// <summary>True once retention deleted the upload (and the HTML report and heatmaps that show it).</summary>
    public bool UploadDeleted { get; init; }

    /// <summary>Queue priority (<see cref="JobPriority"/>).</summary>
    public int Priority { get; init; } = JobPriority.Interactive;
}
