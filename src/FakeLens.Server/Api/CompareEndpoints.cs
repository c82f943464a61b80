using System.Text.Json;
using System.Text.Json.Serialization;
using FakeLens.Core.Detection;
using FakeLens.Faces.Compare;
using FakeLens.Imaging.Compare;
using FakeLens.Server.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace FakeLens.Server.Api;

/// <summary>
/// <c>POST /api/v1/compare</c>: the same comparison as <c>fakelens compare SUSPECT ORIGINAL</c> (library
/// <see cref="ImageComparer"/>), run while the request waits (a comparison takes seconds, not minutes). The body is
/// multipart/form-data with two file parts named <c>suspect</c> and <c>original</c>; the answer is the
/// <c>fakelens.compare/1</c> JSON, or with <c>?format=html</c> the self-contained HTML report (side by side,
/// before/after slider, change map). Same API key, rate limit and problem details as the analyses endpoints;
/// each picture may be at most <see cref="MaxPictureBytes"/> (and the server's upload limit).
/// </summary>
internal static class CompareEndpoints
{
    /// <summary>Both pictures are decoded in memory, so each is capped below the general upload limit.</summary>
    public const long MaxPictureBytes = 64L * 1024 * 1024;

    private const long MaxPixels = 100_000_000;

    /// <summary>BlazeFace, loaded on the first comparison and shared (the face engine locks its networks while they run).</summary>
    private static readonly BlazeFaceLocator Faces = new();

    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = false,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static void Map(IEndpointRouteBuilder app, ServerOptions options)
    {
        var endpoint = app.MapPost("/api/v1/compare", CompareAsync)
            .AddEndpointFilter<ApiKeyFilter>()
            .WithTags("Compare")
            .WithName("ComparePictures")
            .WithSummary("Compare a suspect picture with a candidate original")
            .WithDescription("Multipart/form-data with two file parts, 'suspect' and 'original'. Aligns them (crop, scale, rotation, mirror), " +
                "lists the global operations, maps local edits and says which file is more likely the earlier one. " +
                "Returns the fakelens.compare/1 JSON (related=false when the files are not the same picture), or the HTML report with ?format=html.")
            .Produces<string>(StatusCodes.Status200OK, "application/json")
            .Produces<string>(StatusCodes.Status200OK, "text/html")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .DisableAntiforgery();
        if (options.UploadsPerMinute > 0)
        {
            endpoint.RequireRateLimiting(AnalysesEndpoints.UploadPolicy);
        }
    }

