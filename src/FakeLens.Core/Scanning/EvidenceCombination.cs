namespace FakeLens.Core.Scanning;

/// <summary>What an <see cref="IEvidenceCombiner"/> adds, and which existing findings the added ones stand for in the verdict.</summary>
/// <param name="Added">New findings (shown and fused like any other).</param>
/// <param name="Replaces">Existing findings (same instances) whose weight is carried by <paramref name="Added"/>; shown, not fused.</param>
public sealed record EvidenceCombination(IReadOnlyList<Evidence.Evidence> Added, IReadOnlyList<Evidence.Evidence> Replaces)
{
    public static EvidenceCombination None { get; } = new([], []);
}
