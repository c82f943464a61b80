namespace FakeLens.Server.Storage;

/// <summary>An upload read to a temporary file, hashed, not yet accepted.</summary>
/// <param name="TempPath">The temporary file; null when nothing was kept.</param>
/// <param name="SizeBytes">Bytes read.</param>
/// <param name="Sha256">Lower-case hex SHA-256.</param>
/// <param name="Head">The first bytes, for content sniffing.</param>
/// <param name="TooLarge">The upload went over the size limit.</param>
public sealed record StagedUpload(string? TempPath, long SizeBytes, string Sha256, byte[] Head, bool TooLarge);