    private static async Task<IResult> CompareAsync(HttpContext http, ServerOptions options, [FromQuery] string? format)
    {
        var ct = http.RequestAborted;
        if (format is not (null or "json" or "html"))
        {
            return Problems.Of(StatusCodes.Status400BadRequest, "bad-parameter", "Bad parameter", "format is json (the default) or html.");
        }

        var limit = Math.Min(MaxPictureBytes, options.MaxUploadBytes);
        if (http.Request.ContentLength is { } declared && declared > (2 * limit) + UploadReader.MultipartSlack)
        {
            return UploadReader.TooLarge(declared, 2 * limit);
        }

        if (!MediaTypeHeaderValue.TryParse(http.Request.ContentType, out var contentType)
            || !string.Equals(contentType.MediaType.Value, "multipart/form-data", StringComparison.OrdinalIgnoreCase))
        {
            return Problems.Of(StatusCodes.Status415UnsupportedMediaType, "unsupported-content-type", "Unsupported content type",
                "Send multipart/form-data with two file parts named 'suspect' and 'original'.");
        }

        var boundary = HeaderUtilities.RemoveQuotes(contentType.Boundary).Value;
        if (string.IsNullOrWhiteSpace(boundary) || boundary.Length > 200)
        {
            return Problems.Of(StatusCodes.Status400BadRequest, "malformed-multipart", "Malformed multipart body", "The multipart/form-data content type has no valid boundary.");
        }

        var parts = new Dictionary<string, (byte[] Bytes, string Name)>(StringComparer.Ordinal);
        try
        {
            var reader = new MultipartReader(boundary, http.Request.Body) { HeadersLengthLimit = 16 * 1024 };
            MultipartSection? section;
            while ((section = await reader.ReadNextSectionAsync(ct).ConfigureAwait(false)) is not null)
            {
                if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition) || !disposition.IsFileDisposition())
                {
                    continue;
                }

                var field = HeaderUtilities.RemoveQuotes(disposition.Name).Value;
                if (field is not ("suspect" or "original"))
                {
                    return Problems.Of(StatusCodes.Status400BadRequest, "unexpected-part", "Unexpected file part",
                        $"File parts are named 'suspect' and 'original'; got '{Clip(field ?? string.Empty)}'.");
                }

                if (parts.ContainsKey(field))
                {
                    return Problems.Of(StatusCodes.Status400BadRequest, "several-files", "One file per part", $"The request has more than one '{field}' part.");
                }

                var bytes = await ReadCappedAsync(section.Body, limit, ct).ConfigureAwait(false);
                if (bytes is null)
                {
                    return UploadReader.TooLarge(limit + 1, limit);
                }

                parts[field] = (bytes, UploadReader.CleanName(disposition.FileNameStar.Value ?? disposition.FileName.Value));
            }
        }
        catch (Exception e) when (e is IOException or InvalidDataException)
        {
            return Problems.Of(StatusCodes.Status400BadRequest, "malformed-multipart", "Malformed multipart body", $"The multipart body could not be read: {e.Message}");
        }
        catch (BadHttpRequestException e)
        {
            return e.StatusCode == StatusCodes.Status413PayloadTooLarge
                ? UploadReader.TooLarge(http.Request.ContentLength ?? limit + 1, limit)
                : Problems.Of(e.StatusCode, "bad-request", "Bad request", e.Message);
        }

        foreach (var needed in new[] { "suspect", "original" })
        {
            if (!parts.TryGetValue(needed, out var part))
            {
                return Problems.Of(StatusCodes.Status400BadRequest, "no-file", "A picture is missing", $"The request has no file part named '{needed}'.");
            }

            if (part.Bytes.Length == 0)
            {
                return Problems.Of(StatusCodes.Status400BadRequest, "empty", "Empty file", $"The '{needed}' file is empty (0 bytes).");
            }
        }

        CompareInput suspect, original;
        try
        {
            suspect = CompareInput.FromBytes(parts["suspect"].Bytes, parts["suspect"].Name, MaxPixels);
        }
        catch (MediaException e)
        {
            return NotPicture("suspect", e);
        }

        try
        {
            original = CompareInput.FromBytes(parts["original"].Bytes, parts["original"].Name, MaxPixels);
        }
        catch (MediaException e)
        {
            return NotPicture("original", e);
        }

        var result = await Task.Run(() => new ImageComparer(faces: Faces).Compare(suspect, original, ct), ct).ConfigureAwait(false);
        if (format == "html")
        {
            http.Response.Headers.ContentSecurityPolicy = SecurityHeaders.ReportCsp;
            return Results.Text(CompareHtmlWriter.Write(result), "text/html; charset=utf-8");
        }

        return Results.Text(JsonSerializer.Serialize(result, Json), "application/json; charset=utf-8");
    }

    private static IResult NotPicture(string which, MediaException e) =>
        Problems.Of(StatusCodes.Status415UnsupportedMediaType, "not-image", "Not a picture", $"The '{which}' file is not a picture FakeLens can decode: {e.Message}");

    /// <summary>The whole stream, or null as soon as it exceeds <paramref name="limit"/> bytes.</summary>
    private static async Task<byte[]?> ReadCappedAsync(Stream body, long limit, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await body.ReadAsync(chunk, ct).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    private static string Clip(string s) => s.Length > 40 ? s[..40] + "…" : s;
}
