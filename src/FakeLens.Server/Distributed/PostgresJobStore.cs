using FakeLens.Server.Jobs;
using FakeLens.Server.Storage;
using Npgsql;
using NpgsqlTypes;

namespace FakeLens.Server.Distributed;

/// <summary>
/// The scale-out job store: the same tables and columns as <see cref="SqliteJobStore"/> (one migration path,
/// <see cref="JobSchema"/>) in PostgreSQL, shared by every <c>fakelens serve</c> and <c>fakelens worker</c> process.
/// Completion is one transaction guarded by the lease, so the result row is written once however often the broker
/// delivers the job; <see cref="ClaimAsync"/> takes a job by id (the broker chose it) and may take it over from a
/// worker that died (redelivery) or stopped beating its heart.
/// </summary>
public sealed class PostgresJobStore(NpgsqlDataSource database, TimeProvider clock) : IJobStore
{
    private const string Columns =
        "id, owner, file_name, sha256, size_bytes, media_type, detectors, detector_set, state, progress, attempts, completions, " +
        "created_at, started_at, finished_at, verdict, confidence, p_ai, p_manipulated, p_authentic, summary, error_code, error_message, heatmaps, upload_deleted, priority";

    /// <summary>The data source (connection pool).</summary>
    public NpgsqlDataSource DataSource => database;

