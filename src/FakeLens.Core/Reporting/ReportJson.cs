using System.Text.Json;
using System.Text.Json.Serialization;
using FakeLens.Core.Evidence;

namespace FakeLens.Core.Reporting;

/// <summary>JSON form of reports: camelCase properties, kebab-case enum values, heatmaps at most 64 cells a side.</summary>
public static class ReportJson
{
    /// <summary>Largest heatmap side written to JSON; full maps go to the HTML report.</summary>
    public const int MaxHeatmapSide = 64;

    public static JsonSerializerOptions Options { get; } = Create();

    public static string Serialize(ScanReport report) => JsonSerializer.Serialize(report, Options);

    public static async Task WriteAsync(ScanReport report, Stream output, CancellationToken cancellationToken = default) =>
        await JsonSerializer.SerializeAsync(output, report, Options, cancellationToken).ConfigureAwait(false);

    private static JsonSerializerOptions Create()
    {
        var o = new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
            DictionaryKeyPolicy = null,
            WriteIndented = true,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        };
        o.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower));
        o.Converters.Add(new HeatmapConverter());
        o.MakeReadOnly(populateMissingResolver: true);
        return o;
    }

    private sealed class HeatmapConverter : JsonConverter<Heatmap>
    {
        public override Heatmap Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            throw new NotSupportedException("reports are written, not read back");

        public override void Write(Utf8JsonWriter writer, Heatmap value, JsonSerializerOptions options)
        {
            var small = value.Downsample(MaxHeatmapSide);
            writer.WriteStartObject();
            writer.WriteNumber("width", small.Width);
            writer.WriteNumber("height", small.Height);
            writer.WriteString("legend", small.Legend);
            writer.WriteStartArray("values");
            foreach (var v in small.Values)
            {
                writer.WriteNumberValue(Math.Round(v, 3));
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }
    }
}
