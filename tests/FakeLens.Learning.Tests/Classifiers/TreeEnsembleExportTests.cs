using System.Text.Json;
using FakeLens.Core.Scoring;
using FakeLens.Learning.Classifiers;

namespace FakeLens.Learning.Tests.Classifiers;

/// <summary>
/// The plain tree format (<see cref="TreeEnsemble"/>, no ML.NET at scan time) against the trainer's own predictions:
/// the exported trees, written to JSON and read back, must give ML.NET's margins and calibrated probabilities on the
/// same rows — including rows with NaN and infinities, which both sides replace by 0.
/// </summary>
public sealed class TreeEnsembleExportTests
{
    [Theory]
    [InlineData(ClassifierKind.LightGbm)]
    [InlineData(ClassifierKind.FastTree)]
    public void Exported_trees_reproduce_the_trainers_margins_and_probabilities(ClassifierKind kind)
    {
        var (trainX, trainY) = SyntheticFeatures.Make(600, 1);
        var (testX, _) = SyntheticFeatures.Make(400, 2);
        for (int i = 0; i < testX.Count; i += 7)
        {
            testX[i][i % testX[i].Length] = i % 3 == 0 ? float.NaN : (i % 3 == 1 ? float.PositiveInfinity : float.NegativeInfinity);
        }

        var model = FeatureClassifier.Train(trainX, trainY, kind, seed: 5);
        var json = JsonSerializer.Serialize(model.ToTreeEnsemble());
        var trees = JsonSerializer.Deserialize<TreeEnsemble>(json)!;
        trees.Validate();

        Assert.Equal(300, trees.Trees.Count);
        Assert.Contains(trees.Trees, t => t.Feature.Length >= 10);
        var margins = model.ScoreMany(testX);
        var probabilities = model.ProbabilityMany(testX);
        double spread = margins.Max() - margins.Min();
        Assert.True(spread > 1, $"margins should vary over the rows (spread {spread})");
        for (int i = 0; i < testX.Count; i++)
        {
            // ML.NET writes single-precision columns; the evaluator sums in double.
            Assert.True(Math.Abs(trees.Margin(testX[i]) - margins[i]) <= 1e-6 * Math.Max(1, Math.Abs(margins[i])), $"row {i}: margin {trees.Margin(testX[i])} vs ML.NET {margins[i]}");
            Assert.True(Math.Abs(trees.Probability(testX[i]) - probabilities[i]) <= 1e-6, $"row {i}: probability {trees.Probability(testX[i])} vs ML.NET {probabilities[i]}");
        }
    }

    [Fact]
    public void A_logistic_classifier_has_no_trees_to_export()
    {
        var (x, y) = SyntheticFeatures.Make(200, 3);
        var model = FeatureClassifier.Train(x, y, ClassifierKind.Logistic, seed: 5);
        Assert.Throws<InvalidOperationException>(() => model.ToTreeEnsemble());
    }

    [Theory]
    [InlineData("""{"featureCount":2,"trees":[{"feature":[0],"threshold":[0.5],"left":[-1],"right":[0],"leaf":[1,2]}]}""")]
    [InlineData("""{"featureCount":2,"trees":[{"feature":[5],"threshold":[0.5],"left":[-1],"right":[-2],"leaf":[1,2]}]}""")]
    [InlineData("""{"featureCount":2,"trees":[{"feature":[0],"threshold":[0.5],"left":[-1],"right":[-1],"leaf":[1,2]}]}""")]
    [InlineData("""{"featureCount":2,"trees":[{"feature":[0],"threshold":[0.5],"left":[-1],"right":[-2],"leaf":[1]}]}""")]
    [InlineData("""{"featureCount":2,"trees":[]}""")]
    public void Malformed_trees_are_refused_with_a_clear_error(string json)
    {
        var trees = JsonSerializer.Deserialize<TreeEnsemble>(json)!;
        Assert.Throws<InvalidDataException>(trees.Validate);
    }

    [Fact]
    public void A_hand_made_tree_goes_left_at_or_below_the_threshold_and_treats_NaN_as_zero()
    {
        // Root: x0 ≤ 0.5 → node 1 (x1 ≤ −1 → leaf 0 else leaf 1), else leaf 2.
        var trees = new TreeEnsemble
        {
            FeatureCount = 2,
            Bias = 0.25,
            PlattSlope = -2,
            Trees = [new RegressionTreeData { Weight = 2, Feature = [0, 1], Threshold = [0.5f, -1f], Left = [1, -1], Right = [-3, -2], Leaf = [10, 20, 30] }],
        };
        trees.Validate();
        Assert.Equal(40.25, trees.Margin([0.5f, 0f]));
        Assert.Equal(20.25, trees.Margin([0.5f, -1f]));
        Assert.Equal(60.25, trees.Margin([0.6f, 0f]));
        Assert.Equal(40.25, trees.Margin([float.NaN, float.NaN]));
        Assert.Equal(1 / (1 + Math.Exp(-2 * 40.25)), trees.Probability([0f, 0f]), 12);
    }

    [Fact]
    public void Tree_settings_parse_and_change_the_trees_that_are_grown()
    {
        var s = TreeSettings.Parse("rounds=40, leaves=7,feature-fraction=0.5");
        Assert.Equal(new TreeSettings(40, 7, 0.05, 5, 0.5), s);
        Assert.Throws<FormatException>(() => TreeSettings.Parse("depth=3"));
        Assert.Throws<FormatException>(() => TreeSettings.Parse("feature-fraction=2"));

        var (x, y) = SyntheticFeatures.Make(300, 4);
        var trees = FeatureClassifier.Train(x, y, ClassifierKind.LightGbm, seed: 5, trees: s).ToTreeEnsemble();
        Assert.Equal(40, trees.Trees.Count);
        Assert.All(trees.Trees, t => Assert.True(t.Leaf.Length <= 7));
    }
}
