using FakeLens.Learning.Classifiers;
using FakeLens.Learning.Evaluation;

namespace FakeLens.Learning.Tests.Classifiers;

public sealed class FeatureClassifierTests
{
    [Theory]
    [InlineData(ClassifierKind.LightGbm)]
    [InlineData(ClassifierKind.FastTree)]
    [InlineData(ClassifierKind.Logistic)]
    public void Each_learner_separates_held_out_data_and_survives_save_and_load(ClassifierKind kind)
    {
        var (trainX, trainY) = SyntheticFeatures.Make(600, 1);
        var (testX, testY) = SyntheticFeatures.Make(400, 2);
        var model = FeatureClassifier.Train(trainX, trainY, kind, seed: 5);
        var scores = model.ScoreMany(testX);

        // Bayes-optimal AUC for separation 1.5 is Φ(1.5/√2) ≈ 0.86; a working learner gets near it.
        Assert.InRange(BinaryMetrics.Auc(scores, testY), 0.78, 0.92);

        using var stream = new MemoryStream();
        model.Save(stream);
        stream.Position = 0;
        var loaded = FeatureClassifier.Load(stream);
        Assert.Equal(kind, loaded.Kind);
        Assert.Equal(model.FeatureCount, loaded.FeatureCount);
        for (int i = 0; i < 20; i++)
        {
            Assert.Equal(scores[i], loaded.Score(testX[i]), 5);
        }
    }

    [Fact]
    public void Training_is_reproducible_with_a_seed()
    {
        var (x, y) = SyntheticFeatures.Make(300, 3);
        var a = FeatureClassifier.Train(x, y, ClassifierKind.LightGbm, 11).ScoreMany(x);
        var b = FeatureClassifier.Train(x, y, ClassifierKind.LightGbm, 11).ScoreMany(x);
        Assert.Equal(a, b);
    }

    [Fact]
    public void Non_finite_features_are_scored_like_zero_instead_of_failing()
    {
        var (x, y) = SyntheticFeatures.Make(200, 4);
        var model = FeatureClassifier.Train(x, y, ClassifierKind.Logistic, 1);
        var row = (float[])x[0].Clone();
        var zeroed = (float[])row.Clone();
        row[1] = float.NaN;
        zeroed[1] = 0;
        Assert.Equal(model.Score(zeroed), model.Score(row), 6);
    }

    [Fact]
    public void Training_refuses_one_class_or_ragged_rows_and_scoring_refuses_a_wrong_length()
    {
        var (x, y) = SyntheticFeatures.Make(50, 5);
        Assert.Throws<ArgumentException>(() => FeatureClassifier.Train(x, y.Select(_ => true).ToList(), ClassifierKind.Logistic, 1));
        var ragged = x.ToList();
        ragged[3] = new float[2];
        Assert.Throws<ArgumentException>(() => FeatureClassifier.Train(ragged, y, ClassifierKind.Logistic, 1));
        var model = FeatureClassifier.Train(x, y, ClassifierKind.Logistic, 1);
        Assert.Throws<ArgumentException>(() => model.Score(new float[3]));
        Assert.Throws<FormatException>(() => FeatureClassifier.Load(new MemoryStream(new byte[64])));
    }
}
