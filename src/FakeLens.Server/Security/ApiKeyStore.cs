using System.Data.Common;
using System.Security.Cryptography;
using System.Text;
using FakeLens.Server.Storage;
using Npgsql;

namespace FakeLens.Server.Security;

/// <summary>
/// API keys in the service database. A key is 32 random bytes shown once (<c>flk_</c> + base64url); only its
/// SHA-256 is stored. A slow password hash is not needed: the secret has 256 bits of entropy, so the stored hash
/// cannot be reversed by guessing, and a fast hash keeps every request's check cheap. The table lives in the same
/// database as the jobs: the SQLite file on one machine, PostgreSQL in scale-out mode (every server then honours the
/// same keys; the table is version 3 of <see cref="JobSchema"/>).
/// </summary>
public sealed class ApiKeyStore
{
    private const string Prefix = "flk_";
    private readonly Func<CancellationToken, Task<DbConnection>> _open;
    private readonly SqlDialect _dialect;
    private readonly TimeProvider _clock;
    private long _activeCheckedAt = long.MinValue;
    private bool _anyActive;

    /// <summary>Keys in the embedded SQLite database.</summary>
    /// <param name="database">The service database.</param>
    /// <param name="clock">Time source.</param>
    public ApiKeyStore(SqliteDatabase database, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(database);
        _open = async ct => await database.OpenAsync(ct).ConfigureAwait(false);
        _dialect = SqlDialect.Sqlite;
        _clock = clock;
    }

    /// <summary>Keys in PostgreSQL (scale-out mode), shared by every server.</summary>
    /// <param name="database">The scale-out database.</param>
    /// <param name="clock">Time source.</param>
    public ApiKeyStore(NpgsqlDataSource database, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(database);
        _open = async ct => await database.OpenConnectionAsync(ct).ConfigureAwait(false);
        _dialect = SqlDialect.Postgres;
        _clock = clock;
    }

    /// <summary>Brings the database to the latest schema (the keys table is part of it).</summary>
    /// <param name="cancellationToken">Stops the call.</param>
    /// <returns>A task.</returns>
    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        var connection = await _open(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            await JobSchema.MigrateAsync(connection, _dialect, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Creates a key.</summary>
    /// <param name="name">Who or what uses it.</param>
    /// <param name="cancellationToken">Stops the call.</param>
    /// <returns>The stored key and its secret (shown once, never stored).</returns>
    public async Task<(ApiKey Key, string Secret)> CreateAsync(string name, CancellationToken cancellationToken)
    {
        var secret = Prefix + Base64Url(RandomNumberGenerator.GetBytes(32));
        var key = new ApiKey("key_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6)), name, _clock.GetUtcNow(), null);
        var connection = await _open(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            using var insert = connection.CreateCommand();
            insert.CommandText = "INSERT INTO api_keys(id, name, hash, created_at) VALUES(@id, @name, @hash, @now)";
            Add(insert, "@id", key.Id);
            Add(insert, "@name", name);
            Add(insert, "@hash", Hash(secret));
            Add(insert, "@now", Stamp(key.CreatedAt));
            await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        _activeCheckedAt = long.MinValue;
        return (key, secret);
    }

    /// <summary>Every key, newest first.</summary>
    /// <param name="cancellationToken">Stops the call.</param>
    /// <returns>The keys (without secrets).</returns>
    public async Task<IReadOnlyList<ApiKey>> ListAsync(CancellationToken cancellationToken)
    {
        var connection = await _open(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            using var select = connection.CreateCommand();
            select.CommandText = "SELECT id, name, created_at, revoked_at FROM api_keys ORDER BY created_at DESC";
            using var reader = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            var keys = new List<ApiKey>();
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                keys.Add(new ApiKey(reader.GetString(0), reader.GetString(1), ReadTime(reader, 2), reader.IsDBNull(3) ? null : ReadTime(reader, 3)));
            }

            return keys;
        }
    }

    /// <summary>Revokes a key: requests with it are refused from now on.</summary>
    /// <param name="id">Key id.</param>
    /// <param name="cancellationToken">Stops the call.</param>
    /// <returns>False when no active key has this id.</returns>
    public async Task<bool> RevokeAsync(string id, CancellationToken cancellationToken)
    {
        var connection = await _open(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            using var update = connection.CreateCommand();
            update.CommandText = "UPDATE api_keys SET revoked_at = @now WHERE id = @id AND revoked_at IS NULL";
            Add(update, "@id", id);
            Add(update, "@now", Stamp(_clock.GetUtcNow()));
            return await update.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
        }
    }

    /// <summary>The active key whose secret this is, or null.</summary>
    /// <param name="secret">The presented secret.</param>
    /// <param name="cancellationToken">Stops the call.</param>
    /// <returns>The key id, or null.</returns>
    public async Task<string?> VerifyAsync(string secret, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(secret) || !secret.StartsWith(Prefix, StringComparison.Ordinal) || secret.Length > 100)
        {
            return null;
        }

        var connection = await _open(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            using var select = connection.CreateCommand();
            select.CommandText = "SELECT id FROM api_keys WHERE hash = @hash AND revoked_at IS NULL";
            Add(select, "@hash", Hash(secret));
            return await select.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) as string;
        }
    }

    /// <summary>True when at least one key is active (checked at most every 5 s, so keys made by the CLI take effect while the server runs).</summary>
    /// <param name="cancellationToken">Stops the call.</param>
    /// <returns>Whether keys are in use.</returns>
    public async Task<bool> AnyActiveAsync(CancellationToken cancellationToken)
    {
        var now = _clock.GetTimestamp();
        if (_activeCheckedAt != long.MinValue && _clock.GetElapsedTime(Interlocked.Read(ref _activeCheckedAt), now) < TimeSpan.FromSeconds(5))
        {
            return Volatile.Read(ref _anyActive);
        }

        var connection = await _open(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            using var select = connection.CreateCommand();
            select.CommandText = "SELECT EXISTS(SELECT 1 FROM api_keys WHERE revoked_at IS NULL)";
            var any = Convert.ToInt64(await select.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture) != 0;
            Volatile.Write(ref _anyActive, any);
            Interlocked.Exchange(ref _activeCheckedAt, now);
            return any;
        }
    }

    /// <summary>The stored form of a secret (hex SHA-256).</summary>
    /// <param name="secret">The secret.</param>
    /// <returns>Its hash.</returns>
    public static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    private static void Add(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }

    private static DateTimeOffset ReadTime(DbDataReader reader, int i) =>
        reader.GetFieldType(i) == typeof(string) ? SqliteDatabase.ParseTime(reader.GetString(i)) : new DateTimeOffset(DateTime.SpecifyKind(reader.GetDateTime(i), DateTimeKind.Utc));

    /// <summary>A time as each engine stores it: ISO text in SQLite, timestamptz in PostgreSQL.</summary>
    private object Stamp(DateTimeOffset time) => _dialect == SqlDialect.Sqlite ? SqliteDatabase.Time(time) : time.ToUniversalTime();

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
