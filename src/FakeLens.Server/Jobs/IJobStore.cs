namespace FakeLens.Server.Jobs;

/// <summary>
/// Durable job queue and history. The embedded default is <see cref="SqliteJobStore"/>; a scale-out store
/// (PostgreSQL + a message broker) implements the same contract. Leases make completion exactly-once: a worker
/// claims a job under its lease, and only the holder of the current lease can finish it.
/// </summary>
public interface IJobStore
{
    /// <summary>Creates the schema if missing.</summary>
    /// <param name="cancellationToken">Stops the call.</param>
    /// <returns>A task.</returns>
    Task InitializeAsync(CancellationToken cancellationToken);

    /// <summary>
    /// On start: jobs left running by a process that died go back to the queue (or fail as interrupted after
    /// <paramref name="maxAttempts"/> attempts, so a file that kills the process cannot loop forever).
    /// </summary>
    /// <param name="maxAttempts">Attempts after which an interrupted job fails.</param>
    /// <param name="cancellationToken">Stops the call.</param>
    /// <returns>Jobs re-queued.</returns>
    Task<int> RecoverInterruptedAsync(int maxAttempts, CancellationToken cancellationToken);

    /// <summary>Queues a job, or returns the same owner's job for the same bytes and detector set unless <paramref name="rerun"/>.</summary>
    /// <param name="job">The upload.</param>
    /// <param name="rerun">Analyse again even when a result exists.</param>
    /// <param name="cancellationToken">Stops the call.</param>
    /// <returns>The job and whether it was reused.</returns>
    Task<(JobRecord Job, bool Reused)> EnqueueAsync(NewJob job, bool rerun, CancellationToken cancellationToken);

    /// <summary>Atomically moves the oldest queued job to running under <paramref name="lease"/>.</summary>
    /// <param name="lease">The worker's lease token.</param>
    /// <param name="cancellationToken">Stops the call.</param>
    /// <returns>The claimed job, or null when the queue is empty.</returns>
    Task<JobRecord?> ClaimNextAsync(string lease, CancellationToken cancellationToken);

    /// <summary>Records progress of a running job (ignored when the lease is no longer current).</summary>
    /// <param name="id">Job id.</param>
    /// <param name="lease">The worker's lease.</param>
    /// <param name="progress">0..1.</param>
    /// <param name="cancellationToken">Stops the call.</param>
    /// <returns>A task.</returns>
    Task ReportProgressAsync(string id, string lease, double progress, CancellationToken cancellationToken);

    /// <summary>Finishes a job in one transaction (state, verdict, reports, heatmaps) if <paramref name="lease"/> still holds it.</summary>
    /// <param name="id">Job id.</param>
    /// <param name="lease">The worker's lease.</param>
    /// <param name="outcome">The result.</param>
    /// <param name="cancellationToken">Stops the call.</param>
    /// <returns>False when the lease was lost (the job was re-queued or deleted): the result is dropped.</returns>
    Task<bool> CompleteAsync(string id, string lease, JobOutcome outcome, CancellationToken cancellationToken);

    /// <summary>Puts a running job back in the queue (graceful shutdown).</summary>
    /// <param name="id">Job id.</param>
    /// <param name="lease">The worker's lease.</param>
    /// <param name="cancellationToken">Stops the call.</param>
    /// <returns>A task.</returns>
    Task ReleaseAsync(string id, string lease, CancellationToken cancellationToken);

    /// <summary>One job of one owner.</summary>
    /// <param name="id">Job id.</param>
    /// <param name="owner">Owner.</param>
    /// <param name="cancellationToken">Stops the call.</param>
    /// <returns>The job or null.</returns>
    Task<JobRecord?> GetAsync(string id, string owner, CancellationToken cancellationToken);

    /// <summary>The JSON or HTML report of a finished job.</summary>
    /// <param name="id">Job id.</param>
    /// <param name="owner">Owner.</param>
    /// <param name="html">HTML rather than JSON.</param>
    /// <param name="cancellationToken">Stops the call.</param>
    /// <returns>The report, or null when there is none (unknown id, not finished, or removed by retention).</returns>
    Task<string?> GetReportAsync(string id, string owner, bool html, CancellationToken cancellationToken);

    /// <summary>Heatmap <paramref name="n"/> (0-based, in evidence order) as PNG.</summary>
    /// <param name="id">Job id.</param>
    /// <param name="owner">Owner.</param>
    /// <param name="n">Heatmap index.</param>
    /// <param name="cancellationToken">Stops the call.</param>
    /// <returns>PNG bytes or null.</returns>
    Task<byte[]?> GetHeatmapAsync(string id, string owner, int n, CancellationToken cancellationToken);

    /// <summary>A page of history.</summary>
    /// <param name="query">Filters and paging.</param>
    /// <param name="cancellationToken">Stops the call.</param>
    /// <returns>The page.</returns>
    Task<JobPage> ListAsync(JobQuery query, CancellationToken cancellationToken);

    /// <summary>Deletes a job with its reports and heatmaps.</summary>
    /// <param name="id">Job id.</param>
    /// <param name="owner">Owner.</param>
    /// <param name="cancellationToken">Stops the call.</param>
    /// <returns>The deleted job (to remove its upload if no other job uses it), or null.</returns>
    Task<JobRecord?> DeleteAsync(string id, string owner, CancellationToken cancellationToken);

    /// <summary>Retention: marks uploads of jobs finished before <paramref name="before"/> as deleted and drops their HTML reports and heatmaps.</summary>
    /// <param name="before">Cut-off.</param>
    /// <param name="cancellationToken">Stops the call.</param>
    /// <returns>SHA-256 of the uploads no live job needs any more (the caller deletes the files).</returns>
    Task<IReadOnlyList<string>> ExpireUploadsAsync(DateTimeOffset before, CancellationToken cancellationToken);

    /// <summary>True when a job that still needs the upload refers to it.</summary>
    /// <param name="sha256">Content address.</param>
    /// <param name="cancellationToken">Stops the call.</param>
    /// <returns>Whether the upload is in use.</returns>
    Task<bool> IsUploadInUseAsync(string sha256, CancellationToken cancellationToken);
}
