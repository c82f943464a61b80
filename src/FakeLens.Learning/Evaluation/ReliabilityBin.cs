namespace FakeLens.Learning.Evaluation;

/// <summary>One bin of a reliability diagram: predictions in [Lower, Upper), their mean, and how many were fake.</summary>
public readonly record struct ReliabilityBin(double Lower, double Upper, int Count, double MeanPredicted, double FractionPositive);
