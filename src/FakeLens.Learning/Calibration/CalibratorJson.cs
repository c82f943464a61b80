using System.Text.Json.Nodes;

namespace FakeLens.Learning.Calibration;

/// <summary>Reads and writes a calibrator as a small JSON object ({"kind":"platt","a":…,"b":…} or the isotonic knots).</summary>
public static class CalibratorJson
{
    public static JsonObject Write(IProbabilityCalibrator calibrator) => calibrator switch
    {
        PlattCalibrator p => new JsonObject { ["kind"] = p.Kind, ["a"] = p.A, ["b"] = p.B },
        IsotonicCalibrator i => new JsonObject
        {
            ["kind"] = i.Kind,
            ["floor"] = i.Floor,
            ["knots"] = new JsonArray([.. i.Knots.Select(v => (JsonNode?)JsonValue.Create(v))]),
            ["values"] = new JsonArray([.. i.Values.Select(v => (JsonNode?)JsonValue.Create(v))]),
        },
        _ => throw new ArgumentException($"Unknown calibrator {calibrator?.GetType().Name}.", nameof(calibrator)),
    };

    public static IProbabilityCalibrator Read(JsonNode node)
    {
        ArgumentNullException.ThrowIfNull(node);
        string kind = node["kind"]?.GetValue<string>() ?? throw new FormatException("Calibrator has no kind.");
        return kind switch
        {
            "platt" => new PlattCalibrator(Number(node, "a"), Number(node, "b")),
            "isotonic" => new IsotonicCalibrator(Numbers(node, "knots"), Numbers(node, "values"), Number(node, "floor")),
            _ => throw new FormatException($"Unknown calibrator kind '{kind}'."),
        };
    }

    private static double Number(JsonNode node, string name) =>
        node[name]?.GetValue<double>() ?? throw new FormatException($"Calibrator lacks '{name}'.");

    private static double[] Numbers(JsonNode node, string name) =>
        (node[name] as JsonArray)?.Select(v => v?.GetValue<double>() ?? throw new FormatException($"Calibrator '{name}' has a null.")).ToArray()
        ?? throw new FormatException($"Calibrator lacks '{name}'.");
}
