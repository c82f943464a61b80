using FakeLens.Server.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace FakeLens.Server.Api;

/// <summary>
/// Reads one file from a request: a multipart/form-data part with a file name, or the raw body (application/octet-stream,
/// image/*, audio/*, video/*). The bytes stream to disk, hashed on the way; nothing is buffered in memory.
/// </summary>
internal static class UploadReader
{
    /// <summary>Room for multipart boundaries and part headers beyond the file itself.</summary>
    public const long MultipartSlack = 64 * 1024;

    public static async Task<(StagedUpload? Upload, string? FileName, IResult? Problem)> ReadAsync(HttpRequest request, IContentStore uploads, long maxBytes, string? name, CancellationToken ct)
    {
        if (request.ContentLength is { } declared && declared > maxBytes + MultipartSlack)
        {
            return (null, null, TooLarge(declared, maxBytes));
        }

        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var contentType) || contentType.MediaType.Value is not { } mediaType)
        {
            return request.ContentLength is 0 or null && request.ContentType is null
                ? (null, null, Empty())
                : (null, null, Problems.Of(StatusCodes.Status415UnsupportedMediaType, "unsupported-content-type", "Unsupported content type",
                    "Send the file as multipart/form-data (a part named 'file') or as the raw body with Content-Type application/octet-stream, image/*, audio/* or video/*."));
        }

        if (mediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase))
        {
            return await ReadMultipartAsync(request, contentType, uploads, maxBytes, ct).ConfigureAwait(false);
        }

        if (!(mediaType.Equals("application/octet-stream", StringComparison.OrdinalIgnoreCase) || mediaType.StartsWith("image/", StringComparison.OrdinalIgnoreCase)
            || mediaType.StartsWith("audio/", StringComparison.OrdinalIgnoreCase) || mediaType.StartsWith("video/", StringComparison.OrdinalIgnoreCase)))
        {
            return (null, null, Problems.Of(StatusCodes.Status415UnsupportedMediaType, "unsupported-content-type", "Unsupported content type",
                $"Content-Type {Clip(mediaType)} is not accepted. Send multipart/form-data, application/octet-stream, image/*, audio/* or video/*."));
        }

        var staged = await uploads.StageAsync(request.Body, maxBytes, ct).ConfigureAwait(false);
        return (staged, CleanName(name), null);
    }

    private static async Task<(StagedUpload? Upload, string? FileName, IResult? Problem)> ReadMultipartAsync(
        HttpRequest request, MediaTypeHeaderValue contentType, IContentStore uploads, long maxBytes, CancellationToken ct)
    {
        var boundary = HeaderUtilities.RemoveQuotes(contentType.Boundary).Value;
        if (string.IsNullOrWhiteSpace(boundary) || boundary.Length > 200)
        {
            return (null, null, Malformed("The multipart/form-data content type has no valid boundary."));
        }

        var reader = new MultipartReader(boundary, request.Body) { HeadersLengthLimit = 16 * 1024 };
        StagedUpload? staged = null;
        string? fileName = null;
        try
        {
            MultipartSection? section;
            while ((section = await reader.ReadNextSectionAsync(ct).ConfigureAwait(false)) is not null)
            {
                if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition) || !disposition.IsFileDisposition())
                {
                    continue; // form fields other than the file are ignored
                }

                if (staged is not null)
                {
                    uploads.Discard(staged);
                    return (null, null, Problems.Of(StatusCodes.Status400BadRequest, "several-files", "One file per request",
                        "Send one file per request (the page uploads several files as several requests)."));
                }

                fileName = CleanName(disposition.FileNameStar.Value ?? disposition.FileName.Value);
                staged = await uploads.StageAsync(section.Body, maxBytes, ct).ConfigureAwait(false);
                if (staged.TooLarge)
                {
                    return (staged, fileName, null);
                }
            }
        }
        catch (Exception e) when (e is IOException or InvalidDataException)
        {
            if (staged is not null)
            {
                uploads.Discard(staged);
            }

            return (null, null, Malformed($"The multipart body could not be read: {e.Message}"));
        }

        return staged is null
            ? (null, null, Problems.Of(StatusCodes.Status400BadRequest, "no-file", "No file in the request", "The multipart body has no part with a file name; send the file as a part named 'file' with a filename."))
            : (staged, fileName, null);
    }

    public static IResult TooLarge(long size, long maxBytes) =>
        Problems.Of(StatusCodes.Status413PayloadTooLarge, "too-large", "File too large",
            $"The upload is {size / 1048576.0:0.#} MiB, above the {maxBytes / 1048576.0:0.#} MiB limit for one file.");

    public static IResult Empty() =>
        Problems.Of(StatusCodes.Status400BadRequest, "empty", "Empty file", "The file is empty (0 bytes).");

    private static IResult Malformed(string detail) =>
        Problems.Of(StatusCodes.Status400BadRequest, "malformed-multipart", "Malformed multipart body", detail);

    /// <summary>The last path segment, without control characters, at most 200 characters; "upload" when nothing is left.</summary>
    public static string CleanName(string? name)
    {
        var s = HeaderUtilities.RemoveQuotes(name ?? string.Empty).Value ?? string.Empty;
        s = s.Replace('\\', '/');
        s = s[(s.LastIndexOf('/') + 1)..];
        s = new string(s.Where(c => !char.IsControl(c)).ToArray()).Trim();
        if (s.Length > 200)
        {
            s = s[^200..];
        }

        return s.Length == 0 || s is "." or ".." ? "upload" : s;
    }

    private static string Clip(string s) => s.Length > 80 ? s[..80] + "…" : s;
}
