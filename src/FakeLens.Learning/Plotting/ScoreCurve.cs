namespace FakeLens.Learning.Plotting;

/// <summary>One named set of scores and labels (true = fake) to draw as a curve.</summary>
public sealed record ScoreCurve(string Name, IReadOnlyList<double> Scores, IReadOnlyList<bool> Labels);
