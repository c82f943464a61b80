namespace FakeLens.Core.Fusion;

/// <summary>The fused answer for one file.</summary>
/// <param name="Band">What the evidence says, in one of five bands.</param>
/// <param name="Confidence">Probability of the band's own hypothesis (for <see cref="VerdictBand.NoEvidenceFound"/>
/// and <see cref="VerdictBand.Inconclusive"/>: probability that the content is neither AI-generated nor manipulated).</param>
/// <param name="Probabilities">Posterior probability of each hypothesis (ai-generated, manipulated, authentic), summing to 1.</param>
/// <param name="TopEvidence">The (at most three) pieces of evidence that weighed most.</param>
/// <param name="Summary">One sentence for a person.</param>
/// <param name="Reasons">Why this band: which rule decided, which evidence contradicted which.</param>
public sealed record Verdict(
    VerdictBand Band,
    double Confidence,
    HypothesisProbabilities Probabilities,
    IReadOnlyList<WeighedEvidence> TopEvidence,
    string Summary,
    IReadOnlyList<string> Reasons);
