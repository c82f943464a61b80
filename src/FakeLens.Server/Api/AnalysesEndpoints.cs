using System.Globalization;
using FakeLens.Core.Media;
using FakeLens.Server.Jobs;
using FakeLens.Server.Security;
using FakeLens.Server.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace FakeLens.Server.Api;

/// <summary>The REST API: <c>/api/v1/analyses</c> (upload, status, reports, heatmaps, delete, history).</summary>
internal static class AnalysesEndpoints
{
    public const string UploadPolicy = "uploads";
    private const int MaxWaitSeconds = 60;
    private static readonly string[] Bands = ["ai-generated", "manipulated", "authentic-with-verified-provenance", "no-evidence-found", "inconclusive"];

    public static void Map(IEndpointRouteBuilder app, ServerOptions options)
    {
        var api = app.MapGroup("/api/v1/analyses").AddEndpointFilter<ApiKeyFilter>().WithTags("Analyses");

        var create = api.MapPost("/", CreateAsync)
            .WithName("CreateAnalysis")
            .WithSummary("Upload one file for analysis")
            .WithDescription("Multipart/form-data (one part with a filename) or the raw body (application/octet-stream, image/*, audio/*, video/*; name it with ?name=). " +
                "The bytes decide the format; the name is a hint. Returns 202 with Location while the job is queued or running, 200 when it is finished " +
                "(an earlier analysis of the same bytes with the same detectors is reused unless rerun=true, or wait=seconds let it finish). priority=batch queues it behind interactive uploads.")
            .Produces<AnalysisResource>(StatusCodes.Status202Accepted)
            .Produces<AnalysisResource>(StatusCodes.Status200OK)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .DisableAntiforgery();
        if (options.UploadsPerMinute > 0)
        {
            create.RequireRateLimiting(UploadPolicy);
        }

        api.MapGet("/", ListAsync).WithName("ListAnalyses").WithSummary("History, newest first: page, pageSize (≤ 100), verdict, status, from, to (ISO 8601), q (file name or SHA-256 prefix)")
            .Produces<AnalysisPage>().ProducesProblem(StatusCodes.Status400BadRequest);
        api.MapGet("/{id}", GetAsync).WithName("GetAnalysis").WithSummary("Status, progress and verdict of one analysis")
            .Produces<AnalysisResource>().ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/{id}/report.json", (string id, HttpContext http, IJobStore store) => ReportAsync(id, http, store, html: false))
            .WithName("GetJsonReport").WithSummary("The JSON report (schema/report-1.schema.json)")
            .Produces<string>(StatusCodes.Status200OK, "application/json").ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        api.MapGet("/{id}/report.html", (string id, HttpContext http, IJobStore store) => ReportAsync(id, http, store, html: true))
            .WithName("GetHtmlReport").WithSummary("The self-contained HTML report (sandboxed)")
            .Produces<string>(StatusCodes.Status200OK, "text/html").ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        api.MapGet("/{id}/heatmaps/{n:int}.png", HeatmapAsync).WithName("GetHeatmap").WithSummary("Heatmap n (0-based, in evidence order) as a transparent PNG overlay")
            .Produces<byte[]>(StatusCodes.Status200OK, "image/png").ProducesProblem(StatusCodes.Status404NotFound);
        api.MapDelete("/{id}", DeleteAsync).WithName("DeleteAnalysis").WithSummary("Delete an analysis, its reports and (when no other analysis uses it) its upload")
            .Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static string Owner(HttpContext http) => (string)http.Items[ApiKeyFilter.OwnerItem]!;

    private static async Task<IResult> CreateAsync(
        HttpContext http, IJobStore store, IContentStore uploads, AnalyzerPool analyzers, JobSignal signal, ServerOptions options,
        [FromQuery] string? detectors, [FromQuery] int? wait, [FromQuery] bool? rerun, [FromQuery] string? name, [FromQuery] string? priority)
    {
        var ct = http.RequestAborted;
        int queuePriority;
        switch (priority)
        {
            case null or "" or "interactive":
                queuePriority = JobPriority.Interactive;
                break;
            case "batch":
                queuePriority = JobPriority.Batch;
                break;
            default:
                return Problems.Of(StatusCodes.Status400BadRequest, "bad-parameter", "Bad parameter", "priority takes interactive (the default) or batch.");
        }

        if (wait is < 0 or > MaxWaitSeconds)
        {
            return Problems.Of(StatusCodes.Status400BadRequest, "bad-parameter", "Bad parameter", $"wait takes 0 to {MaxWaitSeconds} seconds.");
        }

        var choice = AnalyzerPool.Normalize(detectors);
        Analyzer analyzer;
        try
        {
            analyzer = analyzers.For(choice);
        }
        catch (AnalyzerConfigurationException e)
        {
            return Problems.Of(StatusCodes.Status400BadRequest, "unknown-detector", "Unknown detector", e.Message.Replace("Run 'fakelens detectors'", "Run 'fakelens detectors' or see GET /openapi/v1.json", StringComparison.Ordinal));
        }

        StagedUpload? staged;
        string? fileName;
        IResult? problem;
        try
        {
            (staged, fileName, problem) = await UploadReader.ReadAsync(http.Request, uploads, options.MaxUploadBytes, name, ct).ConfigureAwait(false);
        }
        catch (BadHttpRequestException e)
        {
            return e.StatusCode == StatusCodes.Status413PayloadTooLarge
                ? UploadReader.TooLarge(http.Request.ContentLength ?? options.MaxUploadBytes + 1, options.MaxUploadBytes)
                : Problems.Of(e.StatusCode, "bad-request", "Bad request", e.Message);
        }

        if (problem is not null)
        {
            return problem;
        }

        if (staged!.TooLarge)
        {
            return UploadReader.TooLarge(staged.SizeBytes, options.MaxUploadBytes);
        }

        if (staged.SizeBytes == 0)
        {
            uploads.Discard(staged);
            return UploadReader.Empty();
        }

        // Content sniffing: the bytes decide what the file is; the name and Content-Type are hints only.
        var media = MediaSniffer.Sniff(staged.Head, fileName);
        if (media.Format == MediaFormat.Unknown)
        {
            uploads.Discard(staged);
            var hint = media.ExtensionHint is { } h ? $" although its name ends as a {h.ToString().ToUpperInvariant()} file" : string.Empty;
            return Problems.Of(StatusCodes.Status415UnsupportedMediaType, "not-media", "Not a media file",
                $"Not a recognised image, audio or video file{hint} (first bytes: {Convert.ToHexString(staged.Head.AsSpan(0, Math.Min(8, staged.Head.Length)))}).");
        }

        uploads.Commit(staged);
        var (job, reused) = await store.EnqueueAsync(
            new NewJob(Owner(http), fileName!, staged.Sha256, staged.SizeBytes, media.MimeType, choice, analyzer.DetectorSetKey, queuePriority), rerun ?? false, ct).ConfigureAwait(false);
        if (!reused)
        {
            signal.Notify();
        }

        if (wait is > 0)
        {
            var deadline = DateTime.UtcNow.AddSeconds(wait.Value);
            while (job.State is JobState.Queued or JobState.Running && DateTime.UtcNow < deadline)
            {
                await Task.Delay(200, ct).ConfigureAwait(false);
                job = await store.GetAsync(job.Id, job.Owner, ct).ConfigureAwait(false) ?? job;
            }
        }

        var resource = AnalysisResource.From(job, reused);
        http.Response.Headers.Location = resource.Links.Self;
        return job.State is JobState.Done or JobState.Failed
            ? Results.Ok(resource)
            : Results.Json(resource, statusCode: StatusCodes.Status202Accepted);
    }

    private static async Task<IResult> GetAsync(string id, HttpContext http, IJobStore store)
    {
        var job = await store.GetAsync(id, Owner(http), http.RequestAborted).ConfigureAwait(false);
        return job is null ? Problems.UnknownId(id) : Results.Ok(AnalysisResource.From(job));
    }

    private static async Task<IResult> ReportAsync(string id, HttpContext http, IJobStore store, bool html)
    {
        var job = await store.GetAsync(id, Owner(http), http.RequestAborted).ConfigureAwait(false);
        if (job is null)
        {
            return Problems.UnknownId(id);
        }

        if (job.State is JobState.Queued or JobState.Running)
        {
            return Problems.Of(StatusCodes.Status409Conflict, "not-finished", "Analysis not finished", $"The analysis is {job.State.ToString().ToLowerInvariant()}; the report exists once it is done.");
        }

        var body = await store.GetReportAsync(id, job.Owner, html, http.RequestAborted).ConfigureAwait(false);
        if (body is null)
        {
            return Problems.Of(StatusCodes.Status404NotFound, "expired", "Report removed", "Retention removed this report together with the upload; the verdict is kept.");
        }

        if (!html)
        {
            return Results.Text(body, "application/json; charset=utf-8");
        }

        http.Response.Headers.ContentSecurityPolicy = SecurityHeaders.ReportCsp;
        if (http.Request.Query.ContainsKey("download"))
        {
            http.Response.Headers.ContentDisposition = $"attachment; filename=\"fakelens-{job.Id}.html\"";
        }

        return Results.Text(body, "text/html; charset=utf-8");
    }

    private static async Task<IResult> HeatmapAsync(string id, int n, HttpContext http, IJobStore store)
    {
        var png = n < 0 ? null : await store.GetHeatmapAsync(id, Owner(http), n, http.RequestAborted).ConfigureAwait(false);
        return png is null
            ? Problems.Of(StatusCodes.Status404NotFound, "not-found", "No such heatmap", $"Analysis '{(id.Length > 64 ? id[..64] : id)}' has no heatmap {n}.")
            : Results.File(png, "image/png");
    }

    private static async Task<IResult> DeleteAsync(string id, HttpContext http, IJobStore store, IContentStore uploads)
    {
        var job = await store.DeleteAsync(id, Owner(http), http.RequestAborted).ConfigureAwait(false);
        if (job is null)
        {
            return Problems.UnknownId(id);
        }

        if (!await store.IsUploadInUseAsync(job.Sha256, http.RequestAborted).ConfigureAwait(false))
        {
            uploads.Delete(job.Sha256);
        }

        return Results.NoContent();
    }

    private static async Task<IResult> ListAsync(
        HttpContext http, IJobStore store,
        [FromQuery] int? page, [FromQuery] int? pageSize, [FromQuery] string? verdict, [FromQuery] string? status,
        [FromQuery] string? from, [FromQuery] string? to, [FromQuery] string? q)
    {
        if (page is < 1 || pageSize is < 1 or > 100)
        {
            return Problems.Of(StatusCodes.Status400BadRequest, "bad-parameter", "Bad parameter", "page starts at 1; pageSize is 1 to 100.");
        }

        if (verdict is not null && !Bands.Contains(verdict, StringComparer.Ordinal))
        {
            return Problems.Of(StatusCodes.Status400BadRequest, "bad-parameter", "Bad parameter", $"verdict is one of: {string.Join(", ", Bands)}.");
        }

        JobState? state = null;
        if (status is not null)
        {
            if (!Enum.TryParse<JobState>(status, ignoreCase: true, out var s) || int.TryParse(status, CultureInfo.InvariantCulture, out _))
            {
                return Problems.Of(StatusCodes.Status400BadRequest, "bad-parameter", "Bad parameter", "status is one of: queued, running, done, failed.");
            }

            state = s;
        }

        DateTimeOffset? fromTime = null, toTime = null;
        if ((from is not null && !TryTime(from, out fromTime)) || (to is not null && !TryTime(to, out toTime)))
        {
            return Problems.Of(StatusCodes.Status400BadRequest, "bad-parameter", "Bad parameter", "from and to take ISO 8601 dates or times, e.g. 2026-12-01 or 2026-12-01T12:00:00Z.");
        }

        var query = new JobQuery(Owner(http), page ?? 1, pageSize ?? 20, verdict, state, fromTime, toTime, q is { Length: > 200 } ? q[..200] : q);
        var result = await store.ListAsync(query, http.RequestAborted).ConfigureAwait(false);
        return Results.Ok(new AnalysisPage(result.Items.Select(j => AnalysisResource.From(j)).ToList(), query.Page, query.PageSize, result.Total));
    }

    private static bool TryTime(string text, out DateTimeOffset? time)
    {
        var ok = DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var t);
        time = ok ? t : null;
        return ok;
    }
}
