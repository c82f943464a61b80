namespace FakeLens.Core.Fusion;

/// <summary>Posterior probabilities of the three hypotheses fusion weighs.</summary>
public sealed record HypothesisProbabilities(double AiGenerated, double Manipulated, double Authentic);
