using FakeLens.Learning.Calibration;
using FakeLens.Learning.Classifiers;
using FakeLens.Learning.Evaluation;
using FakeLens.Learning.Training;
using FakeLens.Learning.Validation;

namespace FakeLens.Learning.Image;

/// <summary>
/// Trains the patch classifier and calibrates it per image. Folds are drawn over images (stratified by
/// class), so every patch of one photo — and every pseudo-fake made from it — sits in the same fold. For
/// each fold a classifier is trained on the other folds' patches; a held-out image's score is the mean of
/// its patches' raw scores (mean of logits, the same aggregation scan uses). The calibrator (Platt or
/// isotonic) is fitted on those held-out image scores, the threshold is the calibrated held-out probability
/// that at most the target share of real images reach, and the shipped classifier is trained on all patches.
/// Rows are weighted so that both classes weigh the same (pseudo-fakes would otherwise tilt the prior) and,
/// with <c>maxSourceShare</c> below 1, so that no single source (repository) carries more than that share of its
/// class's weight (<see cref="Weights"/>): one repository of 1,480 images rendered by one script would otherwise
/// teach the model that repository's export path rather than generation.
/// This is <see cref="CalibratedTraining"/>'s recipe lifted from rows to images, because one image yields
/// many correlated patch rows and the probability must be about the image.
/// </summary>
public static class ImageModelTrainer
{
    public static CalibratedModel Train(
        PatchFeatureTable table,
        ClassifierKind kind,
        CalibrationKind calibration,
        double targetFpr,
        int folds,
        int seed,
        CancellationToken cancellationToken,
        out double[] outOfFoldProbabilities,
        int parallelism = 1,
        double maxSourceShare = 1)
    {
        ArgumentNullException.ThrowIfNull(table);
        var oof = OutOfFoldImageScores(table, table, kind, folds, seed, cancellationToken, parallelism, maxSourceShare);
        var scores = new List<double>();
        var labels = new List<bool>();
        for (var i = 0; i < oof.Length; i++)
        {
            if (!double.IsNaN(oof[i]))
            {
                scores.Add(oof[i]);
                labels.Add(table.Samples[i].IsFake);
            }
        }

        if (!labels.Contains(true) || !labels.Contains(false))
        {
            throw new ArgumentException("Too few images of each class to hold some out for calibration.", nameof(table));
        }

        IProbabilityCalibrator calibrator = calibration == CalibrationKind.Isotonic ? IsotonicCalibrator.Fit(scores, labels) : PlattCalibrator.Fit(scores, labels);
        outOfFoldProbabilities = oof.Select(s => double.IsNaN(s) ? double.NaN : calibrator.Calibrate(s)).ToArray();
        var probabilities = scores.Select(calibrator.Calibrate).ToList();
        var threshold = BinaryMetrics.ThresholdAtFpr(probabilities, labels, targetFpr);
        var realReference = probabilities.Where((_, i) => !labels[i]).ToList();
        cancellationToken.ThrowIfCancellationRequested();
        var final = FeatureClassifier.Train(table.Rows, table.Labels, kind, seed, Weights(table, maxSourceShare));
        return new CalibratedModel(final, calibrator, threshold, targetFpr, realReference, outOfFoldProbabilities);
    }

    /// <summary>Held-out mean patch score of every image (NaN for images without rows), from k image folds.</summary>
    public static double[] OutOfFoldImageScores(PatchFeatureTable table, ClassifierKind kind, int folds, int seed, CancellationToken cancellationToken, int parallelism = 1) =>
        OutOfFoldImageScores(table, table, kind, folds, seed, cancellationToken, parallelism);

    /// <summary>
    /// Held-out image scores when training on <paramref name="train"/>'s rows and scoring <paramref name="test"/>'s
    /// rows (both over the same samples, e.g. augmented training patches and the scan grid of perturbed images).
    /// </summary>
    public static double[] OutOfFoldImageScores(PatchFeatureTable train, PatchFeatureTable test, ClassifierKind kind, int folds, int seed, CancellationToken cancellationToken, int parallelism = 1, double maxSourceShare = 1)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(test);
        var table = train;
        var present = table.ImagesPresent();
        var images = Enumerable.Range(0, table.Samples.Count).Where(i => present[i]).ToList();
        var imageFold = new int[table.Samples.Count];
        var assignment = Folds.Stratified(images.Select(i => table.Samples[i].IsFake).ToList(), folds, seed);
        for (var j = 0; j < images.Count; j++)
        {
            imageFold[images[j]] = assignment[j];
        }

        var result = Enumerable.Repeat(double.NaN, table.Samples.Count).ToArray();
        var perFold = new double[folds][];

