using System.Text.Json;

namespace FakeLens.Provenance.C2pa.Internal;

/// <summary>Turns a JSON document (older assertions are JSON) into the same plain objects as <see cref="CborTree"/>.</summary>
internal static class JsonTree
{
    public static object? Decode(ReadOnlyMemory<byte> data)
    {
        try
        {
            using var doc = JsonDocument.Parse(data, new JsonDocumentOptions { MaxDepth = CborTree.MaxDepth, AllowTrailingCommas = true });
            return Convert(doc.RootElement);
        }
        catch (JsonException ex)
        {
            throw new C2paFormatException("JSON is malformed: " + ex.Message, ex);
        }
        catch (InvalidOperationException ex)
        {
            // JsonDocument checks UTF-8 only when a string is read: invalid bytes in a name or value throw here
            // (found by fuzzing; it escaped C2paReader, which promises never to throw for bad input).
            throw new C2paFormatException("JSON holds invalid UTF-8: " + ex.Message, ex);
        }
    }

    private static object? Convert(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Object => e.EnumerateObject().Aggregate(new Dictionary<string, object?>(StringComparer.Ordinal), (d, p) =>
        {
            d[p.Name] = Convert(p.Value);
            return d;
        }),
        JsonValueKind.Array => e.EnumerateArray().Select(Convert).ToList(),
        JsonValueKind.String => e.GetString(),
        JsonValueKind.Number => e.TryGetInt64(out var l) ? l : e.GetDouble(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => null,
    };
}
