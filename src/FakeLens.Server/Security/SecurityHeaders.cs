using Microsoft.AspNetCore.Http;

namespace FakeLens.Server.Security;

/// <summary>
/// Headers on every response: a strict Content-Security-Policy (only this origin's own scripts and styles, no inline
/// code, no framing), nosniff (so no response is ever run as something else), no referrer, no caching of API data.
/// CORS stays off: no Access-Control-* header is ever sent, so other sites' scripts cannot read the API.
/// </summary>
internal static class SecurityHeaders
{
    public const string PageCsp =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; media-src 'self' blob:; connect-src 'self'; " +
        "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    /// <summary>The downloadable HTML report carries its own inline style and script: it is sandboxed (no same-origin access).</summary>
    public const string ReportCsp =
        "sandbox allow-scripts allow-downloads; default-src 'none'; img-src data:; style-src 'unsafe-inline'; script-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    public static Task Apply(HttpContext context, Func<Task> next)
    {
        context.Response.OnStarting(() =>
        {
            var h = context.Response.Headers;
            if (!h.ContainsKey("Content-Security-Policy"))
            {
                h.ContentSecurityPolicy = PageCsp;
            }

            h.XContentTypeOptions = "nosniff";
            h["Referrer-Policy"] = "no-referrer";
            h.XFrameOptions = "DENY";
            h["Cross-Origin-Opener-Policy"] = "same-origin";
            h["Cross-Origin-Resource-Policy"] = "same-origin";
            h["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()";
            if (context.Request.Path.StartsWithSegments("/api", StringComparison.Ordinal) && !h.ContainsKey("Cache-Control"))
            {
                h.CacheControl = "no-store";
            }

            return Task.CompletedTask;
        });
        return next();
    }
}
