using System.Data.Common;
using System.Globalization;

namespace FakeLens.Server.Storage;

/// <summary>The SQL dialects the job schema is written for.</summary>
public enum SqlDialect
{
    /// <summary>The embedded SQLite file (one machine).</summary>
    Sqlite,

    /// <summary>PostgreSQL (scale-out workers).</summary>
    Postgres,
}

/// <summary>
/// One migration path for both job stores: an ordered list of versions, each with its SQLite and PostgreSQL text
/// (same tables, same columns, same names; only the types differ), applied once each and recorded in
/// <c>schema_migrations</c>. A new column or table is a new version here, for both engines at once.
/// </summary>
public static class JobSchema
{
    /// <summary>The migrations, oldest first. Version 1 is the schema the SQLite service shipped with (it used CREATE … IF NOT EXISTS, so databases made before this table existed take it again harmlessly).</summary>
    public static IReadOnlyList<(int Version, string Name, string Sqlite, string Postgres)> Migrations { get; } =
    [
        (1, "jobs and heatmaps", """
            CREATE TABLE IF NOT EXISTS jobs(
              seq INTEGER PRIMARY KEY AUTOINCREMENT,
              id TEXT NOT NULL UNIQUE,
              owner TEXT NOT NULL,
              file_name TEXT NOT NULL,
              sha256 TEXT NOT NULL,
              size_bytes INTEGER NOT NULL,
              media_type TEXT NOT NULL,
              detectors TEXT NOT NULL,
              detector_set TEXT NOT NULL,
              state TEXT NOT NULL,
              progress REAL NOT NULL DEFAULT 0,
              attempts INTEGER NOT NULL DEFAULT 0,
              completions INTEGER NOT NULL DEFAULT 0,
              lease TEXT,
              created_at TEXT NOT NULL,
              started_at TEXT,
              finished_at TEXT,
              verdict TEXT,
              confidence REAL,
              p_ai REAL,
              p_manipulated REAL,
              p_authentic REAL,
              summary TEXT,
              error_code TEXT,
              error_message TEXT,
              report_json TEXT,
              report_html TEXT,
              heatmaps INTEGER NOT NULL DEFAULT 0,
              upload_deleted INTEGER NOT NULL DEFAULT 0);
            CREATE INDEX IF NOT EXISTS jobs_queue ON jobs(state, seq);
            CREATE INDEX IF NOT EXISTS jobs_reuse ON jobs(owner, sha256, detector_set);
            CREATE INDEX IF NOT EXISTS jobs_history ON jobs(owner, created_at);
            CREATE TABLE IF NOT EXISTS heatmaps(
              job_id TEXT NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
              n INTEGER NOT NULL,
              png BLOB NOT NULL,
              PRIMARY KEY(job_id, n));
            """, """
            CREATE TABLE IF NOT EXISTS jobs(
              seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
              id TEXT NOT NULL UNIQUE,
              owner TEXT NOT NULL,
              file_name TEXT NOT NULL,
              sha256 TEXT NOT NULL,
              size_bytes BIGINT NOT NULL,
              media_type TEXT NOT NULL,
              detectors TEXT NOT NULL,
              detector_set TEXT NOT NULL,
              state TEXT NOT NULL,
              progress DOUBLE PRECISION NOT NULL DEFAULT 0,
              attempts INTEGER NOT NULL DEFAULT 0,
              completions INTEGER NOT NULL DEFAULT 0,
              lease TEXT,
              created_at TIMESTAMPTZ NOT NULL,
              started_at TIMESTAMPTZ,
              finished_at TIMESTAMPTZ,
              verdict TEXT,
              confidence DOUBLE PRECISION,
              p_ai DOUBLE PRECISION,
              p_manipulated DOUBLE PRECISION,
              p_authentic DOUBLE PRECISION,
              summary TEXT,
              error_code TEXT,
              error_message TEXT,
              report_json TEXT,
              report_html TEXT,
              heatmaps INTEGER NOT NULL DEFAULT 0,
              upload_deleted INTEGER NOT NULL DEFAULT 0);
            CREATE INDEX IF NOT EXISTS jobs_queue ON jobs(state, seq);
            CREATE INDEX IF NOT EXISTS jobs_reuse ON jobs(owner, sha256, detector_set);
            CREATE INDEX IF NOT EXISTS jobs_history ON jobs(owner, created_at);
            CREATE TABLE IF NOT EXISTS heatmaps(
              job_id TEXT NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
              n INTEGER NOT NULL,
              png BYTEA NOT NULL,
              PRIMARY KEY(job_id, n));
            """),
        (2, "scale-out: priority, heartbeat, publish time, detector durations", """
            ALTER TABLE jobs ADD COLUMN priority INTEGER NOT NULL DEFAULT 5;
            ALTER TABLE jobs ADD COLUMN heartbeat_at TEXT;
            ALTER TABLE jobs ADD COLUMN published_at TEXT;
            CREATE TABLE IF NOT EXISTS detector_stats(
              detector TEXT PRIMARY KEY,
              runs INTEGER NOT NULL DEFAULT 0,
              seconds REAL NOT NULL DEFAULT 0);
            """, """
            ALTER TABLE jobs ADD COLUMN priority INTEGER NOT NULL DEFAULT 5;
            ALTER TABLE jobs ADD COLUMN heartbeat_at TIMESTAMPTZ;
            ALTER TABLE jobs ADD COLUMN published_at TIMESTAMPTZ;
            CREATE INDEX IF NOT EXISTS jobs_unpublished ON jobs(state, published_at);
            CREATE TABLE IF NOT EXISTS detector_stats(
              detector TEXT PRIMARY KEY,
              runs BIGINT NOT NULL DEFAULT 0,
              seconds DOUBLE PRECISION NOT NULL DEFAULT 0);
            """),
        (3, "API keys in the job database (scale-out servers share them)", """
            CREATE TABLE IF NOT EXISTS api_keys(id TEXT PRIMARY KEY, name TEXT NOT NULL, hash TEXT NOT NULL UNIQUE, created_at TEXT NOT NULL, revoked_at TEXT);
            """, """
            CREATE TABLE IF NOT EXISTS api_keys(id TEXT PRIMARY KEY, name TEXT NOT NULL, hash TEXT NOT NULL UNIQUE, created_at TIMESTAMPTZ NOT NULL, revoked_at TIMESTAMPTZ);
            """),
    ];

