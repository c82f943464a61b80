using System.Data.Common;
using System.Globalization;
using System.Text;
using FakeLens.Server.Jobs;

namespace FakeLens.Server.Storage;

/// <summary>
/// The history page query both job stores run: one <c>WHERE</c> clause from a <see cref="JobQuery"/> (owner,
/// verdict, state, time range, a search over file names and SHA-256 prefixes), a count and a page of rows newest
/// first. The stores differ only in how a parameter is written, how a time is stored and which operator matches
/// file names without regard to case.
/// </summary>
internal sealed class JobListFilter
{
    private readonly List<(string Name, object Value)> parameters = [];

    private JobListFilter(string where) => Where = where;

    /// <summary>The condition, parameters named <c>{prefix}name</c>.</summary>
    public string Where { get; }

    /// <summary>Builds the filter of <paramref name="query"/>.</summary>
    /// <param name="query">What the caller asked for.</param>
    /// <param name="prefix">How the store's SQL names a parameter (<c>$</c> or <c>@</c>).</param>
    /// <param name="caseInsensitiveLike">The store's LIKE that ignores case for file names.</param>
    /// <param name="time">A time as the store keeps it.</param>
    public static JobListFilter For(JobQuery query, char prefix, string caseInsensitiveLike, Func<DateTimeOffset, object> time)
    {
        ArgumentNullException.ThrowIfNull(query);
        var where = new StringBuilder("owner = ").Append(prefix).Append("owner");
        var parameters = new List<(string, object)> { ("owner", query.Owner) };
        void Add(string clause, string name, object value)
        {
            where.Append(" AND ").Append(clause);
            parameters.Add((name, value));
        }

        if (query.Verdict is { } verdict)
        {
            Add($"verdict = {prefix}verdict", "verdict", verdict);
        }

        if (query.State is { } state)
        {
            Add($"state = {prefix}state", "state", state.ToString().ToLowerInvariant());
        }

        if (query.From is { } from)
        {
            Add($"created_at >= {prefix}from", "from", time(from));
        }

        if (query.To is { } to)
        {
            Add($"created_at < {prefix}to", "to", time(to));
        }

        if (!string.IsNullOrWhiteSpace(query.Search))
        {
            var term = query.Search.Trim().Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal);
            Add($"(file_name {caseInsensitiveLike} {prefix}search ESCAPE '\\' OR sha256 LIKE {prefix}prefix ESCAPE '\\')", "search", "%" + term + "%");
            parameters.Add(("prefix", term.ToLowerInvariant() + "%"));
        }

        var filter = new JobListFilter(where.ToString());
        filter.parameters.AddRange(parameters);
        return filter;
    }

    /// <summary>
    /// Counts the matching jobs with <paramref name="count"/> and reads one page with <paramref name="select"/>; the
    /// caller has set their SQL (the count over <see cref="Where"/>; the page newest first with <c>{prefix}limit</c>
    /// and <c>{prefix}offset</c>), this adds every parameter.
    /// </summary>
    public async Task<JobPage> ReadPageAsync(DbCommand count, DbCommand select, JobQuery query, Func<DbDataReader, int, DateTimeOffset> time, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(count);
        ArgumentNullException.ThrowIfNull(select);
        ArgumentNullException.ThrowIfNull(query);
        foreach (var (name, value) in parameters)
        {
            AddParameter(count, name, value);
            AddParameter(select, name, value);
        }

        AddParameter(select, "limit", query.PageSize);
        AddParameter(select, "offset", (long)(query.Page - 1) * query.PageSize);
        var total = Convert.ToInt32(await count.ExecuteScalarAsync(ct).ConfigureAwait(false), CultureInfo.InvariantCulture);
        var items = new List<JobRecord>();
        var reader = await select.ExecuteReaderAsync(ct).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            while (await reader.ReadAsync(ct).ConfigureAwait(false))
            {
                items.Add(JobRows.Read(reader, time));
            }
        }

        return new JobPage(items, total);
    }

    private static void AddParameter(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }
}
