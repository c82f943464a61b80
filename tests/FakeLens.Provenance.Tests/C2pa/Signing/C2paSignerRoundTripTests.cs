using FakeLens.Core.Media;
using FakeLens.Provenance.C2pa;

namespace FakeLens.Provenance.Tests.C2pa.Signing;

/// <summary>FakeLens's own reader and validator on what FakeLens signs, side by side with c2pa-rs (c2pa-wasm).</summary>
[Collection(SignedFilesCollection.Name)]
public sealed class C2paSignerRoundTripTests(ExternalValidatorFixture files)
{
    /// <summary>Codes that depend on trust settings, OCSP or time-stamps rather than on the file.</summary>
    private static bool TrustIndependent(string code) =>
        !code.StartsWith("signingCredential.", StringComparison.Ordinal) && !code.StartsWith("timeStamp.", StringComparison.Ordinal);

    public static TheoryData<string> Signed =>
    [
        "signed.jpg", "signed.png", "long-manifest.jpg", "long-manifest.png", "resigned.jpg",
        "resigned-c2pa-rs-fixture.jpg", "real-photo.jpg", "es384.jpg", "tampered.jpg", "tampered.png",
        "signed.webp", "signed.wav", "tampered.webp", "tampered.wav", "signed.mp4", "legacy.mp4", "tampered.mp4",
    ];

    [Theory]
    [MemberData(nameof(Signed))]
    public void FakeLens_validator_reports_the_same_state_and_codes_as_c2pa_rs(string name)
    {
        var bytes = files.Bytes(name);
        var result = C2paValidator.Validate(C2paReader.Read(bytes, Format(name)), bytes);
        var reference = files.Get(name);

        var ours = result.ActiveManifest?.Statuses ?? result.Statuses;
        Assert.Equal(reference.WasmState, result.State.ToString().ToLowerInvariant());
        // Failure codes as a set: c2pa-rs repeats assertion.dataHash.mismatch when a re-encoded file also moved the
        // manifest ("exclusion does not match the manifest location"), tampered.webp; FakeLens reports it once.
        Assert.Equal(
            reference.WasmFailure.Where(TrustIndependent).Distinct().Order(StringComparer.Ordinal).ToList(),
            ours.Where(s => s.Kind == C2paStatusKind.Failure).Select(s => s.Code).Where(TrustIndependent).Distinct().Order(StringComparer.Ordinal).ToList());
        Assert.Equal(
            reference.WasmSuccess.Where(TrustIndependent).Order(StringComparer.Ordinal).ToList(),
            ours.Where(s => s.Kind == C2paStatusKind.Success).Select(s => s.Code).Where(TrustIndependent).Order(StringComparer.Ordinal).ToList());
    }

    [Theory]
    [InlineData("signed.jpg")]
    [InlineData("signed.png")]
    [InlineData("es384.jpg")]
    [InlineData("signed.wav")]
    [InlineData("signed.mp4")]
    public void FakeLens_validator_trusts_the_signer_with_the_generated_CA_as_anchor(string name)
    {
        var bytes = files.Bytes(name);
        var result = C2paValidator.Validate(C2paReader.Read(bytes, Format(name)), bytes, C2paTrustSettings.FromPemFile(files.AnchorsPath));

        Assert.Equal(C2paValidationState.Trusted, result.State);
        Assert.Equal("trusted", files.Get(name, trusted: true).WasmState);
    }

    [Fact]
    public void FakeLens_reader_sees_the_claim_the_signer_wrote()
    {
        var bytes = files.Bytes("signed.jpg");
        var result = C2paValidator.Validate(C2paReader.Read(bytes, MediaFormat.Jpeg), bytes);
        var manifest = result.ActiveManifest!;

        Assert.Equal(1, result.ManifestCount);
        Assert.StartsWith("urn:c2pa:", manifest.Label, StringComparison.Ordinal);
        Assert.Equal(2, manifest.ClaimVersion);
        Assert.Equal("FakeLens test image", manifest.Title);
        Assert.Equal(["http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia"], manifest.DigitalSourceTypes);
        Assert.Equal("c2pa.created", Assert.Single(manifest.Actions).Action);
        Assert.Equal("FakeLens test signer", result.Signer!.CommonName);
        Assert.Equal(["c2pa.actions.v2", "c2pa.hash.data"], manifest.AssertionLabels);
    }

    private static MediaFormat Format(string name) => Path.GetExtension(name) switch
    {
        ".png" => MediaFormat.Png,
        ".webp" => MediaFormat.WebP,
        ".wav" => MediaFormat.Wav,
        ".mp4" => MediaFormat.Mp4,
        _ => MediaFormat.Jpeg,
    };
}
