namespace FakeLens.Learning.Classifiers;

/// <summary>One training or scoring row for ML.NET: a fixed-length feature vector, its label and weight.</summary>
internal sealed class FeatureRow
{
    public bool Label { get; set; }

    public float[] Features { get; set; } = [];

    public float Weight { get; set; } = 1;
}
