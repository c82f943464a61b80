using System.Text.Json.Serialization;

namespace FakeLens.Core.Scoring;

/// <summary>
/// A boosted tree ensemble as plain data, with the evaluator that scan time needs — so a library can ship a LightGBM
/// model as a small JSON file without loading ML.NET. Written by FakeLens.Learning
/// (<c>FeatureClassifier.ToTreeEnsemble</c>, from ML.NET's own tree ensemble of a trained model) and checked there
/// against ML.NET's predictions on the same rows.
/// <para>
/// Evaluation follows ML.NET's regression trees exactly: features are <see cref="float"/>; a non-finite feature is
/// replaced by 0 first (what <c>FeatureClassifier</c> does in training and scoring, so the trees never saw a NaN and
/// need no default direction for one); at an inner node the walk goes left when <c>x[feature] ≤ threshold</c>
/// (both single precision), else right; a child index ≥ 0 is an inner node, a negative one is the leaf <c>~child</c>.
/// The margin is <see cref="Bias"/> plus the weighted leaf values summed in tree order in double precision; the
/// probability applies the trainer's Platt calibration, <c>1 / (1 + exp(slope · margin + offset))</c>.
/// </para>
/// </summary>
public sealed class TreeEnsemble
{
    /// <summary>Number of features a row must have.</summary>
    [JsonPropertyName("featureCount")]
    public int FeatureCount { get; init; }

    [JsonPropertyName("bias")]
    public double Bias { get; init; }

    [JsonPropertyName("trees")]
    public IReadOnlyList<RegressionTreeData> Trees { get; init; } = [];

    /// <summary>Platt slope of the trainer's calibrator (ML.NET's LightGBM: −sigmoid, e.g. −0.5).</summary>
    [JsonPropertyName("plattSlope")]
    public double PlattSlope { get; init; } = -1;

    [JsonPropertyName("plattOffset")]
    public double PlattOffset { get; init; }

    /// <summary>The raw margin (higher = more likely the positive class).</summary>
    public double Margin(ReadOnlySpan<float> features)
    {
        if (features.Length != FeatureCount)
        {
            throw new ArgumentException($"the tree ensemble expects {FeatureCount} features, got {features.Length}", nameof(features));
        }

        var output = 0.0;
        foreach (var tree in Trees)
        {
            output += tree.Weight * tree.Output(features);
        }

        return output + Bias;
    }

    /// <summary>The calibrated probability of the positive class (0..1).</summary>
    public double Probability(ReadOnlySpan<float> features) => Probability(Margin(features));

    /// <summary>The calibration applied to a margin.</summary>
    public double Probability(double margin) => 1 / (1 + Math.Exp((PlattSlope * margin) + PlattOffset));

    /// <summary>Throws <see cref="InvalidDataException"/> unless every tree is well formed (indices in range, no cycles).</summary>
    public void Validate()
    {
        if (FeatureCount <= 0 || Trees.Count == 0 || !double.IsFinite(Bias) || !double.IsFinite(PlattSlope) || !double.IsFinite(PlattOffset))
        {
            throw new InvalidDataException("tree ensemble: no trees, no features or a non-finite bias or calibration");
        }

        for (var t = 0; t < Trees.Count; t++)
        {
            Trees[t].Validate(FeatureCount, t);
        }
    }
}