    /// <inheritdoc/>
    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            await JobSchema.MigrateAsync(connection, SqlDialect.Postgres, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// In scale-out mode nothing is re-queued at start-up (other workers may be running these jobs); stuck jobs are
    /// found by their heartbeat instead (<see cref="StaleRunningAsync"/>). Returns 0.
    /// </summary>
    /// <param name="maxAttempts">Unused.</param>
    /// <param name="cancellationToken">Unused.</param>
    /// <returns>0.</returns>
    public Task<int> RecoverInterruptedAsync(int maxAttempts, CancellationToken cancellationToken) => Task.FromResult(0);

    /// <inheritdoc/>
    public async Task<(JobRecord Job, bool Reused)> EnqueueAsync(NewJob job, bool rerun, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                // One upload of given bytes at a time per owner and detector set: a transaction-scoped advisory lock
                // on the reuse key, so two uploads of the same file cannot both miss the reuse check.
                using (var lockCommand = new NpgsqlCommand("SELECT pg_advisory_xact_lock(hashtextextended(@k, 21))", connection, transaction))
                {
                    lockCommand.Parameters.AddWithValue("k", job.Owner + "\n" + job.Sha256 + "\n" + job.DetectorSet);
                    await lockCommand.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }

                if (!rerun)
                {
                    using var find = new NpgsqlCommand(
                        $"SELECT {Columns} FROM jobs WHERE owner = @owner AND sha256 = @sha AND detector_set = @set AND state <> 'failed' AND upload_deleted = 0 ORDER BY seq DESC LIMIT 1",
                        connection, transaction);
                    find.Parameters.AddWithValue("owner", job.Owner);
                    find.Parameters.AddWithValue("sha", job.Sha256);
                    find.Parameters.AddWithValue("set", job.DetectorSet);
                    var existing = await ReadOneAsync(find, cancellationToken).ConfigureAwait(false);
                    if (existing is not null)
                    {
                        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                        return (existing, true);
                    }
                }

                var id = Guid.CreateVersion7().ToString("N");
                using var insert = new NpgsqlCommand($"""
                    INSERT INTO jobs(id, owner, file_name, sha256, size_bytes, media_type, detectors, detector_set, state, created_at, priority)
                    VALUES(@id, @owner, @name, @sha, @size, @media, @detectors, @set, 'queued', @now, @priority)
                    RETURNING {Columns}
                    """, connection, transaction);
                insert.Parameters.AddWithValue("id", id);
                insert.Parameters.AddWithValue("owner", job.Owner);
                insert.Parameters.AddWithValue("name", job.FileName);
                insert.Parameters.AddWithValue("sha", job.Sha256);
                insert.Parameters.AddWithValue("size", job.SizeBytes);
                insert.Parameters.AddWithValue("media", job.MediaType);
                insert.Parameters.AddWithValue("detectors", job.Detectors);
                insert.Parameters.AddWithValue("set", job.DetectorSet);
                insert.Parameters.AddWithValue("now", clock.GetUtcNow());
                insert.Parameters.AddWithValue("priority", job.Priority);
                var created = (await ReadOneAsync(insert, cancellationToken).ConfigureAwait(false))!;
                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                return (created, false);
            }
        }
    }

    /// <summary>Claims the oldest queued job (highest priority first), as the SQLite store does; used when no broker is configured.</summary>
    /// <param name="lease">The worker's lease.</param>
    /// <param name="cancellationToken">Stops the call.</param>
    /// <returns>The job or null.</returns>
    public async Task<JobRecord?> ClaimNextAsync(string lease, CancellationToken cancellationToken)
    {
        using var claim = database.CreateCommand($"""
            UPDATE jobs SET state = 'running', lease = @lease, attempts = attempts + 1, progress = 0, started_at = @now, heartbeat_at = @now
            WHERE seq = (SELECT seq FROM jobs WHERE state = 'queued' ORDER BY priority DESC, seq LIMIT 1 FOR UPDATE SKIP LOCKED)
            RETURNING {Columns}
            """);
        claim.Parameters.AddWithValue("lease", lease);
        claim.Parameters.AddWithValue("now", clock.GetUtcNow());
        return await ReadOneAsync(claim, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Claims the job a broker message names. It is claimable when queued, or when running under another lease that is
    /// gone: <paramref name="takeOver"/> (the broker redelivered it, so the consumer holding it died or lost its
    /// connection) or a heartbeat older than <paramref name="staleBefore"/>. Finished, deleted and healthily running
    /// jobs are not (a duplicate message is then acknowledged and dropped).
    /// </summary>
    /// <param name="id">Job id.</param>
    /// <param name="lease">The new lease.</param>
    /// <param name="takeOver">Take the job from a running lease (redelivery).</param>
    /// <param name="staleBefore">Heartbeats older than this count as dead.</param>
    /// <param name="cancellationToken">Stops the call.</param>
    /// <returns>The claimed job, or null.</returns>
    public async Task<JobRecord?> ClaimAsync(string id, string lease, bool takeOver, DateTimeOffset staleBefore, CancellationToken cancellationToken)
    {
        using var claim = database.CreateCommand($"""
            UPDATE jobs SET state = 'running', lease = @lease, attempts = attempts + 1, progress = 0, started_at = @now, heartbeat_at = @now
            WHERE id = @id AND (state = 'queued' OR (state = 'running' AND (@takeover OR heartbeat_at IS NULL OR heartbeat_at < @stale)))
            RETURNING {Columns}
            """);
        claim.Parameters.AddWithValue("lease", lease);
        claim.Parameters.AddWithValue("now", clock.GetUtcNow());
        claim.Parameters.AddWithValue("id", id);
        claim.Parameters.AddWithValue("takeover", takeOver);
        claim.Parameters.AddWithValue("stale", staleBefore);
        return await ReadOneAsync(claim, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The worker is alive and still holds the job.</summary>
    /// <param name="id">Job id.</param>
    /// <param name="lease">The worker's lease.</param>
    /// <param name="cancellationToken">Stops the call.</param>
    /// <returns>False when the lease was lost.</returns>
    public async Task<bool> HeartbeatAsync(string id, string lease, CancellationToken cancellationToken)
    {
        using var update = database.CreateCommand("UPDATE jobs SET heartbeat_at = @now WHERE id = @id AND lease = @lease AND state = 'running'");
        update.Parameters.AddWithValue("now", clock.GetUtcNow());
        update.Parameters.AddWithValue("id", id);
        update.Parameters.AddWithValue("lease", lease);
        return await update.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    /// <inheritdoc/>
    public async Task ReportProgressAsync(string id, string lease, double progress, CancellationToken cancellationToken)
    {
        using var update = database.CreateCommand("UPDATE jobs SET progress = @p, heartbeat_at = @now WHERE id = @id AND lease = @lease AND state = 'running'");
        update.Parameters.AddWithValue("p", Math.Clamp(progress, 0, 1));
        update.Parameters.AddWithValue("now", clock.GetUtcNow());
        update.Parameters.AddWithValue("id", id);
        update.Parameters.AddWithValue("lease", lease);
        await update.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async Task<bool> CompleteAsync(string id, string lease, JobOutcome outcome, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                using var update = new NpgsqlCommand("""
                    UPDATE jobs SET state = @state, lease = NULL, progress = 1, completions = completions + 1, finished_at = @now,
                      verdict = @verdict, confidence = @conf, p_ai = @pai, p_manipulated = @pman, p_authentic = @pauth, summary = @summary,
                      error_code = @code, error_message = @message, report_json = @json, report_html = @html, heatmaps = @heatmaps
                    WHERE id = @id AND lease = @lease AND state = 'running'
                    """, connection, transaction);
                var p = outcome.Probabilities;
                update.Parameters.AddWithValue("state", outcome.State == JobState.Done ? "done" : "failed");
                update.Parameters.AddWithValue("now", clock.GetUtcNow());
                update.Parameters.Add(Nullable("verdict", NpgsqlDbType.Text, outcome.Verdict));
                update.Parameters.Add(Nullable("conf", NpgsqlDbType.Double, outcome.Confidence));
                update.Parameters.Add(Nullable("pai", NpgsqlDbType.Double, p?.Ai));
                update.Parameters.Add(Nullable("pman", NpgsqlDbType.Double, p?.Manipulated));
                update.Parameters.Add(Nullable("pauth", NpgsqlDbType.Double, p?.Authentic));
                update.Parameters.Add(Nullable("summary", NpgsqlDbType.Text, outcome.Summary));
                update.Parameters.Add(Nullable("code", NpgsqlDbType.Text, outcome.ErrorCode));
                update.Parameters.Add(Nullable("message", NpgsqlDbType.Text, outcome.ErrorMessage));
                update.Parameters.Add(Nullable("json", NpgsqlDbType.Text, outcome.ReportJson));
                update.Parameters.Add(Nullable("html", NpgsqlDbType.Text, outcome.ReportHtml));
                update.Parameters.AddWithValue("heatmaps", outcome.Heatmaps.Count);
                update.Parameters.AddWithValue("id", id);
                update.Parameters.AddWithValue("lease", lease);
                if (await update.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) != 1)
                {
                    await transaction.RollbackAsync(cancellationToken).ConfigureAwait(false);
                    return false;
                }

                for (var n = 0; n < outcome.Heatmaps.Count; n++)
                {
                    using var insert = new NpgsqlCommand(
                        "INSERT INTO heatmaps(job_id, n, png) VALUES(@id, @n, @png) ON CONFLICT (job_id, n) DO UPDATE SET png = EXCLUDED.png", connection, transaction);
                    insert.Parameters.AddWithValue("id", id);
                    insert.Parameters.AddWithValue("n", n);
                    insert.Parameters.AddWithValue("png", outcome.Heatmaps[n]);
                    await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }

                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                return true;
            }
        }
    }

    /// <inheritdoc/>
    public Task ReleaseAsync(string id, string lease, CancellationToken cancellationToken) => ReleaseAsync(id, lease, countAttempt: false, cancellationToken);

    /// <summary>Puts a running job back in the queue.</summary>
    /// <param name="id">Job id.</param>
    /// <param name="lease">The worker's lease.</param>
    /// <param name="countAttempt">Keep the attempt counted (a failed try, to be retried) rather than undo it (graceful shutdown).</param>
    /// <param name="cancellationToken">Stops the call.</param>
    /// <returns>A task.</returns>
    public async Task ReleaseAsync(string id, string lease, bool countAttempt, CancellationToken cancellationToken)
    {
        using var update = database.CreateCommand(
            $"UPDATE jobs SET state = 'queued', lease = NULL, progress = 0, heartbeat_at = NULL{(countAttempt ? string.Empty : ", attempts = GREATEST(0, attempts - 1)")} WHERE id = @id AND lease = @lease AND state = 'running'");
        update.Parameters.AddWithValue("id", id);
        update.Parameters.AddWithValue("lease", lease);
        await update.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Fails a job for good (dead-lettered): state failed with the reason, unless it already finished.</summary>
    /// <param name="id">Job id.</param>
    /// <param name="code">Error code (poison, interrupted).</param>
    /// <param name="message">The reason.</param>
    /// <param name="cancellationToken">Stops the call.</param>
    /// <returns>True when this call failed it (its completion is counted once).</returns>
    public async Task<bool> FailAsync(string id, string code, string message, CancellationToken cancellationToken)
    {
        using var update = database.CreateCommand("""
            UPDATE jobs SET state = 'failed', lease = NULL, completions = completions + 1, finished_at = @now, error_code = @code, error_message = @message
            WHERE id = @id AND state IN ('queued', 'running')
            """);
        update.Parameters.AddWithValue("now", clock.GetUtcNow());
        update.Parameters.AddWithValue("code", code);
        update.Parameters.AddWithValue("message", message);
        update.Parameters.AddWithValue("id", id);
        return await update.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    /// <summary>Records that a message for the job was published (the sweeper republishes jobs that never were).</summary>
    /// <param name="id">Job id.</param>
    /// <param name="cancellationToken">Stops the call.</param>
    /// <returns>A task.</returns>
    public async Task MarkPublishedAsync(string id, CancellationToken cancellationToken)
    {
        using var update = database.CreateCommand("UPDATE jobs SET published_at = @now WHERE id = @id");
        update.Parameters.AddWithValue("now", clock.GetUtcNow());
        update.Parameters.AddWithValue("id", id);
        await update.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Jobs to publish again: queued but never published (the broker was down when they were uploaded), or running with a heartbeat older than <paramref name="staleBefore"/> and not republished since.</summary>
    /// <param name="unpublishedBefore">Queued jobs created before this and never published.</param>
    /// <param name="staleBefore">Heartbeat cut-off.</param>
    /// <param name="limit">Most jobs returned.</param>
    /// <param name="cancellationToken">Stops the call.</param>
    /// <returns>Id and priority of each.</returns>
    public async Task<IReadOnlyList<(string Id, int Priority, bool Stale)>> OrphansAsync(DateTimeOffset unpublishedBefore, DateTimeOffset staleBefore, int limit, CancellationToken cancellationToken)
    {
        using var select = database.CreateCommand("""
            SELECT id, priority, state = 'running' FROM jobs
            WHERE (state = 'queued' AND published_at IS NULL AND created_at < @unpublished)
               OR (state = 'running' AND heartbeat_at < @stale AND (published_at IS NULL OR published_at < @stale))
            ORDER BY seq LIMIT @limit
            """);
        select.Parameters.AddWithValue("unpublished", unpublishedBefore);
        select.Parameters.AddWithValue("stale", staleBefore);
        select.Parameters.AddWithValue("limit", limit);
        var result = new List<(string, int, bool)>();
        using var reader = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            result.Add((reader.GetString(0), reader.GetInt32(1), reader.GetBoolean(2)));
        }

        return result;
    }

    /// <summary>Number of jobs in each state (for /metrics).</summary>
    /// <param name="cancellationToken">Stops the call.</param>
    /// <returns>State name → count.</returns>
    public async Task<IReadOnlyDictionary<string, long>> CountByStateAsync(CancellationToken cancellationToken)
    {
        using var select = database.CreateCommand("SELECT state, COUNT(*) FROM jobs GROUP BY state");
        var result = new Dictionary<string, long>(StringComparer.Ordinal) { ["queued"] = 0, ["running"] = 0, ["done"] = 0, ["failed"] = 0 };
        using var reader = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            result[reader.GetString(0)] = reader.GetInt64(1);
        }

        return result;
    }

    /// <summary>Adds detector run times (seconds) measured by a worker.</summary>
    /// <param name="durations">Detector id → (runs, seconds) since the last call.</param>
    /// <param name="cancellationToken">Stops the call.</param>
    /// <returns>A task.</returns>
    public async Task AddDetectorDurationsAsync(IReadOnlyDictionary<string, (long Runs, double Seconds)> durations, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(durations);
        if (durations.Count == 0)
        {
            return;
        }

        var batch = database.CreateBatch();
        await using (batch.ConfigureAwait(false))
        {
            foreach (var (detector, (runs, seconds)) in durations)
            {
                var command = new NpgsqlBatchCommand(
                    "INSERT INTO detector_stats(detector, runs, seconds) VALUES(@d, @r, @s) ON CONFLICT (detector) DO UPDATE SET runs = detector_stats.runs + EXCLUDED.runs, seconds = detector_stats.seconds + EXCLUDED.seconds");
                command.Parameters.AddWithValue("d", detector);
                command.Parameters.AddWithValue("r", runs);
                command.Parameters.AddWithValue("s", seconds);
                batch.BatchCommands.Add(command);
            }

            await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Detector run counts and total seconds (for /metrics).</summary>
    /// <param name="cancellationToken">Stops the call.</param>
    /// <returns>Rows.</returns>
    public async Task<IReadOnlyList<(string Detector, long Runs, double Seconds)>> DetectorDurationsAsync(CancellationToken cancellationToken)
    {
        using var select = database.CreateCommand("SELECT detector, runs, seconds FROM detector_stats ORDER BY detector");
        var result = new List<(string, long, double)>();
        using var reader = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            result.Add((reader.GetString(0), reader.GetInt64(1), reader.GetDouble(2)));
        }

        return result;
    }

    /// <inheritdoc/>
    public async Task<JobRecord?> GetAsync(string id, string owner, CancellationToken cancellationToken)
    {
        using var select = database.CreateCommand($"SELECT {Columns} FROM jobs WHERE id = @id AND owner = @owner");
        select.Parameters.AddWithValue("id", id);
        select.Parameters.AddWithValue("owner", owner);
        return await ReadOneAsync(select, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>One job whoever owns it (workers and tests).</summary>
    /// <param name="id">Job id.</param>
    /// <param name="cancellationToken">Stops the call.</param>
    /// <returns>The job or null.</returns>
    public async Task<JobRecord?> FindAsync(string id, CancellationToken cancellationToken)
    {
        using var select = database.CreateCommand($"SELECT {Columns} FROM jobs WHERE id = @id");
        select.Parameters.AddWithValue("id", id);
        return await ReadOneAsync(select, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async Task<string?> GetReportAsync(string id, string owner, bool html, CancellationToken cancellationToken)
    {
        using var select = database.CreateCommand($"SELECT {(html ? "report_html" : "report_json")} FROM jobs WHERE id = @id AND owner = @owner");
        select.Parameters.AddWithValue("id", id);
        select.Parameters.AddWithValue("owner", owner);
        return await select.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) as string;
    }

    /// <inheritdoc/>
    public async Task<byte[]?> GetHeatmapAsync(string id, string owner, int n, CancellationToken cancellationToken)
    {
        using var select = database.CreateCommand("SELECT h.png FROM heatmaps h JOIN jobs j ON j.id = h.job_id WHERE h.job_id = @id AND j.owner = @owner AND h.n = @n");
        select.Parameters.AddWithValue("id", id);
        select.Parameters.AddWithValue("owner", owner);
        select.Parameters.AddWithValue("n", n);
        return await select.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) as byte[];
    }

    /// <inheritdoc/>
    public async Task<JobPage> ListAsync(JobQuery query, CancellationToken cancellationToken)
    {
        var filter = JobListFilter.For(query, '@', "ILIKE", from => from.ToUniversalTime());
        using var count = database.CreateCommand($"SELECT COUNT(*) FROM jobs WHERE {filter.Where}");
        using var select = database.CreateCommand($"SELECT {Columns} FROM jobs WHERE {filter.Where} ORDER BY seq DESC LIMIT @limit OFFSET @offset");
        return await filter.ReadPageAsync(count, select, query, Time, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async Task<JobRecord?> DeleteAsync(string id, string owner, CancellationToken cancellationToken)
    {
        using var delete = database.CreateCommand($"DELETE FROM jobs WHERE id = @id AND owner = @owner RETURNING {Columns}");
        delete.Parameters.AddWithValue("id", id);
        delete.Parameters.AddWithValue("owner", owner);
        return await ReadOneAsync(delete, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<string>> ExpireUploadsAsync(DateTimeOffset before, CancellationToken cancellationToken)
    {
        var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var expired = new List<(string Id, string Sha)>();
        await using (connection.ConfigureAwait(false))
        {
            var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                using var expire = new NpgsqlCommand("""
                    UPDATE jobs SET upload_deleted = 1, report_html = NULL, heatmaps = 0
                    WHERE upload_deleted = 0 AND state IN ('done', 'failed') AND finished_at < @before
                    RETURNING id, sha256
                    """, connection, transaction);
                expire.Parameters.AddWithValue("before", before.ToUniversalTime());
                using (var reader = await expire.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
                {
                    while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                    {
                        expired.Add((reader.GetString(0), reader.GetString(1)));
                    }
                }

                using var drop = new NpgsqlCommand("DELETE FROM heatmaps WHERE job_id = ANY(@ids)", connection, transaction);
                drop.Parameters.AddWithValue("ids", expired.Select(e => e.Id).ToArray());
                await drop.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        return await JobRows.OrphansAsync(expired, IsUploadInUseAsync, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async Task<bool> IsUploadInUseAsync(string sha256, CancellationToken cancellationToken)
    {
        using var select = database.CreateCommand("SELECT EXISTS(SELECT 1 FROM jobs WHERE sha256 = @sha AND upload_deleted = 0)");
        select.Parameters.AddWithValue("sha", sha256);
        return (bool)(await select.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }

    /// <summary>True when the error means the connection (not the statement) failed: broken socket, backend terminated, server shutting down or starting.</summary>
    /// <param name="e">The error.</param>
    /// <returns>Whether a retry on a new connection makes sense.</returns>
    public static bool IsConnectionLoss(NpgsqlException e) =>
        e is PostgresException { SqlState: "57P01" or "57P02" or "57P03" or "08000" or "08003" or "08006" } || (e is not PostgresException && e.IsTransient) || e.InnerException is IOException or EndOfStreamException;

    private static NpgsqlParameter Nullable(string name, NpgsqlDbType type, object? value) => new(name, type) { Value = value ?? DBNull.Value };

    private static Task<JobRecord?> ReadOneAsync(NpgsqlCommand command, CancellationToken ct) => JobRows.ReadOneAsync(command, Time, ct);

    private static DateTimeOffset Time(System.Data.Common.DbDataReader r, int i) => new(DateTime.SpecifyKind(r.GetDateTime(i), DateTimeKind.Utc));
}
