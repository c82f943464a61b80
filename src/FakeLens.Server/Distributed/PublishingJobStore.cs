using FakeLens.Server.Jobs;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace FakeLens.Server.Distributed;

/// <summary>
/// The server's job store in scale-out mode: <see cref="PostgresJobStore"/>, and each new job is published to the
/// broker after its row commits. If the broker is down the upload still succeeds (the row is durable) and
/// <see cref="OrphanSweeper"/> publishes it when the broker is back; a job published twice is harmless (workers
/// drop deliveries of jobs that are finished or held).
/// </summary>
public sealed partial class PublishingJobStore(PostgresJobStore inner, RabbitBroker broker, ILogger<PublishingJobStore> logger) : IJobStore
{
    /// <inheritdoc/>
    public async Task<(JobRecord Job, bool Reused)> EnqueueAsync(NewJob job, bool rerun, CancellationToken cancellationToken)
    {
        // Retried after a dropped connection: if the first try did commit, the retry finds that row (reuse) and the
        // sweeper publishes it, since its published_at is still empty.
        var (record, reused) = await RetryAsync(() => inner.EnqueueAsync(job, rerun, cancellationToken)).ConfigureAwait(false);
        if (!reused)
        {
            try
            {
                await broker.PublishAsync(new JobMessage(record.Id, record.Sha256, 1), record.Priority, CancellationToken.None).ConfigureAwait(false);
                await inner.MarkPublishedAsync(record.Id, CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception e) when (DistributedWorker.IsInfrastructure(e) || e is IOException)
            {
                LogPublishFailed(logger, e, record.Id);
            }
        }

        return (record, reused);
    }

    /// <inheritdoc/>
    public Task InitializeAsync(CancellationToken cancellationToken) => RetryAsync(() => inner.InitializeAsync(cancellationToken));

    /// <inheritdoc/>
    public Task<int> RecoverInterruptedAsync(int maxAttempts, CancellationToken cancellationToken) => RetryAsync(() => inner.RecoverInterruptedAsync(maxAttempts, cancellationToken));

    /// <inheritdoc/>
    public Task<JobRecord?> ClaimNextAsync(string lease, CancellationToken cancellationToken) => inner.ClaimNextAsync(lease, cancellationToken);

    /// <inheritdoc/>
    public Task ReportProgressAsync(string id, string lease, double progress, CancellationToken cancellationToken) => inner.ReportProgressAsync(id, lease, progress, cancellationToken);

    /// <inheritdoc/>
    public Task<bool> CompleteAsync(string id, string lease, JobOutcome outcome, CancellationToken cancellationToken) => inner.CompleteAsync(id, lease, outcome, cancellationToken);

    /// <inheritdoc/>
    public Task ReleaseAsync(string id, string lease, CancellationToken cancellationToken) => inner.ReleaseAsync(id, lease, cancellationToken);

    /// <inheritdoc/>
    public Task<JobRecord?> GetAsync(string id, string owner, CancellationToken cancellationToken) => RetryAsync(() => inner.GetAsync(id, owner, cancellationToken));

    /// <inheritdoc/>
    public Task<string?> GetReportAsync(string id, string owner, bool html, CancellationToken cancellationToken) => RetryAsync(() => inner.GetReportAsync(id, owner, html, cancellationToken));

    /// <inheritdoc/>
    public Task<byte[]?> GetHeatmapAsync(string id, string owner, int n, CancellationToken cancellationToken) => RetryAsync(() => inner.GetHeatmapAsync(id, owner, n, cancellationToken));

    /// <inheritdoc/>
    public Task<JobPage> ListAsync(JobQuery query, CancellationToken cancellationToken) => RetryAsync(() => inner.ListAsync(query, cancellationToken));

    /// <inheritdoc/>
    public Task<JobRecord?> DeleteAsync(string id, string owner, CancellationToken cancellationToken) => RetryAsync(() => inner.DeleteAsync(id, owner, cancellationToken));

    /// <inheritdoc/>
    public Task<IReadOnlyList<string>> ExpireUploadsAsync(DateTimeOffset before, CancellationToken cancellationToken) => RetryAsync(() => inner.ExpireUploadsAsync(before, cancellationToken));

    /// <inheritdoc/>
    public Task<bool> IsUploadInUseAsync(string sha256, CancellationToken cancellationToken) => RetryAsync(() => inner.IsUploadInUseAsync(sha256, cancellationToken));

    /// <summary>
    /// Runs a database call again after a dropped connection (PostgreSQL restarted or the backend was terminated): the
    /// pool is cleared, since its other idle connections are most likely dead too, and the call retried up to 3 times.
    /// </summary>
    /// <typeparam name="T">Result type.</typeparam>
    /// <param name="call">The call.</param>
    /// <returns>Its result.</returns>
    private async Task<T> RetryAsync<T>(Func<Task<T>> call)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await call().ConfigureAwait(false);
            }
            catch (NpgsqlException e) when (attempt < 4 && PostgresJobStore.IsConnectionLoss(e))
            {
                LogRetry(logger, e, attempt);
                inner.DataSource.Clear();
                await Task.Delay(100 * attempt).ConfigureAwait(false);
            }
        }
    }

    private async Task RetryAsync(Func<Task> call) => await RetryAsync(async () =>
    {
        await call().ConfigureAwait(false);
        return true;
    }).ConfigureAwait(false);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Database connection lost (try {Attempt}); retrying on a new connection.")]
    private static partial void LogRetry(ILogger logger, Exception e, int attempt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {JobId} is stored but could not be published (broker unavailable); the sweeper publishes it later.")]
    private static partial void LogPublishFailed(ILogger logger, Exception e, string jobId);
}
