using FakeLens.Server.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace FakeLens.Server.Jobs;

/// <summary>
/// The bounded worker pool: <see cref="ServerOptions.Workers"/> loops, each claiming the oldest queued job,
/// analysing its upload and completing it under its lease. On start, jobs a dead process left running are
/// re-queued first. On shutdown, a job being analysed goes back to the queue.
/// </summary>
public sealed partial class JobWorkers(
    IJobStore store, IContentStore uploads, AnalyzerPool analyzers, JobSignal signal, ServerOptions options, ILogger<JobWorkers> logger) : BackgroundService
{
    private readonly string _instance = Guid.NewGuid().ToString("N");

    /// <inheritdoc/>
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var requeued = await store.RecoverInterruptedAsync(options.MaxAttempts, stoppingToken).ConfigureAwait(false);
        if (requeued > 0)
        {
            LogRequeued(logger, requeued);
        }

        var workers = Enumerable.Range(0, Math.Max(0, options.Workers)).Select(i => Task.Run(() => LoopAsync(i, stoppingToken), CancellationToken.None));
        await Task.WhenAll(workers).ConfigureAwait(false);
    }

    private async Task LoopAsync(int worker, CancellationToken stoppingToken)
    {
        var lease = $"{_instance}-{worker}";
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var job = await store.ClaimNextAsync(lease, stoppingToken).ConfigureAwait(false);
                if (job is null)
                {
                    await signal.WaitAsync(TimeSpan.FromSeconds(1), stoppingToken).ConfigureAwait(false);
                    continue;
                }

                await RunAsync(job, lease, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // A worker must survive any one job's failure (a database hiccup); it logs and carries on.
            catch (Exception e)
#pragma warning restore CA1031
            {
                LogWorkerError(logger, e);
                await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken).ConfigureAwait(false);
            }
        }
    }

    private async Task RunAsync(JobRecord job, string lease, CancellationToken stoppingToken)
    {
        JobOutcome outcome;
        try
        {
            // Fire and forget is safe: a lost progress write only makes the bar lag.
            outcome = await JobRunner.RunAsync(
                job, await uploads.LocalPathAsync(job.Sha256, stoppingToken).ConfigureAwait(false), analyzers, p => _ = store.ReportProgressAsync(job.Id, lease, p, CancellationToken.None), stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            await store.ReleaseAsync(job.Id, lease, CancellationToken.None).ConfigureAwait(false);
            throw;
        }

        if (!await store.CompleteAsync(job.Id, lease, outcome, CancellationToken.None).ConfigureAwait(false))
        {
            LogLeaseLost(logger, job.Id);
        }
    }

    /// <summary>The kebab-case band name used in reports (ai-generated, no-evidence-found, …).</summary>
    /// <param name="band">The band.</param>
    /// <returns>Its report name.</returns>
    public static string BandName(Core.Fusion.VerdictBand band) =>
        System.Text.Json.JsonNamingPolicy.KebabCaseLower.ConvertName(band.ToString());

    [LoggerMessage(Level = LogLevel.Warning, Message = "Re-queued {Count} job(s) that were running when the service last stopped.")]
    private static partial void LogRequeued(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "A job worker failed; it carries on.")]
    private static partial void LogWorkerError(ILogger logger, Exception e);

    [LoggerMessage(Level = LogLevel.Information, Message = "Job {Id} was re-queued or deleted while it ran; its result is dropped.")]
    private static partial void LogLeaseLost(ILogger logger, string id);
}
