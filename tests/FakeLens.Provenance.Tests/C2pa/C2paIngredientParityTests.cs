using FakeLens.Core.Media;
using FakeLens.Provenance.C2pa;
using FakeLens.Provenance.Tests.C2pa.Signing;
using FakeLens.TestSupport;

namespace FakeLens.Provenance.Tests.C2pa;

/// <summary>
/// Failures inside an ingredient's manifest, checked against c2pa-rs itself (c2pa-wasm through tools/c2pa-check):
/// an assertion of the ingredient manifest changed after it was signed must make the file invalid, as it does for
/// c2pa-rs, and FakeLens must say where the failure sits.
/// </summary>
public sealed class C2paIngredientParityTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("fakelens-c2pa-ingredient-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>caca.jpg with one byte changed inside an assertion of its ingredient's manifest (not the active one).</summary>
    private static (byte[] Bytes, string Ingredient, string Assertion) WithIngredientAssertionChanged()
    {
        var bytes = File.ReadAllBytes(TestData.Path("c2pa", "caca.jpg"));
        var store = C2paReader.Read(bytes, MediaFormat.Jpeg);
        Assert.True(store.Manifests.Count >= 2, "caca.jpg holds an active manifest and its ingredient manifests");
        var ingredient = store.Manifests[0];
        foreach (var assertion in ingredient.Assertions.Where(a => a.HashedBytes.Length >= 64))
        {
            // The assertion's content must sit once, unsplit, in one APP11 segment of the file.
            var probe = assertion.HashedBytes.Span[^48..].ToArray();
            var at = bytes.AsSpan().IndexOf(probe);
            if (at < 0 || bytes.AsSpan(at + 1).IndexOf(probe) >= 0)
            {
                continue;
            }

            var changed = (byte[])bytes.Clone();
            changed[at + 24] ^= 0x01;
            return (changed, ingredient.Label, assertion.Label);
        }

        throw new InvalidOperationException("no assertion of the ingredient manifest could be located in the file");
    }

    [Fact]
    public void A_changed_assertion_in_an_ingredient_manifest_makes_the_file_invalid_as_in_c2pa_rs()
    {
        var (bytes, ingredient, assertion) = WithIngredientAssertionChanged();
        var path = Path.Combine(_dir, "caca-ingredient-assertion-changed.jpg");
        File.WriteAllBytes(path, bytes);

        var ours = C2paValidator.Validate(C2paReader.Read(bytes, MediaFormat.Jpeg), bytes);
        var reference = C2paCheckTool.Run([path]).Values.Single();

        Assert.True(reference.WasmState == "invalid", reference.Raw);
        Assert.Equal(C2paValidationState.Invalid, ours.State);
        var delta = ours.ActiveManifest!.Ingredients.SelectMany(i => i.Deltas).Where(d => d.Kind == C2paStatusKind.Failure).ToList();
        Assert.Contains(delta, d => d.Code == C2paStatusCodes.AssertionHashedUriMismatch && d.Url!.Contains(ingredient, StringComparison.Ordinal) && d.Url.Contains(assertion, StringComparison.Ordinal));
        // c2pa-rs lists the ingredient's failures in its overall validation status, not among the active manifest's.
        using var raw = System.Text.Json.JsonDocument.Parse(reference.Raw);
        var status = raw.RootElement.GetProperty("c2paWasm").GetProperty("status").EnumerateArray().Select(e => e.GetString()).ToList();
        Assert.Contains(C2paStatusCodes.AssertionHashedUriMismatch, status);
        Assert.Contains(C2paStatusCodes.IngredientManifestMismatch, status);
        Assert.Contains(delta, d => d.Code == C2paStatusCodes.IngredientManifestMismatch);

        // The untouched file stays valid for both.
        var original = File.ReadAllBytes(TestData.Path("c2pa", "caca.jpg"));
        Assert.Equal(C2paValidationState.Valid, C2paValidator.Validate(C2paReader.Read(original, MediaFormat.Jpeg), original).State);
    }
}
