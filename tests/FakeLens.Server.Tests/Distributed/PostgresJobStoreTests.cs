using FakeLens.Server.Distributed;
using FakeLens.Server.Jobs;
using FakeLens.Server.Tests.Jobs;
using Npgsql;

namespace FakeLens.Server.Tests.Distributed;

/// <summary>
/// The PostgreSQL store against the same contract as the SQLite one, on the real server the scale-out tests use (its
/// own schema per test, dropped afterwards). Fails, never skips, when PostgreSQL is not running.
/// </summary>
public sealed class PostgresJobStoreTests : JobStoreContractTests
{
    private readonly string _schema = "s" + Guid.NewGuid().ToString("N")[..16];
    private NpgsqlDataSource? _source;

    public override async Task DisposeAsync()
    {
        if (_source is not null)
        {
            await _source.DisposeAsync();
        }

        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(RealServers.PostgresBase);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP SCHEMA IF EXISTS {_schema} CASCADE", connection);
        await drop.ExecuteNonQueryAsync();
    }

    private protected override async Task<IJobStore> CreateStoreAsync(TimeProvider clock)
    {
        try
        {
            await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(RealServers.PostgresBase) { Timeout = 5 }.ToString());
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE SCHEMA {_schema}", connection);
            await create.ExecuteNonQueryAsync();
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException or System.Net.Sockets.SocketException)
        {
            throw new InvalidOperationException(
                $"PostgreSQL is not reachable ({RealServers.PostgresBase}): {e.Message}. Start it with 'scripts/services.sh start' (./test does) or set FAKELENS_TEST_PG.", e);
        }

        _source = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(RealServers.PostgresBase) { SearchPath = _schema, Timeout = 5 }.ToString());
        return new PostgresJobStore(_source, clock);
    }
}
