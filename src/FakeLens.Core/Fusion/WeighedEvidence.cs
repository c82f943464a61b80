using FakeLens.Core.Evidence;

namespace FakeLens.Core.Fusion;

/// <summary>A piece of evidence as fusion counted it: its id, title, direction and the weight (log-odds) it carried.</summary>
public sealed record WeighedEvidence(string Id, string Title, EvidenceDirection Direction, double Weight, bool Decisive);
