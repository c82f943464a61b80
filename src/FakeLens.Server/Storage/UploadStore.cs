using System.Security.Cryptography;

namespace FakeLens.Server.Storage;

/// <summary>
/// Uploads on disk, named by their SHA-256 (<c>uploads/ab/abcdef….bin</c>): the same bytes are stored once, and a
/// name can never be chosen by a client. Files are written to a temporary name, flushed to disk, then renamed, so a
/// crash never leaves half an upload under a content address. Uploads are never served back.
/// </summary>
public sealed class UploadStore : IContentStore
{
    private readonly string _root;
    private readonly string _incoming;

    /// <summary>Creates the store under <paramref name="dataDirectory"/>/uploads.</summary>
    /// <param name="dataDirectory">The service's data folder.</param>
    /// <param name="cleanIncoming">Delete half-staged uploads left by a dead process. Only the single process that owns
    /// the folder may do this: on a shared store another server may be staging right now, so scale-out processes pass false.</param>
    public UploadStore(string dataDirectory, bool cleanIncoming = true)
    {
        _root = Path.Combine(dataDirectory, "uploads");
        _incoming = Path.Combine(_root, "incoming");
        Directory.CreateDirectory(_incoming);
        if (!cleanIncoming)
        {
            return;
        }

        foreach (var stale in Directory.EnumerateFiles(_incoming))
        {
            File.Delete(stale);
        }
    }

    /// <summary>Where the upload with this SHA-256 lives.</summary>
    /// <param name="sha256">Lower-case hex SHA-256.</param>
    /// <returns>The path (which may not exist).</returns>
    public string PathOf(string sha256)
    {
        ArgumentNullException.ThrowIfNull(sha256);
        if (sha256.Length != 64 || !sha256.All(char.IsAsciiHexDigitLower))
        {
            throw new ArgumentException("not a lower-case SHA-256", nameof(sha256));
        }

        return Path.Combine(_root, sha256[..2], sha256 + ".bin");
    }

    /// <summary>Reads <paramref name="content"/> into a temporary file, hashing on the way, up to <paramref name="maxBytes"/>.</summary>
    /// <param name="content">The request body or multipart section.</param>
    /// <param name="maxBytes">Largest size accepted.</param>
    /// <param name="cancellationToken">Stops the copy.</param>
    /// <returns>The staged upload; <see cref="StagedUpload.TooLarge"/> when it went over the limit (nothing is kept then).</returns>
    public async Task<StagedUpload> StageAsync(Stream content, long maxBytes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        var temp = Path.Combine(_incoming, Guid.NewGuid().ToString("N"));
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var head = new byte[64];
        var headLength = 0;
        long total = 0;
        var buffer = new byte[81920];
        try
        {
            var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, FileOptions.Asynchronous);
            await using (file.ConfigureAwait(false))
            {
                int read;
                while ((read = await content.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
                {
                    total += read;
                    if (total > maxBytes)
                    {
                        break;
                    }

                    if (headLength < head.Length)
                    {
                        var n = Math.Min(read, head.Length - headLength);
                        buffer.AsSpan(0, n).CopyTo(head.AsSpan(headLength));
                        headLength += n;
                    }

                    hash.AppendData(buffer, 0, read);
                    await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                }

                file.Flush(flushToDisk: true);
            }
        }
        catch
        {
            File.Delete(temp);
            throw;
        }

        if (total > maxBytes)
        {
            File.Delete(temp);
            return new StagedUpload(null, total, string.Empty, [], TooLarge: true);
        }

        return new StagedUpload(temp, total, Convert.ToHexStringLower(hash.GetHashAndReset()), head[..headLength], TooLarge: false);
    }

    /// <summary>Moves a staged upload to its content address (or drops it when those bytes are already stored).</summary>
    /// <param name="staged">The staged upload.</param>
    public void Commit(StagedUpload staged)
    {
        ArgumentNullException.ThrowIfNull(staged);
        if (staged.TempPath is null)
        {
            return;
        }

        var target = PathOf(staged.Sha256);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        if (File.Exists(target))
        {
            File.Delete(staged.TempPath);
            return;
        }

        File.Move(staged.TempPath, target, overwrite: true);
    }

    /// <inheritdoc/>
    void IContentStore.Discard(StagedUpload staged) => Discard(staged);

    /// <inheritdoc/>
    public Task<string> LocalPathAsync(string sha256, CancellationToken cancellationToken) => Task.FromResult(PathOf(sha256));

    /// <summary>Drops a staged upload that was refused.</summary>
    /// <param name="staged">The staged upload.</param>
    public static void Discard(StagedUpload staged)
    {
        if (staged?.TempPath is { } path)
        {
            File.Delete(path);
        }
    }

    /// <summary>Deletes a stored upload (retention, or its last job was deleted).</summary>
    /// <param name="sha256">Content address.</param>
    public void Delete(string sha256) => File.Delete(PathOf(sha256));
}
