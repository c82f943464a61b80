using System.Globalization;
using System.Text.Json;

namespace FakeLens.Provenance.Labels;

/// <summary>Tolerant JSON access for generator metadata: parse failures and odd types give null, never an exception.</summary>
internal static class JsonValues
{
    private const int MaxJsonChars = 8 * 1024 * 1024;

    private static readonly JsonDocumentOptions Options = new() { MaxDepth = 64, AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip };

    /// <summary>The parsed document when <paramref name="text"/> is a JSON object, else null.</summary>
    public static JsonDocument? ParseObject(string? text)
    {
        if (text is null || text.Length > MaxJsonChars)
        {
            return null;
        }

        var t = text.AsSpan().Trim();
        if (t.Length < 2 || t[0] != '{')
        {
            return null;
        }

        try
        {
            var doc = JsonDocument.Parse(text.Trim(), Options);
            if (doc.RootElement.ValueKind == JsonValueKind.Object)
            {
                return doc;
            }

            doc.Dispose();
            return null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>A property as text: strings as they are, numbers and booleans as written; null for absent, null, empty, arrays and objects.</summary>
    public static string? Text(JsonElement obj, string name)
    {
        if (obj.ValueKind != JsonValueKind.Object || !obj.TryGetProperty(name, out var v))
        {
            return null;
        }

        return Scalar(v);
    }

    public static string? Scalar(JsonElement v)
    {
        var s = v.ValueKind switch
        {
            JsonValueKind.String => v.GetString(),
            JsonValueKind.Number => v.GetRawText(),
            JsonValueKind.True => "true",
            JsonValueKind.False => "false",
            _ => null,
        };
        return string.IsNullOrWhiteSpace(s) ? null : s.Trim();
    }

    public static JsonElement? Child(JsonElement obj, string name) =>
        obj.ValueKind == JsonValueKind.Object && obj.TryGetProperty(name, out var v) ? v : null;

    public static bool Has(JsonElement obj, string name) => obj.ValueKind == JsonValueKind.Object && obj.TryGetProperty(name, out _);

    public static string Number(long n) => n.ToString(CultureInfo.InvariantCulture);
}