    /// <summary>The newest version.</summary>
    public static int Latest => Migrations[^1].Version;

    /// <summary>Applies the migrations the database lacks, in one transaction (PostgreSQL: under an advisory lock, so processes starting together do not race).</summary>
    /// <param name="connection">An open connection.</param>
    /// <param name="dialect">Its engine.</param>
    /// <param name="cancellationToken">Stops the call.</param>
    /// <returns>The versions applied now.</returns>
    public static async Task<IReadOnlyList<int>> MigrateAsync(DbConnection connection, SqlDialect dialect, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var applied = new List<int>();
        var transaction = await connection.BeginTransactionAsync(System.Data.IsolationLevel.Serializable, cancellationToken).ConfigureAwait(false);
        await using (transaction.ConfigureAwait(false))
        {
            if (dialect == SqlDialect.Postgres)
            {
                await ExecuteAsync(connection, transaction, "SELECT pg_advisory_xact_lock(2126021)", cancellationToken).ConfigureAwait(false);
            }

            await ExecuteAsync(connection, transaction, "CREATE TABLE IF NOT EXISTS schema_migrations(version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)", cancellationToken).ConfigureAwait(false);
            var done = new HashSet<int>();
            using (var select = connection.CreateCommand())
            {
                select.Transaction = transaction;
                select.CommandText = "SELECT version FROM schema_migrations";
                using var reader = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    done.Add(Convert.ToInt32(reader.GetValue(0), CultureInfo.InvariantCulture));
                }
            }

            foreach (var (version, name, sqlite, postgres) in Migrations)
            {
                if (done.Contains(version))
                {
                    continue;
                }

                await ExecuteAsync(connection, transaction, dialect == SqlDialect.Sqlite ? sqlite : postgres, cancellationToken).ConfigureAwait(false);
                using var record = connection.CreateCommand();
                record.Transaction = transaction;
                record.CommandText = $"INSERT INTO schema_migrations(version, name, applied_at) VALUES({version}, '{name.Replace("'", "''", StringComparison.Ordinal)}', '{SqliteDatabase.Time(DateTimeOffset.UtcNow)}')";
                await record.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                applied.Add(version);
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }

        return applied;
    }

    private static async Task ExecuteAsync(DbConnection connection, DbTransaction transaction, string sql, CancellationToken ct)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }
}
