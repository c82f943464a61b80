using System.Text.Json;

namespace FakeLens.Provenance.Tests.C2pa.Signing;

/// <summary>What c2pa-wasm (c2pa-rs) and c2pa-ts reported for one file.</summary>
public sealed record C2paCheckResult(
    string File,
    string WasmState,
    IReadOnlyList<string> WasmSuccess,
    IReadOnlyList<string> WasmFailure,
    IReadOnlyList<string> WasmInformational,
    bool TsValid,
    IReadOnlyList<string> TsFailure,
    string Raw)
{
    public static C2paCheckResult Parse(string line)
    {
        using var doc = JsonDocument.Parse(line);
        var root = doc.RootElement;
        var wasm = root.GetProperty("c2paWasm");
        var ts = root.GetProperty("c2paTs");
        return new C2paCheckResult(
            root.GetProperty("file").GetString()!,
            wasm.GetProperty("state").GetString()!,
            Codes(wasm, "success"),
            Codes(wasm, "failure"),
            Codes(wasm, "informational"),
            ts.TryGetProperty("valid", out var v) && v.GetBoolean(),
            Codes(ts, "failure"),
            line);
    }

    private static List<string> Codes(JsonElement e, string name) =>
        e.TryGetProperty(name, out var list) ? list.EnumerateArray().Select(x => x.GetString()!).ToList() : [];
}
