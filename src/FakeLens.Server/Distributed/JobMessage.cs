using System.Text.Json;
using System.Text.Json.Serialization;

namespace FakeLens.Server.Distributed;

/// <summary>The broker message for one job: its id and content address (the row in PostgreSQL holds the rest), and which delivery attempt this is.</summary>
/// <param name="Id">Job id.</param>
/// <param name="Sha256">Content address of the upload (the idempotency key is id + content).</param>
/// <param name="Attempt">1 for the first publication, incremented by each retry after an analysis crash.</param>
public sealed record JobMessage(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("sha256")] string Sha256,
    [property: JsonPropertyName("attempt")] int Attempt)
{
    /// <summary>UTF-8 JSON.</summary>
    /// <returns>The body.</returns>
    public byte[] ToBytes() => JsonSerializer.SerializeToUtf8Bytes(this);

    /// <summary>Reads a body; null when it is not a job message.</summary>
    /// <param name="body">The bytes.</param>
    /// <returns>The message or null.</returns>
    public static JobMessage? Parse(ReadOnlySpan<byte> body)
    {
        try
        {
            var m = JsonSerializer.Deserialize<JobMessage>(body);
            return m is { Id.Length: > 0, Sha256.Length: 64, Attempt: > 0 } ? m : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
