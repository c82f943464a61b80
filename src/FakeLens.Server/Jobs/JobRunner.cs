using System.Diagnostics;
using FakeLens.Core.Reporting;

namespace FakeLens.Server.Jobs;

/// <summary>
/// Analyses one job's upload and turns the result into a <see cref="JobOutcome"/>. Shared by the in-process workers
/// (<see cref="JobWorkers"/>) and the scale-out workers (<c>fakelens worker</c>), so both write the same reports.
/// </summary>
public static class JobRunner
{
    /// <summary>Progress is reported at most this often per job.</summary>
    private static readonly TimeSpan ProgressInterval = TimeSpan.FromMilliseconds(250);

    /// <summary>Analyses <paramref name="path"/> as <paramref name="job"/>.</summary>
    /// <param name="job">The job (its detector choice and file name are used).</param>
    /// <param name="path">Local path of the upload.</param>
    /// <param name="analyzers">Analyzers by detector choice.</param>
    /// <param name="onProgress">Called with 0..1, throttled; must not throw.</param>
    /// <param name="cancellationToken">Stops the analysis (shutdown).</param>
    /// <returns>The outcome to complete the job with.</returns>
    public static async Task<JobOutcome> RunAsync(JobRecord job, string path, AnalyzerPool analyzers, Action<double> onProgress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(analyzers);
        ArgumentNullException.ThrowIfNull(onProgress);
        var started = DateTimeOffset.UtcNow;
        var lastWrite = Stopwatch.StartNew();
        var progress = new SyncProgress(p =>
        {
            if (lastWrite.Elapsed >= ProgressInterval)
            {
                lastWrite.Restart();
                onProgress(p.Fraction);
            }
        });

        Analyzer analyzer;
        try
        {
            analyzer = analyzers.For(job.Detectors);
        }
        catch (AnalyzerConfigurationException e)
        {
            return new JobOutcome { State = JobState.Failed, ErrorCode = "unknown-detector", ErrorMessage = e.Message };
        }

        var file = await analyzer.AnalyzeAsync(path, progress, cancellationToken).ConfigureAwait(false);
        file = file with { Path = job.FileName };
        var report = analyzer.Report([file], started);
        var heatmaps = file.Evidence.Where(e => e.Heatmap is not null).Select(e => e.Heatmap!.ColourPng).ToList();
        return new JobOutcome
        {
            State = file.Status == FileStatus.Ok ? JobState.Done : JobState.Failed,
            Verdict = file.Verdict is { } v ? JobWorkers.BandName(v.Band) : null,
            Confidence = file.Verdict?.Confidence,
            Probabilities = file.Verdict is { } pv ? (pv.Probabilities.AiGenerated, pv.Probabilities.Manipulated, pv.Probabilities.Authentic) : null,
            Summary = file.Verdict?.Summary,
            ErrorCode = file.Error?.Code,
            ErrorMessage = file.Error?.Message,
            ReportJson = ReportJson.Serialize(report),
            ReportHtml = Analyzer.WriteHtml(report, _ => path),
            Heatmaps = heatmaps,
        };
    }

    /// <summary>Calls back on the reporting thread (Progress&lt;T&gt; would post to the thread pool, out of order).</summary>
    private sealed class SyncProgress(Action<AnalysisProgress> report) : IProgress<AnalysisProgress>
    {
        public void Report(AnalysisProgress value) => report(value);
    }
}
