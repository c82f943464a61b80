namespace FakeLens.Learning.Classifiers;

/// <summary>The raw margin a binary ML.NET model writes in its "Score" column.</summary>
internal sealed class ScoreRow
{
    public float Score { get; set; }
}
