namespace FakeLens.Server.Storage;

/// <summary>
/// Where uploads live, by content address (SHA-256). The default is a folder (<see cref="UploadStore"/>): local for one
/// machine, or a shared volume (NFS, a Kubernetes ReadWriteMany claim) for <c>fakelens worker</c> processes on other
/// machines. An S3-compatible store implements the same five members (stage to a temporary object, commit by key,
/// fetch to a local temporary file for the decoders).
/// </summary>
public interface IContentStore
{
    /// <summary>Reads <paramref name="content"/> into temporary storage, hashing on the way, up to <paramref name="maxBytes"/>.</summary>
    /// <param name="content">The request body or multipart section.</param>
    /// <param name="maxBytes">Largest size accepted.</param>
    /// <param name="cancellationToken">Stops the copy.</param>
    /// <returns>The staged upload (<see cref="StagedUpload.TooLarge"/> when it went over the limit; nothing is kept then).</returns>
    Task<StagedUpload> StageAsync(Stream content, long maxBytes, CancellationToken cancellationToken);

    /// <summary>Moves a staged upload to its content address (drops it when those bytes are already stored).</summary>
    /// <param name="staged">The staged upload.</param>
    void Commit(StagedUpload staged);

    /// <summary>Drops a staged upload that was refused.</summary>
    /// <param name="staged">The staged upload.</param>
    void Discard(StagedUpload staged);

    /// <summary>A local file holding the upload's bytes, for the decoders (a folder store returns the file itself).</summary>
    /// <param name="sha256">Content address.</param>
    /// <param name="cancellationToken">Stops the call.</param>
    /// <returns>The path; the file may be missing if the upload was deleted.</returns>
    Task<string> LocalPathAsync(string sha256, CancellationToken cancellationToken);

    /// <summary>Deletes a stored upload (retention, or its last job was deleted).</summary>
    /// <param name="sha256">Content address.</param>
    void Delete(string sha256);
}
