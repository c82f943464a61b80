namespace FakeLens.Core.Reporting;

/// <summary>Wall-clock time spent on a file, in total and per detector (milliseconds).</summary>
public sealed record FileTimings(double TotalMs, IReadOnlyDictionary<string, double> DetectorsMs)
{
    public static FileTimings Empty { get; } = new(0, new Dictionary<string, double>());
}
