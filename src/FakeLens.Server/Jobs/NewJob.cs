namespace FakeLens.Server.Jobs;

/// <summary>An upload to analyse, as stored.</summary>
/// <param name="Owner">API key id of the uploader ("" without keys); history and reuse stay within one owner.</param>
/// <param name="FileName">The name the client gave (a hint only; the bytes decide the format).</param>
/// <param name="Sha256">Content address of the stored upload.</param>
/// <param name="SizeBytes">Upload size.</param>
/// <param name="MediaType">MIME type sniffed from the bytes.</param>
/// <param name="Detectors">The request's detector choice (comma-separated ids or prefixes), "" for the server's default.</param>
/// <param name="DetectorSet">The resolved detector set key: same bytes + same key = same result.</param>
/// <param name="Priority">Queue priority: <see cref="JobPriority.Interactive"/> (default) before <see cref="JobPriority.Batch"/>.</param>
public sealed record NewJob(string Owner, string FileName, string Sha256, long SizeBytes, string MediaType, string Detectors, string DetectorSet, int Priority = JobPriority.Interactive);

/// <summary>Queue priorities (higher first; RabbitMQ priority queues and the SQLite claim order use the same numbers).</summary>
public static class JobPriority
{
    /// <summary>Bulk uploads (<c>?priority=batch</c>).</summary>
    public const int Batch = 1;

    /// <summary>A person waiting for the answer (the default).</summary>
    public const int Interactive = 5;
}
