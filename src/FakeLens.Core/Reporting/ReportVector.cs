namespace FakeLens.Core.Reporting;

/// <summary>An arrow from (X1, Y1) to (X2, Y2) in image pixel coordinates, with the words shown on hover.</summary>
public sealed record ReportVector(ReportVectorKind Kind, double X1, double Y1, double X2, double Y2, string Label);