        // Folds are independent (own rows, own seed), so they may run side by side with the same result.
        Parallel.For(0, folds, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, parallelism), CancellationToken = cancellationToken }, f =>
        {
            var trainFold = train.Where(i => present[i] && imageFold[i] != f);
            var testFold = test.Where(i => present[i] && imageFold[i] == f, keepPseudo: false);
            if (testFold.Rows.Count == 0 || !trainFold.Labels.Contains(true) || !trainFold.Labels.Contains(false))
            {
                return;
            }

            var model = FeatureClassifier.Train(trainFold.Rows, trainFold.Labels, kind, seed + f + 1, Weights(trainFold, maxSourceShare));
            perFold[f] = ScoreImages(model, testFold);
        });

        for (var f = 0; f < folds; f++)
        {
            if (perFold[f] is not { } scores)
            {
                continue;
            }

            for (var i = 0; i < scores.Length; i++)
            {
                if (imageFold[i] == f && present[i] && !double.IsNaN(scores[i]))
                {
                    result[i] = scores[i];
                }
            }
        }

        return result;
    }

    /// <summary>Mean raw patch score per image of <paramref name="table"/> (pseudo-fake rows ignored; NaN without rows).</summary>
    public static double[] ScoreImages(FeatureClassifier classifier, PatchFeatureTable table)
    {
        ArgumentNullException.ThrowIfNull(classifier);
        ArgumentNullException.ThrowIfNull(table);
        var raw = classifier.ScoreMany(table.Rows);
        var sums = new double[table.Samples.Count];
        var counts = new int[table.Samples.Count];
        for (var r = 0; r < raw.Length; r++)
        {
            if (!table.Pseudo[r])
            {
                sums[table.ImageOf[r]] += raw[r];
                counts[table.ImageOf[r]]++;
            }
        }

        return sums.Select((s, i) => counts[i] == 0 ? double.NaN : s / counts[i]).ToArray();
    }

    /// <summary>
    /// Row weights: within each class, a source (<see cref="ImageSample.SourceName"/>; pseudo-fakes count with their
    /// real photo's source) whose rows would carry more than <paramref name="maxSourceShare"/> of the class's weight is
    /// scaled down to that share (iterated, since capping one source raises the others' shares; the cap is lifted to
    /// 1 / sources when there are too few sources to meet it); then both classes are scaled to weigh the same, the
    /// total equal to the row count as in <see cref="BalancedWeights"/>. <paramref name="maxSourceShare"/> ≥ 1 gives
    /// exactly <see cref="BalancedWeights"/>.
    /// </summary>
    public static float[] Weights(PatchFeatureTable table, double maxSourceShare)
    {
        ArgumentNullException.ThrowIfNull(table);
        if (maxSourceShare >= 1)
        {
            return BalancedWeights(table.Labels);
        }

        var weights = new float[table.Rows.Count];
        var classTotals = new double[2];
        foreach (var label in new[] { false, true })
        {
            var rows = Enumerable.Range(0, table.Rows.Count).Where(r => table.Labels[r] == label).ToList();
            var sourceOf = rows.ToDictionary(r => r, r => table.Samples[table.ImageOf[r]].SourceName);
            var counts = rows.GroupBy(r => sourceOf[r], StringComparer.Ordinal).ToDictionary(g => g.Key, g => (double)g.Count(), StringComparer.Ordinal);
            var perRow = counts.Keys.ToDictionary(k => k, _ => 1.0, StringComparer.Ordinal);
            var cap = Math.Max(maxSourceShare, counts.Count == 0 ? 1 : 1.0 / counts.Count);
            for (var iteration = 0; iteration < 50; iteration++)
            {
                var total = counts.Sum(c => c.Value * perRow[c.Key]);
                var changed = false;
                foreach (var (source, n) in counts)
                {
                    if (n * perRow[source] > (cap * total) + 1e-9)
                    {
                        perRow[source] = cap * total / n;
                        changed = true;
                    }
                }

                if (!changed)
                {
                    break;
                }
            }

            foreach (var r in rows)
            {
                weights[r] = (float)perRow[sourceOf[r]];
                classTotals[label ? 1 : 0] += weights[r];
            }
        }

        var rowCount = table.Rows.Count;
        for (var r = 0; r < rowCount; r++)
        {
            var t = classTotals[table.Labels[r] ? 1 : 0];
            weights[r] = t <= 0 ? 1f : (float)(weights[r] * rowCount / (2.0 * t));
        }

        return weights;
    }

    public static float[] BalancedWeights(IReadOnlyList<bool> labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        var positives = labels.Count(l => l);
        var negatives = labels.Count - positives;
        var wp = positives == 0 ? 1f : labels.Count / (2f * positives);
        var wn = negatives == 0 ? 1f : labels.Count / (2f * negatives);
        return labels.Select(l => l ? wp : wn).ToArray();
    }
}
