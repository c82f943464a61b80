namespace FakeLens.Server.Security;

/// <summary>A stored API key: never the secret itself, only its hash.</summary>
/// <param name="Id">Public id (owner of the key's jobs).</param>
/// <param name="Name">Who or what uses it.</param>
/// <param name="CreatedAt">When it was created.</param>
/// <param name="RevokedAt">When it was revoked, or null while active.</param>
public sealed record ApiKey(string Id, string Name, DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt);
