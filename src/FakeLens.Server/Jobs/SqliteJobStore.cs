using FakeLens.Server.Storage;
using Microsoft.Data.Sqlite;

namespace FakeLens.Server.Jobs;

/// <summary>
/// The embedded job store: one SQLite file (WAL, synchronous=FULL). Claiming is one UPDATE … RETURNING statement,
/// so two workers never get the same job; completion is one transaction guarded by the lease, so a job finishes
/// at most once, and <see cref="RecoverInterruptedAsync"/> re-queues what a dead process left running, so it
/// finishes at least once.
/// </summary>
public sealed class SqliteJobStore(SqliteDatabase database, TimeProvider clock) : IJobStore
{
    private const string Columns =
        "id, owner, file_name, sha256, size_bytes, media_type, detectors, detector_set, state, progress, attempts, completions, " +
        "created_at, started_at, finished_at, verdict, confidence, p_ai, p_manipulated, p_authentic, summary, error_code, error_message, heatmaps, upload_deleted, priority";

    /// <inheritdoc/>
    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            await JobSchema.MigrateAsync(connection, SqlDialect.Sqlite, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc/>
    public async Task<int> RecoverInterruptedAsync(int maxAttempts, CancellationToken cancellationToken)
    {
        var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            using var fail = connection.CreateCommand();
            fail.CommandText = """
                UPDATE jobs SET state = 'failed', lease = NULL, finished_at = $now, error_code = 'interrupted',
                  error_message = 'The service stopped during the analysis of this file ' || attempts || ' times; it is not tried again.'
                WHERE state = 'running' AND attempts >= $max
                """;
            fail.Parameters.AddWithValue("$now", SqliteDatabase.Time(clock.GetUtcNow()));
            fail.Parameters.AddWithValue("$max", maxAttempts);
            await fail.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            using var requeue = connection.CreateCommand();
            requeue.CommandText = "UPDATE jobs SET state = 'queued', lease = NULL, progress = 0 WHERE state = 'running'";
            return await requeue.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc/>
    public async Task<(JobRecord Job, bool Reused)> EnqueueAsync(NewJob job, bool rerun, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            // BEGIN IMMEDIATE takes the write lock first, so two uploads of the same file cannot both miss the reuse check.
            var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(System.Data.IsolationLevel.Serializable, cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                if (!rerun)
                {
                    using var find = connection.CreateCommand();
                    find.Transaction = transaction;
                    find.CommandText = $"SELECT {Columns} FROM jobs WHERE owner = $owner AND sha256 = $sha AND detector_set = $set AND state <> 'failed' AND upload_deleted = 0 ORDER BY seq DESC LIMIT 1";
                    find.Parameters.AddWithValue("$owner", job.Owner);
                    find.Parameters.AddWithValue("$sha", job.Sha256);
                    find.Parameters.AddWithValue("$set", job.DetectorSet);
                    var existing = await ReadOneAsync(find, cancellationToken).ConfigureAwait(false);
                    if (existing is not null)
                    {
                        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                        return (existing, true);
                    }
                }

                var id = Guid.CreateVersion7().ToString("N");
                using var insert = connection.CreateCommand();
                insert.Transaction = transaction;
                insert.CommandText = """
                    INSERT INTO jobs(id, owner, file_name, sha256, size_bytes, media_type, detectors, detector_set, state, created_at, priority)
                    VALUES($id, $owner, $name, $sha, $size, $media, $detectors, $set, 'queued', $now, $priority)
                    """;
                insert.Parameters.AddWithValue("$id", id);
                insert.Parameters.AddWithValue("$owner", job.Owner);
                insert.Parameters.AddWithValue("$name", job.FileName);
                insert.Parameters.AddWithValue("$sha", job.Sha256);
                insert.Parameters.AddWithValue("$size", job.SizeBytes);
                insert.Parameters.AddWithValue("$media", job.MediaType);
                insert.Parameters.AddWithValue("$detectors", job.Detectors);
                insert.Parameters.AddWithValue("$set", job.DetectorSet);
                insert.Parameters.AddWithValue("$now", SqliteDatabase.Time(clock.GetUtcNow()));
                insert.Parameters.AddWithValue("$priority", job.Priority);
                await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                return ((await GetAsync(id, job.Owner, cancellationToken).ConfigureAwait(false))!, false);
            }
        }
    }

    /// <inheritdoc/>
    public async Task<JobRecord?> ClaimNextAsync(string lease, CancellationToken cancellationToken)
    {
        var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            using var claim = connection.CreateCommand();
            claim.CommandText = $"""
                UPDATE jobs SET state = 'running', lease = $lease, attempts = attempts + 1, progress = 0, started_at = $now
                WHERE seq = (SELECT seq FROM jobs WHERE state = 'queued' ORDER BY priority DESC, seq LIMIT 1) AND state = 'queued'
                RETURNING {Columns}
                """;
            claim.Parameters.AddWithValue("$lease", lease);
            claim.Parameters.AddWithValue("$now", SqliteDatabase.Time(clock.GetUtcNow()));
            return await ReadOneAsync(claim, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc/>
    public async Task ReportProgressAsync(string id, string lease, double progress, CancellationToken cancellationToken)
    {
        var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            using var update = connection.CreateCommand();
            update.CommandText = "UPDATE jobs SET progress = $p WHERE id = $id AND lease = $lease AND state = 'running'";
            update.Parameters.AddWithValue("$p", Math.Clamp(progress, 0, 1));
            update.Parameters.AddWithValue("$id", id);
            update.Parameters.AddWithValue("$lease", lease);
            await update.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc/>
    public async Task<bool> CompleteAsync(string id, string lease, JobOutcome outcome, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                using var update = connection.CreateCommand();
                update.Transaction = transaction;
                update.CommandText = """
                    UPDATE jobs SET state = $state, lease = NULL, progress = 1, completions = completions + 1, finished_at = $now,
                      verdict = $verdict, confidence = $conf, p_ai = $pai, p_manipulated = $pman, p_authentic = $pauth, summary = $summary,
                      error_code = $code, error_message = $message, report_json = $json, report_html = $html, heatmaps = $heatmaps
                    WHERE id = $id AND lease = $lease AND state = 'running'
                    """;
                var p = outcome.Probabilities;
                update.Parameters.AddWithValue("$state", outcome.State == JobState.Done ? "done" : "failed");
                update.Parameters.AddWithValue("$now", SqliteDatabase.Time(clock.GetUtcNow()));
                update.Parameters.AddWithValue("$verdict", (object?)outcome.Verdict ?? DBNull.Value);
                update.Parameters.AddWithValue("$conf", (object?)outcome.Confidence ?? DBNull.Value);
                update.Parameters.AddWithValue("$pai", p is { } a ? a.Ai : DBNull.Value);
                update.Parameters.AddWithValue("$pman", p is { } m ? m.Manipulated : DBNull.Value);
                update.Parameters.AddWithValue("$pauth", p is { } t ? t.Authentic : DBNull.Value);
                update.Parameters.AddWithValue("$summary", (object?)outcome.Summary ?? DBNull.Value);
                update.Parameters.AddWithValue("$code", (object?)outcome.ErrorCode ?? DBNull.Value);
                update.Parameters.AddWithValue("$message", (object?)outcome.ErrorMessage ?? DBNull.Value);
                update.Parameters.AddWithValue("$json", (object?)outcome.ReportJson ?? DBNull.Value);
                update.Parameters.AddWithValue("$html", (object?)outcome.ReportHtml ?? DBNull.Value);
                update.Parameters.AddWithValue("$heatmaps", outcome.Heatmaps.Count);
                update.Parameters.AddWithValue("$id", id);
                update.Parameters.AddWithValue("$lease", lease);
                if (await update.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) != 1)
                {
                    await transaction.RollbackAsync(cancellationToken).ConfigureAwait(false);
                    return false;
                }

                for (var n = 0; n < outcome.Heatmaps.Count; n++)
                {
                    using var insert = connection.CreateCommand();
                    insert.Transaction = transaction;
                    insert.CommandText = "INSERT OR REPLACE INTO heatmaps(job_id, n, png) VALUES($id, $n, $png)";
                    insert.Parameters.AddWithValue("$id", id);
                    insert.Parameters.AddWithValue("$n", n);
                    insert.Parameters.AddWithValue("$png", outcome.Heatmaps[n]);
                    await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }

                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                return true;
            }
        }
    }

    /// <inheritdoc/>
    public async Task ReleaseAsync(string id, string lease, CancellationToken cancellationToken)
    {
        var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            using var update = connection.CreateCommand();
            update.CommandText = "UPDATE jobs SET state = 'queued', lease = NULL, progress = 0, attempts = MAX(0, attempts - 1) WHERE id = $id AND lease = $lease AND state = 'running'";
            update.Parameters.AddWithValue("$id", id);
            update.Parameters.AddWithValue("$lease", lease);
            await update.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc/>
    public async Task<JobRecord?> GetAsync(string id, string owner, CancellationToken cancellationToken)
    {
        var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            using var select = connection.CreateCommand();
            select.CommandText = $"SELECT {Columns} FROM jobs WHERE id = $id AND owner = $owner";
            select.Parameters.AddWithValue("$id", id);
            select.Parameters.AddWithValue("$owner", owner);
            return await ReadOneAsync(select, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc/>
    public async Task<string?> GetReportAsync(string id, string owner, bool html, CancellationToken cancellationToken)
    {
        var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            using var select = connection.CreateCommand();
            select.CommandText = $"SELECT {(html ? "report_html" : "report_json")} FROM jobs WHERE id = $id AND owner = $owner";
            select.Parameters.AddWithValue("$id", id);
            select.Parameters.AddWithValue("$owner", owner);
            return await select.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) as string;
        }
    }

    /// <inheritdoc/>
    public async Task<byte[]?> GetHeatmapAsync(string id, string owner, int n, CancellationToken cancellationToken)
    {
        var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            using var select = connection.CreateCommand();
            select.CommandText = "SELECT h.png FROM heatmaps h JOIN jobs j ON j.id = h.job_id WHERE h.job_id = $id AND j.owner = $owner AND h.n = $n";
            select.Parameters.AddWithValue("$id", id);
            select.Parameters.AddWithValue("$owner", owner);
            select.Parameters.AddWithValue("$n", n);
            return await select.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) as byte[];
        }
    }

