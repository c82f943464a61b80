using FakeLens.Core.Evidence;

namespace FakeLens.Core.Tests;

/// <summary>Builds evidence for fusion and report tests.</summary>
internal static class TestEvidence
{
    public static Core.Evidence.Evidence Make(string id, EvidenceDirection direction, double lr, double reliability = 1.0, bool decisive = false, EvidenceCategory category = EvidenceCategory.Noise, bool forgeable = false) => new()
    {
        Id = id,
        DetectorId = id.Split('.')[0],
        Category = category,
        Direction = direction,
        Title = id,
        Explanation = "test evidence " + id,
        LikelihoodRatio = lr,
        Reliability = reliability,
        Decisive = decisive,
        Forgeable = forgeable,
    };
}
