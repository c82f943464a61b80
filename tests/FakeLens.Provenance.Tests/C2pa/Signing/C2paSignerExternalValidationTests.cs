namespace FakeLens.Provenance.Tests.C2pa.Signing;

/// <summary>What c2pa-rs (as c2pa-wasm) and c2pa-ts say about files FakeLens signs.</summary>
[Collection(SignedFilesCollection.Name)]
public sealed class C2paSignerExternalValidationTests(ExternalValidatorFixture files)
{
    [Theory]
    [InlineData("signed.jpg")]
    [InlineData("signed.png")]
    [InlineData("long-manifest.jpg")]
    [InlineData("long-manifest.png")]
    [InlineData("resigned.jpg")]
    [InlineData("resigned-c2pa-rs-fixture.jpg")]
    [InlineData("real-photo.jpg")]
    [InlineData("es384.jpg")]
    [InlineData("signed.webp")]
    [InlineData("signed.wav")]
    [InlineData("signed.mp4")]
    [InlineData("legacy.mp4")]
    public void C2pa_rs_reports_signed_file_valid_with_signature_and_hard_binding_matching(string name)
    {
        var r = files.Get(name);
        Assert.True(r.WasmState == "valid", r.Raw);
        Assert.Contains("claimSignature.validated", r.WasmSuccess);
        Assert.Contains("claimSignature.insideValidity", r.WasmSuccess);
        Assert.Contains(name.EndsWith(".mp4", StringComparison.Ordinal) ? "assertion.bmffHash.match" : "assertion.dataHash.match", r.WasmSuccess);
        Assert.Equal(2, r.WasmSuccess.Count(c => c == "assertion.hashedURI.match"));
        Assert.Equal(["signingCredential.untrusted"], r.WasmFailure);
        Assert.Equal(["signingCredential.ocsp.skipped"], r.WasmInformational); // e.g. no assertion.bmffHash.additionalExclusionsPresent
    }

    [Theory]
    [InlineData("signed.jpg")]
    [InlineData("signed.png")]
    [InlineData("long-manifest.jpg")]
    [InlineData("resigned-c2pa-rs-fixture.jpg")]
    [InlineData("es384.jpg")]
    [InlineData("signed.webp")]
    [InlineData("signed.wav")]
    [InlineData("signed.mp4")]
    public void C2pa_rs_trusts_signed_file_when_the_generated_CA_is_the_anchor(string name)
    {
        var r = files.Get(name, trusted: true);
        Assert.True(r.WasmState == "trusted", r.Raw);
        Assert.Contains("signingCredential.trusted", r.WasmSuccess);
        Assert.Empty(r.WasmFailure);
    }

    [Theory]
    [InlineData("signed.jpg")]
    [InlineData("signed.png")]
    [InlineData("long-manifest.jpg")]
    [InlineData("long-manifest.png")]
    [InlineData("resigned.jpg")]
    [InlineData("real-photo.jpg")]
    [InlineData("es384.jpg")]
    public void C2pa_ts_validates_signed_file(string name)
    {
        var r = files.Get(name);
        Assert.True(r.TsValid, r.Raw);
        Assert.Empty(r.TsFailure);
    }

    [Fact]
    public void An_expired_signing_certificate_gets_the_same_state_and_codes_as_c2pa_rs()
    {
        var r = files.Get("expired.jpg");
        var bytes = files.Bytes("expired.jpg");
        var ours = FakeLens.Provenance.C2pa.C2paValidator.Validate(FakeLens.Provenance.C2pa.C2paReader.Read(bytes, FakeLens.Core.Media.MediaFormat.Jpeg), bytes);
        var ourFailures = ours.Statuses.Where(s => s.Kind == FakeLens.Provenance.C2pa.C2paStatusKind.Failure).Select(s => s.Code).Distinct().Order(StringComparer.Ordinal).ToList();

        Assert.True(r.WasmState == "invalid", r.Raw);
        Assert.Contains("signingCredential.expired", r.WasmFailure);
        Assert.Equal(r.WasmFailure.Distinct().Order(StringComparer.Ordinal), ourFailures);
        Assert.Equal(FakeLens.Provenance.C2pa.C2paValidationState.Invalid, ours.State);
    }

    [Theory]
    [InlineData("tampered.jpg", true)]
    [InlineData("tampered.png", true)]
    [InlineData("tampered.webp", false)]
    [InlineData("tampered.wav", false)]
    public void Changing_one_pixel_or_sample_after_signing_turns_the_hard_binding_into_a_mismatch(string name, bool c2paTsReadsFormat)
    {
        var r = files.Get(name);
        Assert.True(r.WasmState == "invalid", r.Raw);
        Assert.Contains("assertion.dataHash.mismatch", r.WasmFailure);
        Assert.Contains("claimSignature.validated", r.WasmSuccess);
        Assert.False(r.TsValid, r.Raw);
        if (c2paTsReadsFormat)
        {
            Assert.Contains("assertion.dataHash.mismatch", r.TsFailure);
        }
    }

    [Fact]
    public void Changing_one_bit_of_signed_video_turns_the_BMFF_hash_into_a_mismatch()
    {
        var r = files.Get("tampered.mp4");
        Assert.True(r.WasmState == "invalid", r.Raw);
        Assert.Equal(["assertion.bmffHash.mismatch", "signingCredential.untrusted"], r.WasmFailure.Order(StringComparer.Ordinal));
        Assert.Contains("claimSignature.validated", r.WasmSuccess);
    }

    [Fact]
    public void Manifest_larger_than_one_segment_spans_several_APP11_segments()
    {
        Assert.True(files.LongManifest.ManifestStoreLength > 2 * 65_517, $"store {files.LongManifest.ManifestStoreLength} bytes");
        Assert.Equal(3, JpegApp11.Segments(files.LongManifest.Bytes).Count);
    }
}
