using Microsoft.AspNetCore.Http;

namespace FakeLens.Server.Api;

/// <summary>RFC 9457 problem details with a stable <c>code</c> (the CLI's per-file error codes where they apply).</summary>
public static class Problems
{
    /// <summary>A problem response.</summary>
    /// <param name="status">HTTP status.</param>
    /// <param name="code">Stable machine code (also the last part of the type URI).</param>
    /// <param name="title">Short, fixed title for the code.</param>
    /// <param name="detail">What happened in this request.</param>
    /// <returns>The result.</returns>
    public static IResult Of(int status, string code, string title, string detail) =>
        Results.Problem(detail: detail, statusCode: status, title: title, type: TypeOf(code), extensions: new Dictionary<string, object?> { ["code"] = code });

    /// <summary>The type URI of a problem code.</summary>
    /// <param name="code">The code.</param>
    /// <returns>urn:fakelens:problem:code.</returns>
    public static string TypeOf(string code) => "urn:fakelens:problem:" + code;

    /// <summary>404 for an id this caller cannot see.</summary>
    /// <param name="id">The id asked for.</param>
    /// <returns>The result.</returns>
    public static IResult UnknownId(string id) =>
        Of(StatusCodes.Status404NotFound, "not-found", "No such analysis", $"There is no analysis with id '{Trim(id)}'.");

    private static string Trim(string s) => s.Length > 64 ? s[..64] + "…" : s;
}
