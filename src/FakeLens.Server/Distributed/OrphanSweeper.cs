using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace FakeLens.Server.Distributed;

/// <summary>
/// Runs in <c>fakelens serve</c> (scale-out mode), every <see cref="Interval"/>: publishes jobs whose row committed but
/// whose message never reached the broker (it was down), and jobs whose worker stopped beating its heart (stuck or
/// gone without the broker noticing), so another worker takes them over. Several servers may sweep at once; a job
/// published twice is harmless.
/// </summary>
public sealed partial class OrphanSweeper(PostgresJobStore store, RabbitBroker broker, DistributedOptions options, TimeProvider time, ILogger<OrphanSweeper> logger) : BackgroundService
{
    /// <summary>How often to sweep.</summary>
    public static TimeSpan Interval { get; } = TimeSpan.FromSeconds(2);

    /// <inheritdoc/>
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                try
                {
                    await SweepAsync(stoppingToken).ConfigureAwait(false);
                }
                catch (Exception e) when (DistributedWorker.IsInfrastructure(e) || e is IOException)
                {
                    if (e is Npgsql.NpgsqlException n && PostgresJobStore.IsConnectionLoss(n))
                    {
                        store.DataSource.Clear();
                    }

                    LogSweepFailed(logger, e);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    /// <summary>One sweep.</summary>
    /// <param name="cancellationToken">Stops the call.</param>
    /// <returns>Jobs published.</returns>
    public async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var orphans = await store.OrphansAsync(now - Interval, now - options.StaleAfter, 500, cancellationToken).ConfigureAwait(false);
        foreach (var (id, priority, stale) in orphans)
        {
            var job = await store.FindAsync(id, cancellationToken).ConfigureAwait(false);
            if (job is null)
            {
                continue;
            }

            await broker.PublishAsync(new JobMessage(id, job.Sha256, 1), priority, cancellationToken).ConfigureAwait(false);
            await store.MarkPublishedAsync(id, cancellationToken).ConfigureAwait(false);
            LogRepublished(logger, id, stale ? "its worker's heartbeat stopped" : "it was never published");
        }

        return orphans.Count;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {JobId} published again: {Why}.")]
    private static partial void LogRepublished(ILogger logger, string jobId, string why);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sweep for unpublished and stuck jobs failed; next one in a moment.")]
    private static partial void LogSweepFailed(ILogger logger, Exception e);
}
