namespace FakeLens.Learning.Evaluation;

/// <summary>One operating point: calling "fake" every sample scoring at or above <see cref="Threshold"/>.</summary>
public readonly record struct RocPoint(double Threshold, double Fpr, double Tpr);
