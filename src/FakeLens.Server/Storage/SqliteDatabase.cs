using System.Globalization;
using Microsoft.Data.Sqlite;

namespace FakeLens.Server.Storage;

/// <summary>Opens connections to the service's SQLite file: WAL journal, full sync, busy timeout, foreign keys.</summary>
public sealed class SqliteDatabase(string path)
{
    private readonly string _connectionString = new SqliteConnectionStringBuilder
    {
        DataSource = path,
        Mode = SqliteOpenMode.ReadWriteCreate,
        Cache = SqliteCacheMode.Private,
        Pooling = true,
        DefaultTimeout = 30,
    }.ToString();

    /// <summary>The database file.</summary>
    public string Path { get; } = path;

    /// <summary>Opens a connection with the service's pragmas applied.</summary>
    /// <param name="cancellationToken">Stops the call.</param>
    /// <returns>An open connection.</returns>
    public async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        using var pragma = connection.CreateCommand();
        // WAL: readers never block the writer; synchronous=FULL: a committed job survives a crash of the process or the machine.
        pragma.CommandText = "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA busy_timeout=30000; PRAGMA foreign_keys=ON;";
        await pragma.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        return connection;
    }

    /// <summary>Timestamps are stored as fixed-width UTC text, so they sort and compare as strings.</summary>
    /// <param name="time">The time.</param>
    /// <returns>yyyy-MM-ddTHH:mm:ss.fffffffZ.</returns>
    public static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);

    /// <summary>Reads a stored timestamp.</summary>
    /// <param name="text">Stored text.</param>
    /// <returns>The time.</returns>
    public static DateTimeOffset ParseTime(string text) => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
}
