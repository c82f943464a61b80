using System.Text.Json;
using FakeLens.Core.Media;
using FakeLens.Provenance.C2pa;
using FakeLens.TestSupport;

namespace FakeLens.Provenance.Tests.C2pa;

/// <summary>Reads the shared c2pa fixtures and their expectations (../shared/data/c2pa/expected.json).</summary>
internal static class C2paFixture
{
    private static readonly Lazy<JsonDocument> Expected = new(() => JsonDocument.Parse(File.ReadAllText(TestData.Path("c2pa", "expected.json"))));

    private static readonly Lazy<C2paTrustSettings> TestAnchors = new(() => C2paTrustSettings.FromPem(C2paTestAnchors.Pem));

    public static C2paTrustSettings Anchors => TestAnchors.Value;

    public static JsonElement Files => Expected.Value.RootElement.GetProperty("files");

    public static IEnumerable<string> Names => Files.EnumerateObject().Select(p => p.Name);

    public static JsonElement Entry(string name) => Files.GetProperty(name);

    public static byte[] Bytes(string name) => File.ReadAllBytes(TestData.Path("c2pa", name));

    public static MediaFormat FormatOf(byte[] bytes, string name) =>
        MediaSniffer.Sniff(bytes.AsSpan(0, Math.Min(bytes.Length, MediaSniffer.HeaderLength)), name).Format;

    public static C2paValidationResult Validate(string name, C2paTrustSettings? trust = null)
    {
        var bytes = Bytes(name);
        var store = C2paReader.Read(bytes, FormatOf(bytes, name));
        return C2paValidator.Validate(store, bytes, trust);
    }
}
