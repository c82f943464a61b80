namespace FakeLens.Learning.Image;

/// <summary>One leave-one-generator-out row: the held-out family, test counts, AUC and TPR at 5 % FPR.</summary>
public sealed record LooResult(string Family, int Fakes, int Reals, double Auc, double TprAt5);
