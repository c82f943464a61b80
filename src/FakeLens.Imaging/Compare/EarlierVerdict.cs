namespace FakeLens.Imaging.Compare;

/// <summary>
/// Which file is more likely the earlier one. <paramref name="Earlier"/>: "original", "suspect" or
/// "undetermined"; <paramref name="ProbabilityOriginalFirst"/> from the summed cues (0.5 when none applies).
/// </summary>
public sealed record EarlierVerdict(string Earlier, double ProbabilityOriginalFirst, IReadOnlyList<string> Reasons);
