using FakeLens.Core.Scoring;
using FakeLens.Faces.Blend;

namespace FakeLens.Faces.Tests.Blend;

/// <summary>The model file's two kinds: logistic (the older files, which name no kind) and boosted trees.</summary>
public sealed class FaceBlendModelTests
{
    private static FaceBlendModel RoundTrip(FaceBlendModel model)
    {
        var path = Path.GetTempFileName();
        try
        {
            model.Save(path);
            using var stream = File.OpenRead(path);
            return FaceBlendModel.Load(stream);
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>Two stumps over the blend features: feature 3 ≤ 0.5 → −1 else +1; feature 100 ≤ −2 → +0.5 else −0.5.</summary>
    private static TreeEnsemble Stumps() => new()
    {
        FeatureCount = FaceBlendFeatures.Count,
        PlattSlope = -0.5,
        Trees =
        [
            new RegressionTreeData { Feature = [3], Threshold = [0.5f], Left = [-1], Right = [-2], Leaf = [-1, 1] },
            new RegressionTreeData { Feature = [100], Threshold = [-2f], Left = [-1], Right = [-2], Leaf = [0.5, -0.5] },
        ],
    };

    [Fact]
    public void A_model_file_without_a_kind_is_read_as_logistic_and_the_shipped_logistic_files_still_load()
    {
        var still = FaceBlendModel.LoadDefault();
        Assert.Equal(FaceBlendModel.LogisticKind, still.Kind);
        Assert.Null(still.Trees);
        var features = new float[FaceBlendFeatures.Count];
        Assert.InRange(still.Score(features), 0, 1);
        var again = RoundTrip(still);
        Assert.Equal(still.Score(features), again.Score(features), 12);
    }

    [Fact]
    public void A_tree_model_survives_save_and_load_and_scores_through_its_trees()
    {
        var model = FaceBlendModel.FromTrees(Stumps());
        model.Threshold = 0.6;
        model.TrackAggregate = "top-third-mean";
        var loaded = RoundTrip(model);

        Assert.Equal(FaceBlendModel.TreesKind, loaded.Kind);
        var features = new float[FaceBlendFeatures.Count];
        features[3] = 0.7f;              // +1
        features[100] = float.NaN;       // NaN → 0 > −2: −0.5
        Assert.Equal(1 / (1 + Math.Exp(-0.5 * 0.5)), loaded.Score(features), 12);
        features[3] = 0.5f;              // at the threshold: left, −1
        Assert.Equal(1 / (1 + Math.Exp(-0.5 * -1.5)), loaded.Score(features), 12);
        Assert.Equal(0.6, loaded.Threshold);
    }

    [Theory]
    [InlineData("""{"kind":"forest","featureVersion":3}""", "unknown face-blend model kind")]
    [InlineData("""{"kind":"trees","featureVersion":3}""", "tree ensemble")]
    public void Unknown_kinds_and_tree_models_without_trees_are_refused(string head, string message)
    {
        // The real names, so the version check passes and the kind is what is refused.
        var names = System.Text.Json.JsonSerializer.Serialize(FaceBlendFeatures.Names);
        var json = head.TrimEnd('}') + ",\"names\":" + names + "}";
        var error = Assert.Throws<InvalidDataException>(() => FaceBlendModel.Load(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(json))));
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Trees_over_another_number_of_features_are_refused()
    {
        var wrong = new TreeEnsemble { FeatureCount = 10, Trees = [new RegressionTreeData { Leaf = [0] }] };
        Assert.Throws<ArgumentException>(() => FaceBlendModel.FromTrees(wrong));
    }
}
