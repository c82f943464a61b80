using FakeLens.Server.Api;
using Microsoft.AspNetCore.Http;

namespace FakeLens.Server.Security;

/// <summary>
/// API keys on every /api route: a key is read from <c>Authorization: Bearer …</c> or <c>X-Api-Key</c>. Without keys
/// (none created, <see cref="ServerOptions.RequireApiKey"/> off) the API is open and every job belongs to the owner "".
/// With keys, each key sees only its own analyses.
/// </summary>
internal sealed class ApiKeyFilter(ApiKeyStore keys, ServerOptions options) : IEndpointFilter
{
    public const string OwnerItem = "fakelens.owner";

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var presented = Presented(http.Request);
        string owner;
        if (presented is not null)
        {
            var id = await keys.VerifyAsync(presented, http.RequestAborted).ConfigureAwait(false);
            if (id is null)
            {
                http.Response.Headers.WWWAuthenticate = "Bearer";
                return Problems.Of(StatusCodes.Status401Unauthorized, "invalid-api-key", "Invalid API key", "The API key is unknown or revoked.");
            }

            owner = id;
        }
        else if (options.RequireApiKey || await keys.AnyActiveAsync(http.RequestAborted).ConfigureAwait(false))
        {
            http.Response.Headers.WWWAuthenticate = "Bearer";
            return Problems.Of(StatusCodes.Status401Unauthorized, "api-key-required", "API key required",
                "This service requires an API key: send it as 'Authorization: Bearer <key>' or 'X-Api-Key: <key>' (create one with 'fakelens keys api create').");
        }
        else
        {
            owner = string.Empty;
        }

        http.Items[OwnerItem] = owner;
        return await next(context).ConfigureAwait(false);
    }

    /// <summary>The key a request presents, if any.</summary>
    public static string? Presented(HttpRequest request)
    {
        var auth = request.Headers.Authorization.ToString();
        if (auth.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return auth["Bearer ".Length..].Trim();
        }

        var header = request.Headers["X-Api-Key"].ToString();
        return header.Length > 0 ? header.Trim() : null;
    }
}