    /// <inheritdoc/>
    public async Task<JobPage> ListAsync(JobQuery query, CancellationToken cancellationToken)
    {
        var filter = JobListFilter.For(query, '$', "LIKE", from => SqliteDatabase.Time(from));
        var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            using var count = connection.CreateCommand();
            count.CommandText = $"SELECT COUNT(*) FROM jobs WHERE {filter.Where}";
            using var select = connection.CreateCommand();
            select.CommandText = $"SELECT {Columns} FROM jobs WHERE {filter.Where} ORDER BY seq DESC LIMIT $limit OFFSET $offset";
            return await filter.ReadPageAsync(count, select, query, Time, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc/>
    public async Task<JobRecord?> DeleteAsync(string id, string owner, CancellationToken cancellationToken)
    {
        var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            using var delete = connection.CreateCommand();
            delete.CommandText = $"DELETE FROM jobs WHERE id = $id AND owner = $owner RETURNING {Columns}";
            delete.Parameters.AddWithValue("$id", id);
            delete.Parameters.AddWithValue("$owner", owner);
            return await ReadOneAsync(delete, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<string>> ExpireUploadsAsync(DateTimeOffset before, CancellationToken cancellationToken)
    {
        var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                using var expire = connection.CreateCommand();
                expire.Transaction = transaction;
                expire.CommandText = """
                    UPDATE jobs SET upload_deleted = 1, report_html = NULL, heatmaps = 0
                    WHERE upload_deleted = 0 AND state IN ('done', 'failed') AND finished_at < $before
                    RETURNING id, sha256
                    """;
                expire.Parameters.AddWithValue("$before", SqliteDatabase.Time(before));
                var expired = new List<(string Id, string Sha)>();
                using (var reader = await expire.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
                {
                    while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                    {
                        expired.Add((reader.GetString(0), reader.GetString(1)));
                    }
                }

                foreach (var (jobId, _) in expired)
                {
                    using var drop = connection.CreateCommand();
                    drop.Transaction = transaction;
                    drop.CommandText = "DELETE FROM heatmaps WHERE job_id = $id";
                    drop.Parameters.AddWithValue("$id", jobId);
                    await drop.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }

                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                return await JobRows.OrphansAsync(expired, IsUploadInUseAsync, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <inheritdoc/>
    public async Task<bool> IsUploadInUseAsync(string sha256, CancellationToken cancellationToken)
    {
        var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            using var select = connection.CreateCommand();
            select.CommandText = "SELECT EXISTS(SELECT 1 FROM jobs WHERE sha256 = $sha AND upload_deleted = 0)";
            select.Parameters.AddWithValue("$sha", sha256);
            return Convert.ToInt64(await select.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture) != 0;
        }
    }

    private static Task<JobRecord?> ReadOneAsync(SqliteCommand command, CancellationToken ct) => JobRows.ReadOneAsync(command, Time, ct);

    private static DateTimeOffset Time(System.Data.Common.DbDataReader r, int i) => SqliteDatabase.ParseTime(r.GetString(i));
}
