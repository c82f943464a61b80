using FakeLens.Core.Detection;
using FakeLens.Core.Evidence;
using FakeLens.Provenance.C2pa;
using Xunit.Abstractions;

namespace FakeLens.Provenance.Tests.C2pa;

public sealed class C2paDetectorTests(ITestOutputHelper output)
{
    private static async Task<IReadOnlyList<Evidence>> Analyze(string name, C2paTrustSettings? trust = null)
    {
        var detector = trust is null ? new C2paDetector() : new C2paDetector(trust);
        return await detector.AnalyzeAsync(AnalysisContext.FromBytes(C2paFixture.Bytes(name), name), CancellationToken.None);
    }

    [Fact]
    public async Task A_sidecar_manifest_beside_the_file_is_read_and_checked_against_its_bytes()
    {
        var dir = Directory.CreateTempSubdirectory("fakelens-sidecar-").FullName;
        try
        {
            // A JPEG without Content Credentials, and beside it the manifest store of another image (ca.jpg).
            var photo = Path.Combine(dir, "photo.jpg");
            var bytes = FakeLens.Imaging.Decoding.ImageEncoder.Jpeg(FakeLens.TestSupport.Scenes.Natural(64, 64), 90);
            await File.WriteAllBytesAsync(photo, bytes);
            Assert.Null(C2paDetector.SidecarOf(photo));
            Assert.Single(await new C2paDetector().AnalyzeAsync(AnalysisContext.FromBytes(bytes, photo), CancellationToken.None), e => e.Title == "No C2PA Content Credentials");

            await File.WriteAllBytesAsync(Path.Combine(dir, "photo.c2pa"), C2paReader.Read(C2paFixture.Bytes("ca.jpg"), Core.Media.MediaFormat.Jpeg).StoreBytes.ToArray());
            var evidence = await new C2paDetector().AnalyzeAsync(AnalysisContext.FromBytes(bytes, photo), CancellationToken.None);

            // The sidecar's signature is genuine, but its hard binding describes other bytes.
            var sig = Assert.Single(evidence, e => e.Id == "c2pa.claim-signature");
            Assert.Equal(EvidenceDirection.Manipulated, sig.Direction);
            Assert.Contains(sig.Facts, f => f.Value.Contains("assertion.dataHash.mismatch", StringComparison.Ordinal));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task Signed_algorithmic_media_without_a_trained_model_is_a_strong_cue_not_proof_of_ai()
    {
        // c.jpg declares 'algorithmicMedia' for a synthetic gradient test image (not ML output).
        var sig = Assert.Single(await Analyze("c.jpg"), e => e.Id == "c2pa.claim-signature");
        Assert.Equal(EvidenceDirection.AiGenerated, sig.Direction);
        Assert.False(sig.Decisive);
        Assert.Equal(C2paDetector.SyntheticRatio, sig.LikelihoodRatio);
        Assert.Contains("not necessarily by a trained AI model", sig.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Firefly_image_edited_in_photoshop_is_decisive_ai_evidence_with_a_readable_story()
    {
        var evidence = await Analyze("ocsp.jpg");
        foreach (var e in evidence)
        {
            output.WriteLine($"[{e.Id}] {e.Direction} LR={e.LikelihoodRatio} {e.Title}\n{e.Explanation}\n");
        }

        var sig = Assert.Single(evidence, e => e.Id == "c2pa.claim-signature");
        Assert.Equal(EvidenceDirection.AiGenerated, sig.Direction);
        Assert.True(sig.Decisive);
        Assert.Equal(C2paDetector.DecisiveRatio, sig.LikelihoodRatio);
        Assert.Contains("Adobe C2PA", sig.Explanation, StringComparison.Ordinal);
        Assert.Contains("compositeWithTrainedAlgorithmicMedia", sig.Explanation, StringComparison.Ordinal);
        Assert.Contains("13 Aug 2025 16:30 UTC", sig.Explanation, StringComparison.Ordinal);

        var label = Assert.Single(evidence, e => e.Id == "c2pa.ai-label");
        Assert.Contains("created by a generative AI model", label.Explanation, StringComparison.Ordinal);
        Assert.Contains(label.Facts, f => f.Value == "http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia");

        var ingredients = Assert.Single(evidence, e => e.Id == "c2pa.ingredients");
        Assert.Contains("Adobe Firefly C2PA Stage", ingredients.Explanation, StringComparison.Ordinal);
        Assert.Equal(EvidenceDirection.Neutral, ingredients.Direction);
    }

    [Fact]
    public async Task File_without_manifest_gets_a_neutral_card_saying_absence_proves_nothing()
    {
        var evidence = await Analyze("earth_apollo17.jpg");

        var card = Assert.Single(evidence);
        Assert.Equal("c2pa.manifest", card.Id);
        Assert.Equal(EvidenceDirection.Neutral, card.Direction);
        Assert.Contains("proves nothing", card.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pixels_changed_after_signing_point_to_manipulation_with_ratio_20()
    {
        var evidence = await Analyze("xca.jpg");

        var sig = Assert.Single(evidence, e => e.Id == "c2pa.claim-signature");
        Assert.Equal(EvidenceDirection.Manipulated, sig.Direction);
        Assert.Equal(C2paDetector.InvalidRatio, sig.LikelihoodRatio);
        Assert.Equal(C2paDetector.InvalidReliability, sig.Reliability);
        Assert.False(sig.Decisive);
        Assert.Contains("changed after signing", sig.Explanation, StringComparison.Ordinal);
        Assert.Contains("assertion.dataHash.mismatch", sig.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Capture_claim_is_decisive_only_when_the_signer_is_trusted()
    {
        // c_with_cawg_data.jpg declares digitalCapture; its CAWG credential is untrusted, so it never becomes Trusted.
        var untrusted = Assert.Single(await Analyze("c_with_cawg_data.jpg"), e => e.Id == "c2pa.claim-signature");
        Assert.Equal(EvidenceDirection.Authentic, untrusted.Direction);
        Assert.Equal(C2paDetector.UntrustedCaptureRatio, untrusted.LikelihoodRatio);
        Assert.True(untrusted.LikelihoodRatio <= 2, "an untrusted capture claim weighs no more than other forgeable metadata");
        Assert.True(untrusted.Forgeable);
        Assert.False(untrusted.Decisive);
        Assert.Contains("anyone can make", untrusted.Explanation, StringComparison.Ordinal);

        var detector = new C2paDetector();
        var trusted = detector.Describe(C2paFixture.Validate("c_with_cawg_data.jpg") with { State = C2paValidationState.Trusted });
        var card = Assert.Single(trusted, e => e.Id == "c2pa.claim-signature");
        Assert.True(card.Decisive);
        Assert.False(card.Forgeable);
        Assert.Equal(C2paDetector.DecisiveRatio, card.LikelihoodRatio);
    }

    [Fact]
    public async Task Valid_manifest_without_source_type_is_neutral_and_lists_the_undocumented_ingredient()
    {
        var evidence = await Analyze("ca.jpg", C2paFixture.Anchors);

        var sig = Assert.Single(evidence, e => e.Id == "c2pa.claim-signature");
        Assert.Equal(EvidenceDirection.Neutral, sig.Direction);
        Assert.Contains(sig.Facts, f => f.Name == "validation" && f.Value == "trusted");
        Assert.DoesNotContain(evidence, e => e.Id == "c2pa.ai-label");
        Assert.Contains("origin is not documented", Assert.Single(evidence, e => e.Id == "c2pa.ingredients").Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bomb_file_gives_a_low_reliability_neutral_card()
    {
        var card = Assert.Single(await Analyze("nested_moov_1000.mp4"));

        Assert.Equal(EvidenceDirection.Neutral, card.Direction);
        Assert.True(card.Reliability < 0.5);
    }
}
