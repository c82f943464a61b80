using FakeLens.Learning.Calibration;
using FakeLens.Learning.Classifiers;
using FakeLens.Learning.Evaluation;
using FakeLens.Learning.Tests.Classifiers;
using FakeLens.Learning.Training;

namespace FakeLens.Learning.Tests.Training;

public sealed class CalibratedTrainingTests
{
    [Theory]
    [InlineData(CalibrationKind.Platt)]
    [InlineData(CalibrationKind.Isotonic)]
    public void Held_out_calibration_gives_probabilities_that_match_frequencies_on_new_data(CalibrationKind calibration)
    {
        var (x, y) = SyntheticFeatures.Make(1200, 1);
        var model = CalibratedTraining.Train(x, y, null, ClassifierKind.LightGbm, calibration, 0.05, 5, 3, null, CancellationToken.None);
        var (testX, testY) = SyntheticFeatures.Make(2000, 2);
        var p = model.Probabilities(testX);

        Assert.True(CalibrationMetrics.ExpectedCalibrationError(p, testY) < 0.08);

        // The threshold was set for 5 % of held-out reals; on fresh reals the rate stays close to it.
        Assert.InRange(BinaryMetrics.FprAtThreshold(p, testY, model.Threshold), 0.01, 0.10);
        Assert.InRange(model.FractionOfRealAtOrAbove(model.Threshold), 0.0, 0.05);
    }

    [Fact]
    public void Training_scores_of_a_tree_ensemble_would_be_overconfident()
    {
        // Why calibration is fitted on held-out folds: the same model's scores on its own training rows
        // separate the classes far better than on new data.
        var (x, y) = SyntheticFeatures.Make(400, 4);
        var classifier = FeatureClassifier.Train(x, y, ClassifierKind.LightGbm, 1);
        var (testX, testY) = SyntheticFeatures.Make(400, 5);
        Assert.True(BinaryMetrics.Auc(classifier.ScoreMany(x), y) > BinaryMetrics.Auc(classifier.ScoreMany(testX), testY) + 0.05);
    }
}
