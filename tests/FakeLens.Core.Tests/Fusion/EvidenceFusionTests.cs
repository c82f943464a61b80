using FakeLens.Core.Evidence;
using FakeLens.Core.Fusion;
using static FakeLens.Core.Tests.TestEvidence;

namespace FakeLens.Core.Tests.Fusion;

public sealed class EvidenceFusionTests
{
    private readonly EvidenceFusion _fusion = new();

    [Fact]
    public void No_evidence_gives_no_evidence_found_and_says_it_is_not_proof()
    {
        var v = _fusion.Fuse([]);
        Assert.Equal(VerdictBand.NoEvidenceFound, v.Band);
        Assert.Equal(0.5, v.Probabilities.Authentic, 3);
        Assert.Contains(v.Reasons, r => r.Contains("not proof", StringComparison.Ordinal));
        Assert.Empty(v.TopEvidence);
    }

    [Fact]
    public void Neutral_findings_do_not_move_the_verdict()
    {
        var v = _fusion.Fuse([Make("jpeg.quality", EvidenceDirection.Neutral, 1), Make("metadata.stripped", EvidenceDirection.Neutral, 50)]);
        Assert.Equal(VerdictBand.NoEvidenceFound, v.Band);
        Assert.Equal(0.25, v.Probabilities.AiGenerated, 3);
    }

    [Fact]
    public void Decoded_watermark_dominates_weak_authentic_cues()
    {
        var v = _fusion.Fuse(
        [
            Make("watermark.stable-diffusion", EvidenceDirection.AiGenerated, 1e6, decisive: true, category: EvidenceCategory.Watermark),
            Make("metadata.camera", EvidenceDirection.Authentic, 1.3, category: EvidenceCategory.Metadata),
            Make("noise.consistent", EvidenceDirection.Authentic, 3),
        ]);
        Assert.Equal(VerdictBand.AiGenerated, v.Band);
        Assert.True(v.Probabilities.AiGenerated > 0.999);
        Assert.Equal("watermark.stable-diffusion", v.TopEvidence[0].Id);
    }

    [Fact]
    public void Forgeable_authenticity_claims_are_not_weighed_against_evidence_of_AI_generation()
    {
        // A generator label (LR 8 × 0.7) against a home-made "capture" signature and camera EXIF: the label stands alone.
        Core.Evidence.Evidence[] claims =
        [
            Make("c2pa.claim-signature", EvidenceDirection.Authentic, 2, category: EvidenceCategory.Provenance, forgeable: true),
            Make("metadata.camera", EvidenceDirection.Authentic, 1.3, category: EvidenceCategory.Metadata, forgeable: true),
        ];
        var label = Make("metadata.generator", EvidenceDirection.AiGenerated, 8, reliability: 0.7, category: EvidenceCategory.Metadata);

        var alone = _fusion.Fuse([label]);
        var withClaims = _fusion.Fuse([label, .. claims]);

        Assert.Equal(alone.Band, withClaims.Band);
        Assert.Equal(alone.Probabilities.AiGenerated, withClaims.Probabilities.AiGenerated, 6);
        Assert.DoesNotContain(withClaims.TopEvidence, w => w.Direction == EvidenceDirection.Authentic);
        Assert.Contains(withClaims.Reasons, r => r.Contains("anyone can write", StringComparison.Ordinal) && r.Contains("c2pa.claim-signature", StringComparison.Ordinal));
    }

    [Fact]
    public void Forgeable_authenticity_claims_still_count_when_nothing_points_to_AI()
    {
        var claim = Make("metadata.camera", EvidenceDirection.Authentic, 3, category: EvidenceCategory.Metadata, forgeable: true);
        var manipulated = Make("ela.regions", EvidenceDirection.Manipulated, 3, category: EvidenceCategory.Compression);

        var v = _fusion.Fuse([claim, manipulated]);

        Assert.Contains(v.TopEvidence, w => w.Id == "metadata.camera");
        Assert.True(v.Probabilities.Authentic > _fusion.Fuse([manipulated]).Probabilities.Authentic);
        Assert.DoesNotContain(v.Reasons, r => r.Contains("anyone can write", StringComparison.Ordinal));
    }

    [Fact]
    public void Valid_signature_alone_gives_authentic_with_verified_provenance()
    {
        var v = _fusion.Fuse([Make("c2pa.claim-signature", EvidenceDirection.Authentic, 1e5, decisive: true, category: EvidenceCategory.Provenance)]);
        Assert.Equal(VerdictBand.AuthenticWithVerifiedProvenance, v.Band);
    }

    [Fact]
    public void Authentic_cues_without_provenance_never_claim_verified_authenticity()
    {
        var v = _fusion.Fuse([Make("metadata.camera", EvidenceDirection.Authentic, 4, category: EvidenceCategory.Metadata), Make("noise.consistent", EvidenceDirection.Authentic, 4)]);
        Assert.Equal(VerdictBand.NoEvidenceFound, v.Band);
        Assert.True(v.Probabilities.Authentic > 0.5);
    }

