using System.CommandLine;
using FakeLens.Server.Security;
using FakeLens.Server.Storage;
using Npgsql;

namespace FakeLens.Cli.Commands;

/// <summary><c>fakelens keys api create|list|revoke</c>: API keys of <c>fakelens serve</c>, stored hashed in its data folder.</summary>
internal static class ApiKeysCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var name = new Option<string>("--name") { Description = "Who or what uses the key (shown by 'list').", Required = true, HelpName = "name" };
        var data = ServeCommand.DataOption();
        var database = DatabaseOption();
        var create = new Command("create", "Create an API key. The key is printed once; only its hash is stored. Once a key exists, the service requires one on every API request.") { name, data, database };
        create.SetAction(async (parse, ct) =>
        {
            var keys = await OpenAsync(parse.GetValue(data)!, parse.GetValue(database), ct).ConfigureAwait(false);
            var (key, secret) = await keys.CreateAsync(parse.GetValue(name)!, ct).ConfigureAwait(false);
            await stdout.WriteLineAsync(secret).ConfigureAwait(false);
            await stderr.WriteLineAsync($"Created API key {key.Id} ({key.Name}). Keep the key above secret: it is not stored and cannot be shown again. Send it as 'Authorization: Bearer <key>'.").ConfigureAwait(false);
            return CliApp.Ok;
        });

        var listData = ServeCommand.DataOption();
        var listDatabase = DatabaseOption();
        var list = new Command("list", "List API keys (ids and names; never the keys themselves).") { listData, listDatabase };
        list.SetAction(async (parse, ct) =>
        {
            var keys = await OpenAsync(parse.GetValue(listData)!, parse.GetValue(listDatabase), ct).ConfigureAwait(false);
            foreach (var k in await keys.ListAsync(ct).ConfigureAwait(false))
            {
                await stdout.WriteLineAsync($"{k.Id}\t{k.Name}\tcreated {k.CreatedAt:yyyy-MM-dd HH:mm}Z\t{(k.RevokedAt is { } r ? $"revoked {r:yyyy-MM-dd HH:mm}Z" : "active")}").ConfigureAwait(false);
            }

            return CliApp.Ok;
        });

        var id = new Argument<string>("id") { Description = "The key id shown by 'create' and 'list' (key_…)." };
        var revokeData = ServeCommand.DataOption();
        var revokeDatabase = DatabaseOption();
        var revoke = new Command("revoke", "Revoke an API key: requests with it are refused from now on.") { id, revokeData, revokeDatabase };
        revoke.SetAction(async (parse, ct) =>
        {
            var keys = await OpenAsync(parse.GetValue(revokeData)!, parse.GetValue(revokeDatabase), ct).ConfigureAwait(false);
            if (!await keys.RevokeAsync(parse.GetValue(id)!, ct).ConfigureAwait(false))
            {
                await stderr.WriteLineAsync($"fakelens: no active API key {parse.GetValue(id)}.").ConfigureAwait(false);
                return CliApp.UsageError;
            }

            await stdout.WriteLineAsync($"Revoked {parse.GetValue(id)}.").ConfigureAwait(false);
            return CliApp.Ok;
        });

        return new Command("api", "API keys for 'fakelens serve'.") { create, list, revoke };
    }

    private static Option<string?> DatabaseOption() => new("--database")
    {
        Description = "Scale-out: the PostgreSQL connection string the servers use (--database of 'fakelens serve'); keys made there hold for every server. Default: the SQLite file in --data.",
        HelpName = "connection",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("FAKELENS_DATABASE") is { Length: > 0 } d ? d : null,
    };

    private static async Task<ApiKeyStore> OpenAsync(string dataDirectory, string? database, CancellationToken ct)
    {
        ApiKeyStore keys;
        if (database is { Length: > 0 })
        {
            keys = new ApiKeyStore(NpgsqlDataSource.Create(database), TimeProvider.System);
        }
        else
        {
            Directory.CreateDirectory(dataDirectory);
            keys = new ApiKeyStore(new SqliteDatabase(Path.Combine(Path.GetFullPath(dataDirectory), "fakelens.db")), TimeProvider.System);
        }

        await keys.InitializeAsync(ct).ConfigureAwait(false);
        return keys;
    }
}
