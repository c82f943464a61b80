using FakeLens.Server.Jobs;

namespace FakeLens.Server.Api;

/// <summary>An analysis as the API shows it.</summary>
/// <param name="Id">Analysis id.</param>
/// <param name="Status">queued, running, done or failed.</param>
/// <param name="Progress">0..1.</param>
/// <param name="FileName">Name given at upload.</param>
/// <param name="Sha256">SHA-256 of the upload.</param>
/// <param name="SizeBytes">Upload size.</param>
/// <param name="MediaType">MIME type sniffed from the bytes.</param>
/// <param name="Detectors">The detector choice of the request, or null for all.</param>
/// <param name="Attempts">Times a worker started it.</param>
/// <param name="CreatedAt">Upload time.</param>
/// <param name="StartedAt">Start of the latest attempt.</param>
/// <param name="FinishedAt">End of the analysis.</param>
/// <param name="Reused">True when this response reuses an earlier analysis of the same bytes with the same detectors.</param>
/// <param name="Verdict">The verdict, when done.</param>
/// <param name="Error">Why the file could not be analysed, when failed.</param>
/// <param name="UploadDeleted">Retention has deleted the upload, the HTML report and the heatmaps.</param>
/// <param name="Links">Where the reports and heatmaps are.</param>
public sealed record AnalysisResource(
    string Id,
    string Status,
    double Progress,
    string FileName,
    string Sha256,
    long SizeBytes,
    string MediaType,
    string? Detectors,
    int Attempts,
    DateTimeOffset CreatedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt,
    bool Reused,
    VerdictResource? Verdict,
    ErrorResource? Error,
    bool UploadDeleted,
    LinksResource Links)
{
    /// <summary>The resource for a stored job.</summary>
    /// <param name="job">The job.</param>
    /// <param name="reused">Whether the request reused it.</param>
    /// <returns>The resource.</returns>
    public static AnalysisResource From(JobRecord job, bool reused = false)
    {
        ArgumentNullException.ThrowIfNull(job);
        var self = $"/api/v1/analyses/{job.Id}";
        var finished = job.State is JobState.Done or JobState.Failed;
        return new AnalysisResource(
            job.Id,
            job.State.ToString().ToLowerInvariant(),
            job.State is JobState.Done or JobState.Failed ? 1 : Math.Round(job.Progress, 3),
            job.FileName,
            job.Sha256,
            job.SizeBytes,
            job.MediaType,
            job.Detectors.Length == 0 ? null : job.Detectors,
            job.Attempts,
            job.CreatedAt,
            job.StartedAt,
            job.FinishedAt,
            reused,
            job.Verdict is null ? null : new VerdictResource(job.Verdict, job.Confidence ?? 0, new ProbabilitiesResource(job.ProbabilityAi ?? 0, job.ProbabilityManipulated ?? 0, job.ProbabilityAuthentic ?? 0), job.Summary ?? string.Empty),
            job.ErrorCode is null ? null : new ErrorResource(job.ErrorCode, job.ErrorMessage ?? string.Empty),
            job.UploadDeleted,
            new LinksResource(
                self,
                finished ? self + "/report.json" : null,
                finished && !job.UploadDeleted ? self + "/report.html" : null,
                Enumerable.Range(0, job.Heatmaps).Select(n => $"{self}/heatmaps/{n}.png").ToList()));
    }
}

/// <summary>The fused verdict.</summary>
/// <param name="Band">ai-generated, manipulated, authentic-with-verified-provenance, no-evidence-found or inconclusive.</param>
/// <param name="Confidence">Probability of the band's hypothesis.</param>
/// <param name="Probabilities">Posterior probabilities.</param>
/// <param name="Summary">One sentence for a person.</param>
public sealed record VerdictResource(string Band, double Confidence, ProbabilitiesResource Probabilities, string Summary);

/// <summary>Posterior probability of each hypothesis.</summary>
/// <param name="AiGenerated">AI-generated.</param>
/// <param name="Manipulated">Manipulated.</param>
/// <param name="Authentic">Authentic.</param>
public sealed record ProbabilitiesResource(double AiGenerated, double Manipulated, double Authentic);

/// <summary>Why a file was not analysed (the CLI's per-file error codes).</summary>
/// <param name="Code">not-found, empty, not-media, too-large, corrupt, unsupported, timeout, unreadable, interrupted.</param>
/// <param name="Message">What happened, for a person.</param>
public sealed record ErrorResource(string Code, string Message);

/// <summary>Links of an analysis.</summary>
/// <param name="Self">This analysis.</param>
/// <param name="ReportJson">The JSON report, once finished.</param>
/// <param name="ReportHtml">The HTML report, once finished (until retention).</param>
/// <param name="Heatmaps">Heatmap PNGs in evidence order.</param>
public sealed record LinksResource(string Self, string? ReportJson, string? ReportHtml, IReadOnlyList<string> Heatmaps);

/// <summary>A page of history.</summary>
/// <param name="Items">Analyses, newest first.</param>
/// <param name="Page">1-based page.</param>
/// <param name="PageSize">Items per page.</param>
/// <param name="Total">Matching analyses in all.</param>
public sealed record AnalysisPage(IReadOnlyList<AnalysisResource> Items, int Page, int PageSize, int Total);
