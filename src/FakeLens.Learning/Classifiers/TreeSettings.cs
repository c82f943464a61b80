using System.Globalization;

namespace FakeLens.Learning.Classifiers;

/// <summary>
/// Hyper-parameters of the tree learners (<see cref="ClassifierKind.LightGbm"/>, <see cref="ClassifierKind.FastTree"/>).
/// <see cref="Default"/> is what every FakeLens tree model has used: 300 rounds of 15 leaves at learning rate 0.05,
/// at least 5 rows per leaf, all features considered at every split.
/// </summary>
public sealed record TreeSettings(int Rounds = 300, int Leaves = 15, double LearningRate = 0.05, int MinLeaf = 5, double FeatureFraction = 1.0)
{
    public static TreeSettings Default { get; } = new();

    /// <summary>Parses <c>rounds=600,leaves=31,lr=0.03,min-leaf=20,feature-fraction=0.5</c> (any subset; the rest default).</summary>
    public static TreeSettings Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var s = Default;
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var kv = part.Split('=', 2);
            var ok = kv.Length == 2 && double.TryParse(kv[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && v > 0;
            var value = ok ? double.Parse(kv[1], CultureInfo.InvariantCulture) : 0;
            s = (ok ? kv[0] : "") switch
            {
                "rounds" => s with { Rounds = (int)value },
                "leaves" when value >= 2 => s with { Leaves = (int)value },
                "lr" => s with { LearningRate = value },
                "min-leaf" => s with { MinLeaf = (int)value },
                "feature-fraction" when value <= 1 => s with { FeatureFraction = value },
                _ => throw new FormatException($"tree setting '{part}': use rounds=N, leaves=N (≥ 2), lr=X, min-leaf=N, feature-fraction=X (0..1]"),
            };
        }

        return s;
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Rounds} rounds, {Leaves} leaves, lr {LearningRate}, ≥ {MinLeaf} rows per leaf, feature fraction {FeatureFraction}");
}
