using System.Text.Json;
using FakeLens.Imaging.Decoding;
using FakeLens.TestSupport;

namespace FakeLens.Watermark.Tests.StableDiffusion;

/// <summary>The shared watermark folder's expected.json: the reference decoder's output on every file and config.</summary>
internal static class ReferenceData
{
    public const string Folder = "watermark";

    private static readonly Lazy<IReadOnlyList<ReferenceCheck>> LazyChecks = new(Load);

    public static IReadOnlyList<ReferenceCheck> Checks => LazyChecks.Value;

    public static RgbImage Read(string relative) =>
        ImageDecoder.Decode(File.ReadAllBytes(TestData.Path(Folder, relative)), long.MaxValue).Image;

    private static List<ReferenceCheck> Load()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(TestData.Path(Folder, "expected.json")));
        var result = new List<ReferenceCheck>();
        foreach (var file in doc.RootElement.GetProperty("files").EnumerateArray())
        {
            var name = file.GetProperty("file").GetString()!;
            var sha = file.GetProperty("decoded_bgr_sha256").GetString()!;
            var markedWith = file.GetProperty("watermark").ValueKind == JsonValueKind.Object
                ? file.GetProperty("watermark").GetProperty("config").GetString()
                : null;
            foreach (var check in file.GetProperty("checks").EnumerateArray())
            {
                result.Add(new ReferenceCheck(
                    name,
                    sha,
                    check.GetProperty("config").GetString()!,
                    check.GetProperty("method").GetString()!,
                    check.GetProperty("payload_hex").GetString()!,
                    check.GetProperty("marked").GetBoolean(),
                    markedWith,
                    check.GetProperty("decoded_bits").GetString()!,
                    check.GetProperty("matched_bits").GetInt32(),
                    check.TryGetProperty("generative_models_detect_verdict", out var v) ? v.GetString() : null));
            }
        }

        return result;
    }
}
