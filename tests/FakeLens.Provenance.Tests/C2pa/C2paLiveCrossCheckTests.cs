using FakeLens.Core.Media;
using FakeLens.Provenance.C2pa;
using FakeLens.Provenance.Tests.C2pa.Signing;
using FakeLens.TestSupport;

namespace FakeLens.Provenance.Tests.C2pa;

/// <summary>
/// FakeLens beside c2pa-rs itself (c2pa-wasm, run now through tools/c2pa-check) on every shared C2PA fixture:
/// same state, same failure codes, trust- and time-stamp-dependent codes set aside.
/// </summary>
public sealed class C2paLiveCrossCheckTests
{
    private static readonly Lazy<IReadOnlyDictionary<string, C2paCheckResult>> Reference = new(() =>
        C2paCheckTool.Run(Fixtures().Select(f => TestData.Path("c2pa", f))));

    private static IEnumerable<string> Fixtures() =>
        Directory.GetFiles(TestData.Path("c2pa")).Select(Path.GetFileName).Where(n => n is not null && !n.EndsWith(".json", StringComparison.Ordinal)).Order(StringComparer.Ordinal)!;

    public static TheoryData<string> Files => [.. Fixtures()];

    private static bool TrustIndependent(string code) =>
        !code.StartsWith("signingCredential.", StringComparison.Ordinal) && !code.StartsWith("timeStamp.", StringComparison.Ordinal);

    [Theory]
    [MemberData(nameof(Files))]
    public void FakeLens_reports_the_same_state_and_failure_codes_as_c2pa_rs(string name)
    {
        var path = TestData.Path("c2pa", name);
        var bytes = File.ReadAllBytes(path);
        var format = MediaSniffer.FromBytes(bytes.AsSpan(0, Math.Min(bytes.Length, MediaSniffer.HeaderLength)));
        var ours = C2paValidator.Validate(C2paReader.Read(bytes, format), bytes);
        var reference = Reference.Value.Values.Single(r => r.File.EndsWith("/" + name, StringComparison.Ordinal));
        if (reference.WasmState == "error" && reference.Raw.Contains("UnknownAlgorithm", StringComparison.Ordinal))
        {
            // c2pa-rs stops at the unknown algorithm (an error, no report); FakeLens reports it as a status and goes on.
            Assert.Contains(ours.Statuses, st => st.Code == C2paStatusCodes.AlgorithmUnsupported);
            return;
        }

        // c2pa-wasm answers "no manifest" with the error JumbfNotFound.
        var theirState = reference.WasmState == "error" && reference.Raw.Contains("JumbfNotFound", StringComparison.Ordinal) ? "no_manifest" : reference.WasmState;

        var state = ours.State switch
        {
            C2paValidationState.NoManifest => "no_manifest",
            C2paValidationState.Unreadable => "error",
            _ => ours.State.ToString().ToLowerInvariant(),
        };
        Assert.True(theirState == state, $"{name}: c2pa-rs says {theirState}, FakeLens {state}\n{reference.Raw}");
        var theirs = reference.WasmFailure.Where(TrustIndependent).Distinct().Order(StringComparer.Ordinal).ToList();
        var mine = (ours.ActiveManifest?.Statuses ?? ours.Statuses).Where(s => s.Kind == C2paStatusKind.Failure).Select(s => s.Code)
            .Where(TrustIndependent).Distinct().Order(StringComparer.Ordinal).ToList();
        Assert.True(theirs.SequenceEqual(mine), $"{name}: c2pa-rs failures [{string.Join(", ", theirs)}], FakeLens [{string.Join(", ", mine)}]");
    }
}
