using System.Globalization;

namespace FakeLens.Provenance.C2pa.Internal;

/// <summary>Small typed accessors over the plain objects that <see cref="CborTree"/> and JSON parsing produce.</summary>
internal static class Obj
{
    public static IReadOnlyDictionary<string, object?>? Map(object? o) => o as Dictionary<string, object?>;

    public static IReadOnlyList<object?> List(object? o) => o as List<object?> ?? (o is null ? [] : [o]);

    public static object? Get(object? map, string key) =>
        Map(map) is { } m && m.TryGetValue(key, out var v) ? v : null;

    public static string? Str(object? map, string key) => Get(map, key) switch
    {
        string s => s,
        null => null,
        long l => l.ToString(CultureInfo.InvariantCulture),
        double d => d.ToString(CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        _ => null,
    };

    public static byte[]? Bytes(object? map, string key) => Get(map, key) as byte[];

    public static long? Long(object? map, string key) => Get(map, key) switch
    {
        long l => l,
        double d when d is >= long.MinValue and <= long.MaxValue => (long)d,
        _ => null,
    };
}
