using FakeLens.Learning.Calibration;
using FakeLens.Learning.Classifiers;
using FakeLens.Learning.Evaluation;
using FakeLens.Learning.Validation;

namespace FakeLens.Learning.Training;

/// <summary>
/// Trains a classifier whose probabilities mean what they say: k-fold (grouped when groups are given)
/// out-of-fold scores → a calibrator fitted on those held-out scores → the decision threshold on the
/// calibrated held-out real samples at the target false-positive rate → the final classifier on all data.
/// Calibrating on the training scores instead would make tree ensembles look certain (they fit their
/// training rows almost perfectly).
/// </summary>
public static class CalibratedTraining
{
    public static CalibratedModel Train(
        IReadOnlyList<float[]> x,
        IReadOnlyList<bool> y,
        IReadOnlyList<string>? groups,
        ClassifierKind kind,
        CalibrationKind calibration,
        double targetFpr,
        int folds,
        int seed,
        IReadOnlyList<float>? weights,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        ArgumentOutOfRangeException.ThrowIfLessThan(folds, 2);
        if (targetFpr is <= 0 or >= 1)
        {
            throw new ArgumentOutOfRangeException(nameof(targetFpr), targetFpr, "The target false-positive rate must be between 0 and 1.");
        }

        var assignment = groups is null ? Folds.Stratified(y, folds, seed) : Folds.Grouped(groups, y, folds, seed);
        var oof = new double[x.Count];
        var scored = new bool[x.Count];
        for (int f = 0; f < folds; f++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var trainX = new List<float[]>();
            var trainY = new List<bool>();
            var trainW = weights is null ? null : new List<float>();
            var testX = new List<float[]>();
            var testIndex = new List<int>();
            for (int i = 0; i < x.Count; i++)
            {
                if (assignment[i] == f)
                {
                    testX.Add(x[i]);
                    testIndex.Add(i);
                }
                else
                {
                    trainX.Add(x[i]);
                    trainY.Add(y[i]);
                    trainW?.Add(weights![i]);
                }
            }

            if (testX.Count == 0 || !trainY.Contains(true) || !trainY.Contains(false))
            {
                continue;
            }

            var foldModel = FeatureClassifier.Train(trainX, trainY, kind, seed + f + 1, trainW);
            var s = foldModel.ScoreMany(testX);
            for (int j = 0; j < s.Length; j++)
            {
                oof[testIndex[j]] = s[j];
                scored[testIndex[j]] = true;
            }
        }

        var heldScores = new List<double>();
        var heldLabels = new List<bool>();
        for (int i = 0; i < x.Count; i++)
        {
            if (scored[i])
            {
                heldScores.Add(oof[i]);
                heldLabels.Add(y[i]);
            }
        }

        if (!heldLabels.Contains(true) || !heldLabels.Contains(false))
        {
            throw new ArgumentException("Too few samples (or groups) of each class to hold some out for calibration.", nameof(y));
        }

        IProbabilityCalibrator calibrator = calibration == CalibrationKind.Isotonic
            ? IsotonicCalibrator.Fit(heldScores, heldLabels)
            : PlattCalibrator.Fit(heldScores, heldLabels);
        var probabilities = new double[x.Count];
        var heldProbabilities = new List<double>(heldScores.Count);
        var realReference = new List<double>();
        for (int i = 0; i < x.Count; i++)
        {
            probabilities[i] = scored[i] ? calibrator.Calibrate(oof[i]) : double.NaN;
            if (scored[i])
            {
                heldProbabilities.Add(probabilities[i]);
                if (!y[i])
                {
                    realReference.Add(probabilities[i]);
                }
            }
        }

        double threshold = BinaryMetrics.ThresholdAtFpr(heldProbabilities, heldLabels, targetFpr);
        cancellationToken.ThrowIfCancellationRequested();
        var final = FeatureClassifier.Train(x, y, kind, seed, weights);
        return new CalibratedModel(final, calibrator, threshold, targetFpr, realReference, probabilities);
    }
}
