using FakeLens.Core.Scoring;
using FakeLens.Faces.Blend;

namespace FakeLens.Faces.Tests.Blend;

/// <summary>The model file's kinds: logistic (the older files, which name no kind), boosted trees over frames, and boosted trees over windows of a track.</summary>
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

    /// <summary>One stump over window rows of mean and std: the std of feature 3 (row index 135 + 3) ≤ 0.1 → −1 else +1.</summary>
    private static TreeEnsemble WindowStump() => new()
    {
        FeatureCount = 2 * FaceBlendFeatures.Count,
        PlattSlope = -1,
        Trees = [new RegressionTreeData { Feature = [FaceBlendFeatures.Count + 3], Threshold = [0.1f], Left = [-1], Right = [-2], Leaf = [-1, 1] }],
    };

    [Fact]
    public void A_window_model_survives_save_and_load_and_scores_tracks_by_their_windows()
    {
        var model = FaceBlendModel.FromWindowTrees(WindowStump(), 8, ["mean", "std"]);
        model.Threshold = 0.5;
        var loaded = RoundTrip(model);

        Assert.True(loaded.IsWindowModel);
        Assert.Equal((8, "window-top-third-mean"), (loaded.Window, loaded.TrackAggregate));
        Assert.Equal(["mean", "std"], loaded.WindowStats!);
        Assert.Throws<InvalidOperationException>(() => loaded.Score(new float[FaceBlendFeatures.Count]));

        // 16 frames: feature 3 steady for the first 8, flickering (0 / 1) from frame 8 on. Window 0-7 is steady (std 0 → −1),
        // every later window holds some flicker (+1).
        var frames = Enumerable.Range(0, 16).Select(i =>
        {
            var f = new float[FaceBlendFeatures.Count];
            f[3] = i < 8 ? 0.5f : i % 2;
            return (float[]?)f;
        }).ToList();
        var (perFrame, track) = loaded.ScoreTrack(frames);
        double low = 1 / (1 + Math.Exp(1)), high = 1 / (1 + Math.Exp(-1));
        Assert.Equal(low, perFrame[0], 12);                           // only in the steady window
        Assert.All(perFrame.Skip(1), p => Assert.Equal(high, p, 12)); // in some flickering window
        Assert.Equal(high, track, 12);                                // top third of the 9 windows: 3 flickering ones
        Assert.True(double.IsNaN(loaded.ScoreTrack(frames.Take(2).ToList()).Track));
    }

    [Theory]
    [InlineData(8, "mean", "window-top-third-mean", "window statistics")]
    [InlineData(2, "mean,std", "window-top-third-mean", "window of at least")]
    [InlineData(8, "mean,mode", "window-top-third-mean", "distinct window statistics")]
    [InlineData(8, "mean,std", "", "trackAggregate")]
    public void Window_models_whose_trees_window_or_statistics_do_not_fit_are_refused(int window, string stats, string aggregate, string message)
    {
        var doc = System.Text.Json.Nodes.JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(FaceBlendModel.FromWindowTrees(WindowStump(), 8, ["mean", "std"])))!.AsObject();
        doc["window"] = window;
        doc["windowStats"] = new System.Text.Json.Nodes.JsonArray(stats.Split(',').Select(s => (System.Text.Json.Nodes.JsonNode?)s).ToArray());
        doc["trackAggregate"] = aggregate;
        var error = Assert.Throws<InvalidDataException>(() => FaceBlendModel.Load(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(doc.ToJsonString()))));
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_window_model_with_frame_trees_averages_the_log_odds_of_the_two_track_scores()
    {
        var model = RoundTrip(FaceBlendModel.FromWindowTrees(WindowStump(), 8, ["mean", "std"], Stumps()));
        Assert.Equal("window-and-frame-log-odds-mean", model.TrackAggregate);
        Assert.NotNull(model.FrameTrees);

        // 8 steady frames: one window (std 0 → margin −1); every frame: feature 3 = 0.5 → −1, feature 100 = 0 → −0.5.
        var frames = Enumerable.Range(0, 8).Select(_ =>
        {
            var f = new float[FaceBlendFeatures.Count];
            f[3] = 0.5f;
            return (float[]?)f;
        }).ToList();
        double window = 1 / (1 + Math.Exp(1)), frame = 1 / (1 + Math.Exp(-0.5 * -1.5));
        var (perFrame, track) = model.ScoreTrack(frames);

        double Logit(double p) => Math.Log(p / (1 - p));
        var expected = 1 / (1 + Math.Exp(-(Logit(window) + Logit(frame)) / 2));
        Assert.Equal(expected, track, 12);
        Assert.All(perFrame, p => Assert.Equal(expected, p, 12));
        Assert.Equal(0.5, FaceBlendWindows.LogOddsMean(0.9, 0.1), 12);
        Assert.Equal(0.9, FaceBlendWindows.LogOddsMean(0.9, 0.9), 12);
        Assert.True(double.IsNaN(FaceBlendWindows.LogOddsMean(double.NaN, 0.9)));
    }
}