    [Fact]
    public void Contradicting_decisive_evidence_is_inconclusive_and_names_both()
    {
        var v = _fusion.Fuse(
        [
            Make("watermark.fakelens", EvidenceDirection.AiGenerated, 1e6, decisive: true, category: EvidenceCategory.Watermark),
            Make("c2pa.claim-signature", EvidenceDirection.Authentic, 1e5, decisive: true, category: EvidenceCategory.Provenance),
        ]);
        Assert.Equal(VerdictBand.Inconclusive, v.Band);
        var reason = Assert.Single(v.Reasons);
        Assert.Contains("watermark.fakelens", reason, StringComparison.Ordinal);
        Assert.Contains("c2pa.claim-signature", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Weak_cues_alone_cannot_reach_near_certainty()
    {
        var many = Enumerable.Range(0, 12).Select(i => Make($"cue{i}.x", EvidenceDirection.AiGenerated, 4, category: (EvidenceCategory)(i % 12))).ToList();
        var v = _fusion.Fuse(many);
        Assert.Equal(VerdictBand.AiGenerated, v.Band);
        // Capped at ln 20 of cue weight over a 1:3 prior: 20/3 odds, about 0.87 once manipulation shares the rest.
        Assert.InRange(v.Probabilities.AiGenerated, 0.8, 0.9);
    }

    [Fact]
    public void Correlated_cues_of_one_category_are_discounted()
    {
        var one = _fusion.Weigh([Make("ela.a", EvidenceDirection.Manipulated, 3, category: EvidenceCategory.Compression)]);
        var three = _fusion.Weigh(
        [
            Make("ela.a", EvidenceDirection.Manipulated, 3, category: EvidenceCategory.Compression),
            Make("ela.b", EvidenceDirection.Manipulated, 3, category: EvidenceCategory.Compression),
            Make("ela.c", EvidenceDirection.Manipulated, 3, category: EvidenceCategory.Compression),
        ]);
        Assert.Equal(Math.Log(3), one.Sum(w => w.Weight), 3);
        Assert.Equal(Math.Log(3) * 1.75, three.Sum(w => w.Weight), 3);
    }

    [Fact]
    public void Reliability_scales_weight()
    {
        var w = _fusion.Weigh([Make("ela.a", EvidenceDirection.Manipulated, Math.E, reliability: 0.25)]);
        Assert.Equal(0.25, Assert.Single(w).Weight, 3);
    }

    [Fact]
    public void Moderate_manipulation_cues_are_inconclusive_not_manipulated()
    {
        var v = _fusion.Fuse([Make("ela.inconsistent-regions", EvidenceDirection.Manipulated, 2.5, category: EvidenceCategory.Compression)]);
        Assert.Equal(VerdictBand.Inconclusive, v.Band);
        Assert.True(v.Probabilities.Manipulated is > 0.25 and < 0.8);
    }

    [Fact]
    public void Strong_manipulation_cues_from_several_categories_give_manipulated()
    {
        var v = _fusion.Fuse(
        [
            Make("ela.inconsistent-regions", EvidenceDirection.Manipulated, 4, category: EvidenceCategory.Compression),
            Make("noise.inconsistent-regions", EvidenceDirection.Manipulated, 4, category: EvidenceCategory.Noise),
            Make("metadata.thumbnail-mismatch", EvidenceDirection.Manipulated, 4, category: EvidenceCategory.Metadata),
        ]);
        Assert.Equal(VerdictBand.Manipulated, v.Band);
        Assert.Equal(3, v.TopEvidence.Count);
    }

    [Fact]
    public void Strong_authentic_and_strong_manipulation_cues_are_inconclusive()
    {
        var v = _fusion.Fuse(
        [
            Make("ela.inconsistent-regions", EvidenceDirection.Manipulated, 4, category: EvidenceCategory.Compression),
            Make("noise.inconsistent-regions", EvidenceDirection.Manipulated, 4, category: EvidenceCategory.Noise),
            Make("metadata.camera", EvidenceDirection.Authentic, 4, category: EvidenceCategory.Metadata),
            Make("jpeg.encoder", EvidenceDirection.Authentic, 4, category: EvidenceCategory.Compression),
        ]);
        Assert.Equal(VerdictBand.Inconclusive, v.Band);
        Assert.Contains(v.Reasons, r => r.Contains("different ways", StringComparison.Ordinal));
    }

    [Fact]
    public void One_slight_cue_stays_no_evidence_found_but_is_still_listed()
    {
        var v = _fusion.Fuse([Make("metadata.software", EvidenceDirection.Manipulated, 1.5, category: EvidenceCategory.Metadata)]);
        Assert.Equal(VerdictBand.NoEvidenceFound, v.Band);
        Assert.Equal("metadata.software", Assert.Single(v.TopEvidence).Id);
        Assert.Contains(v.Reasons, r => r.Contains("slight", StringComparison.Ordinal));
    }

    [Fact]
    public void Probabilities_sum_to_one()
    {
        var v = _fusion.Fuse([Make("a.b", EvidenceDirection.AiGenerated, 3), Make("c.d", EvidenceDirection.Manipulated, 2, category: EvidenceCategory.Metadata)]);
        Assert.Equal(1.0, v.Probabilities.AiGenerated + v.Probabilities.Manipulated + v.Probabilities.Authentic, 3);
    }
}
