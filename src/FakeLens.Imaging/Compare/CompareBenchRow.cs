namespace FakeLens.Imaging.Compare;

/// <summary>One operation's line in <c>fakelens bench compare</c>: pairs made, recovered within tolerance, mean pixel F1 (local edits only, else NaN), mean seconds per comparison.</summary>
public sealed record CompareBenchRow(string Operation, int Pairs, int Recovered, double MeanF1, double SecondsPerPair)
{
    public double Rate => Pairs == 0 ? 0 : Recovered / (double)Pairs;
}
