using System.Data.Common;
using System.Globalization;
using FakeLens.Server.Jobs;

namespace FakeLens.Server.Storage;

/// <summary>
/// What the SQLite and PostgreSQL job stores share beyond their SQL dialects: reading a <c>jobs</c> row (selected
/// as <c>SELECT *</c> in the column order of <see cref="JobSchema"/>) and finding which expired uploads no job
/// still needs.
/// </summary>
internal static class JobRows
{
    /// <summary>Reads the current row. <paramref name="time"/> reads a non-null timestamp column the store's way.</summary>
    public static JobRecord Read(DbDataReader r, Func<DbDataReader, int, DateTimeOffset> time)
    {
        double? D(int i) => r.IsDBNull(i) ? null : r.GetDouble(i);
        string? S(int i) => r.IsDBNull(i) ? null : r.GetString(i);
        DateTimeOffset? T(int i) => r.IsDBNull(i) ? null : time(r, i);
        return new JobRecord
        {
            Id = r.GetString(0),
            Owner = r.GetString(1),
            FileName = r.GetString(2),
            Sha256 = r.GetString(3),
            SizeBytes = r.GetInt64(4),
            MediaType = r.GetString(5),
            Detectors = r.GetString(6),
            DetectorSet = r.GetString(7),
            State = Enum.Parse<JobState>(r.GetString(8), ignoreCase: true),
            Progress = r.GetDouble(9),
            Attempts = r.GetInt32(10),
            Completions = r.GetInt32(11),
            CreatedAt = time(r, 12),
            StartedAt = T(13),
            FinishedAt = T(14),
            Verdict = S(15),
            Confidence = D(16),
            ProbabilityAi = D(17),
            ProbabilityManipulated = D(18),
            ProbabilityAuthentic = D(19),
            Summary = S(20),
            ErrorCode = S(21),
            ErrorMessage = S(22),
            Heatmaps = r.GetInt32(23),

            // SQLite hands INTEGER back as a 64-bit value, PostgreSQL as a 32-bit one.
            UploadDeleted = Convert.ToInt64(r.GetValue(24), CultureInfo.InvariantCulture) != 0,
            Priority = r.GetInt32(25),
        };
    }

    /// <summary>Reads the first row of <paramref name="command"/>, or null when it returns none.</summary>
    public static async Task<JobRecord?> ReadOneAsync(DbCommand command, Func<DbDataReader, int, DateTimeOffset> time, CancellationToken ct)
    {
        var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            return await reader.ReadAsync(ct).ConfigureAwait(false) ? Read(reader, time) : null;
        }
    }

    /// <summary>The distinct uploads among <paramref name="expired"/> that no live job still uses (their bytes may go).</summary>
    public static async Task<IReadOnlyList<string>> OrphansAsync(IEnumerable<(string Id, string Sha)> expired, Func<string, CancellationToken, Task<bool>> isInUse, CancellationToken ct)
    {
        var orphans = new List<string>();
        foreach (var sha in expired.Select(e => e.Sha).Distinct(StringComparer.Ordinal))
        {
            if (!await isInUse(sha, ct).ConfigureAwait(false))
            {
                orphans.Add(sha);
            }
        }

        return orphans;
    }
}
