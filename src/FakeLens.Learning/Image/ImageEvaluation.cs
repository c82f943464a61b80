using System.Globalization;
using System.Text;
using FakeLens.Imaging.Features;
using FakeLens.Learning.Classifiers;
using FakeLens.Learning.Evaluation;

namespace FakeLens.Learning.Image;

/// <summary>
/// Evaluation of the image model: overall and per-folder metrics of per-image probabilities,
/// leave-one-generator-out, and the classifier/feature-family comparison, as markdown tables.
/// </summary>
public static class ImageEvaluation
{
    /// <summary>AUC, accuracy, TPR and FPR at the threshold, ECE, and one row per folder, as markdown.</summary>
    public static string Report(IReadOnlyList<ImageSample> samples, IReadOnlyList<double> probabilities, double threshold, double targetFpr)
    {
        ArgumentNullException.ThrowIfNull(samples);
        ArgumentNullException.ThrowIfNull(probabilities);
        var inv = CultureInfo.InvariantCulture;
        var (p, y) = Scored(samples, probabilities, _ => true);
        var sb = new StringBuilder();
        if (!y.Contains(true) || !y.Contains(false))
        {
            sb.AppendLine(inv, $"Scored {p.Count} images; both classes are needed for AUC.");
        }
        else
        {
            sb.AppendLine("| images | real | fake | AUC | accuracy | TPR at threshold | FPR at threshold | threshold | ECE |");
            sb.AppendLine("|---|---|---|---|---|---|---|---|---|");
            sb.AppendLine(inv, $"| {p.Count} | {y.Count(l => !l)} | {y.Count(l => l)} | {BinaryMetrics.Auc(p, y):0.000} | {BinaryMetrics.Accuracy(p, y, threshold):0.000} | " +
                $"{BinaryMetrics.TprAtThreshold(p, y, threshold):0.000} | {BinaryMetrics.FprAtThreshold(p, y, threshold):0.000} | {threshold:0.000} (target FPR {targetFpr:0.###}) | {CalibrationMetrics.ExpectedCalibrationError(p, y):0.000} |");
        }

        sb.AppendLine();
        sb.AppendLine("| folder | class | images | mean probability | called fake | AUC vs all real |");
        sb.AppendLine("|---|---|---|---|---|---|");
        var (realP, _) = Scored(samples, probabilities, i => !samples[i].IsFake);
        foreach (var folder in samples.Select(s => (s.Folder, s.IsFake)).Distinct().OrderBy(f => f.IsFake).ThenBy(f => f.Folder, StringComparer.Ordinal))
        {
            var (fp, _) = Scored(samples, probabilities, i => samples[i].Folder == folder.Folder && samples[i].IsFake == folder.IsFake);
            if (fp.Count == 0)
            {
                continue;
            }

            var called = fp.Count(v => v >= threshold) / (double)fp.Count;
            var auc = folder.IsFake && realP.Count > 0
                ? BinaryMetrics.Auc([.. fp, .. realP], [.. fp.Select(_ => true), .. realP.Select(_ => false)]).ToString("0.000", inv)
                : "–";
            sb.AppendLine(inv, $"| {folder.Folder} | {(folder.IsFake ? "fake" : "real")} | {fp.Count} | {fp.Average():0.000} | {called:0.000} | {auc} |");
        }

        return sb.ToString();
    }

    /// <summary>
    /// Leave-one-generator-out: for each fake family F, a model is trained on <paramref name="train"/>'s rows of
    /// every other family and of the real photos outside one real hold-out group, then scored on
    /// <paramref name="test"/>'s rows of F and of that real group. Real photos are dealt to as many groups as
    /// there are families by source folder (camera or repository), so one source never sits on both sides;
    /// with a single real folder they are dealt image by image. Both tables cover the same samples.
    /// </summary>
    public static IReadOnlyList<LooResult> LeaveOneGeneratorOut(PatchFeatureTable train, PatchFeatureTable test, ClassifierKind kind, int seed, CancellationToken cancellationToken) =>
        LeaveOneGeneratorOut(train, test, kind, seed, cancellationToken, out _, null, 1);

    /// <summary>As above; <paramref name="heldOut"/> receives every image's raw score from the one model that did not see it (NaN if none).</summary>
    public static IReadOnlyList<LooResult> LeaveOneGeneratorOut(PatchFeatureTable train, PatchFeatureTable test, ClassifierKind kind, int seed, CancellationToken cancellationToken, out double[] heldOut, int parallelism = 1) =>
        LeaveOneGeneratorOut(train, test, kind, seed, cancellationToken, out heldOut, null, parallelism);

    /// <summary>As above; <paramref name="inspectTraining"/> sees each held-out family and the exact rows its model is trained on (tests check that none is held out).</summary>
    internal static IReadOnlyList<LooResult> LeaveOneGeneratorOut(PatchFeatureTable train, PatchFeatureTable test, ClassifierKind kind, int seed, CancellationToken cancellationToken, out double[] heldOut, Action<string, PatchFeatureTable>? inspectTraining, int parallelism, double maxSourceShare = 1, Action<LooResult>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(train);
        return HeldOutRuns(train, test, LeaveOneGeneratorOutSplits(train.Samples, seed), kind, seed, cancellationToken, out heldOut, inspectTraining, parallelism, maxSourceShare, progress);
    }

    /// <summary>As <see cref="LeaveOneGeneratorOut(PatchFeatureTable, PatchFeatureTable, ClassifierKind, int, CancellationToken, out double[], int)"/> with rows weighted by <see cref="ImageModelTrainer.Weights"/>.</summary>
    /// <paramref name="progress"/>, if given, sees each family's result as soon as its fold ends (long runs print it), in finishing order.
    public static IReadOnlyList<LooResult> LeaveOneGeneratorOut(PatchFeatureTable train, PatchFeatureTable test, ClassifierKind kind, int seed, CancellationToken cancellationToken, out double[] heldOut, int parallelism, double maxSourceShare, Action<LooResult>? progress = null) =>
        LeaveOneGeneratorOut(train, test, kind, seed, cancellationToken, out heldOut, null, parallelism, maxSourceShare, progress);

    /// <summary>
    /// Source-disjoint split: the sources (repositories, <see cref="ImageSample.SourceName"/>) of each class are dealt
    /// to <paramref name="folds"/> groups, largest first, to the currently smallest group; each fold trains on the
    /// other groups' sources of both classes and tests on its own. Unlike leave-one-generator-out, a generator seen
    /// in training may come back from another repository (another export path, resizing, compression), which is
    /// what a model meets in the field; a repository never sits on both sides.
    /// </summary>
    public static IReadOnlyList<LooResult> SourceDisjoint(PatchFeatureTable train, PatchFeatureTable test, ClassifierKind kind, int folds, int seed, CancellationToken cancellationToken, out double[] heldOut, int parallelism = 1, double maxSourceShare = 1)
    {
        ArgumentNullException.ThrowIfNull(train);
        return HeldOutRuns(train, test, SourceDisjointSplits(train.Samples, folds), kind, seed, cancellationToken, out heldOut, null, parallelism, maxSourceShare);
    }

    /// <summary>The folds of <see cref="SourceDisjoint"/>: fold name (its AI sources) and the images it holds out.</summary>
    public static IReadOnlyList<(string Family, HashSet<int> Test)> SourceDisjointSplits(IReadOnlyList<ImageSample> samples, int folds)
    {
        ArgumentNullException.ThrowIfNull(samples);
        folds = Math.Max(2, folds);
        var groupOf = new Dictionary<(bool, string), int>();
        var names = Enumerable.Range(0, folds).Select(_ => new List<string>()).ToArray();
        foreach (var label in new[] { true, false })
        {
            var sizes = new int[folds];
            var sources = samples.Where(x => x.IsFake == label).GroupBy(x => x.SourceName, StringComparer.Ordinal)
                .OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal);
            foreach (var source in sources)
            {
                var g = Array.IndexOf(sizes, sizes.Min());
                groupOf[(label, source.Key)] = g;
                sizes[g] += source.Count();
                if (label)
                {
                    names[g].Add(source.Key);
                }
            }
        }

        return Enumerable.Range(0, folds).Select(f => (
            Family: FormattableString.Invariant($"fold {f + 1}: ") + string.Join(" ", names[f].Take(4)) + (names[f].Count > 4 ? FormattableString.Invariant($" +{names[f].Count - 4}") : string.Empty),
            Test: Enumerable.Range(0, samples.Count).Where(i => groupOf[(samples[i].IsFake, samples[i].SourceName)] == f).ToHashSet())).ToList();
    }

    /// <summary>Trains one model per split on every image outside it and scores the split's own images (both tables cover the same samples).</summary>
    private static List<LooResult> HeldOutRuns(PatchFeatureTable train, PatchFeatureTable test, IReadOnlyList<(string Family, HashSet<int> Test)> splits, ClassifierKind kind, int seed, CancellationToken cancellationToken, out double[] heldOut, Action<string, PatchFeatureTable>? inspectTraining, int parallelism, double maxSourceShare, Action<LooResult>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(test);
        var samples = train.Samples;
        var scored = new double[splits.Count][];
        var results = new LooResult?[splits.Count];

        // Folds are independent (own rows, own seed), so they run side by side; results do not depend on the order.
        Parallel.For(0, splits.Count, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, parallelism), CancellationToken = cancellationToken }, f =>
        {
            var (family, testSet) = splits[f];
            bool InTest(int i) => testSet.Contains(i);
            var trainRows = train.Where(i => !InTest(i));
            var testRows = test.Where(i => InTest(i), keepPseudo: false);
            inspectTraining?.Invoke(family, trainRows);
            if (!trainRows.Labels.Contains(true) || !trainRows.Labels.Contains(false))
            {
                return;
            }

            var model = FeatureClassifier.Train(trainRows.Rows, trainRows.Labels, kind, seed, ImageModelTrainer.Weights(trainRows, maxSourceShare));
            var scores = ImageModelTrainer.ScoreImages(model, testRows);
            scored[f] = scores;
            var (s, y) = Scored(samples, scores, InTest);
            var auc = y.Contains(true) && y.Contains(false) ? BinaryMetrics.Auc(s, y) : double.NaN;
            var tpr = y.Contains(true) && y.Contains(false) ? BinaryMetrics.TprAtFpr(s, y, 0.05) : double.NaN;
            results[f] = new LooResult(family, y.Count(l => l), y.Count(l => !l), auc, tpr);
            progress?.Invoke(results[f]!);
        });

        heldOut = Enumerable.Repeat(double.NaN, samples.Count).ToArray();
        for (var f = 0; f < splits.Count; f++)
        {
            if (scored[f] is not { } scores)
            {
                continue;
            }

            foreach (var i in splits[f].Test)
            {
                if (!double.IsNaN(scores[i]))
                {
                    heldOut[i] = scores[i];
                }
            }
        }

        return results.Where(r => r is not null).Select(r => r!).ToList();
    }

    /// <summary>
    /// The folds of <see cref="LeaveOneGeneratorOut(PatchFeatureTable, PatchFeatureTable, ClassifierKind, int, CancellationToken, out double[])"/>:
    /// for each AI family (in name order), the images held out with it — all its AI images and one group of
    /// real photos (<see cref="RealGroups"/>). Training uses every other image.
    /// </summary>
    public static IReadOnlyList<(string Family, HashSet<int> Test)> LeaveOneGeneratorOutSplits(IReadOnlyList<ImageSample> samples, int seed)
    {
        ArgumentNullException.ThrowIfNull(samples);
        var families = samples.Where(s => s.IsFake).Select(s => s.Family).Distinct().Order(StringComparer.Ordinal).ToList();
        var realGroup = RealGroups(samples, Math.Max(1, families.Count), seed);
        var splits = new List<(string, HashSet<int>)>();
        for (var g = 0; g < families.Count; g++)
        {
            var family = families[g];
            var test = new HashSet<int>();
            for (var i = 0; i < samples.Count; i++)
            {
                if (samples[i].IsFake ? samples[i].Family == family : realGroup[i] == g)
                {
                    test.Add(i);
                }
            }

            splits.Add((family, test));
        }

        return splits;
    }

    /// <summary>
    /// Hold-out group of every real image (−1 for fakes): whole source folders dealt greedily to the currently
    /// smallest of <paramref name="groups"/> groups, largest folder first; image by image when there is one folder.
    /// </summary>
    public static int[] RealGroups(IReadOnlyList<ImageSample> samples, int groups, int seed)
    {
        ArgumentNullException.ThrowIfNull(samples);
        var group = Enumerable.Repeat(-1, samples.Count).ToArray();
        var real = Enumerable.Range(0, samples.Count).Where(i => !samples[i].IsFake).ToList();
        var folders = real.GroupBy(i => samples[i].Folder, StringComparer.Ordinal).OrderByDescending(f => f.Count()).ThenBy(f => f.Key, StringComparer.Ordinal).ToList();
        if (folders.Count < 2)
        {
            var rng = new Random(seed);
            var shuffled = real.OrderBy(_ => rng.Next()).ToList();
            for (var j = 0; j < shuffled.Count; j++)
            {
                group[shuffled[j]] = j % groups;
            }

            return group;
        }

        var sizes = new int[groups];
        foreach (var folder in folders)
        {
            var g = Array.IndexOf(sizes, sizes.Min());
            foreach (var i in folder)
            {
                group[i] = g;
            }

            sizes[g] += folder.Count();
        }

        return group;
    }

    /// <summary>AUC, TPR at 1 % FPR and TPR at 5 % FPR of the pooled held-out scores of <see cref="LeaveOneGeneratorOut(PatchFeatureTable, PatchFeatureTable, ClassifierKind, int, CancellationToken, out double[])"/>.</summary>
    public static (double Auc, double TprAt1, double TprAt5, int Fakes, int Reals) Pooled(IReadOnlyList<ImageSample> samples, IReadOnlyList<double> heldOut)
    {
        ArgumentNullException.ThrowIfNull(samples);
        ArgumentNullException.ThrowIfNull(heldOut);
        var (s, y) = Scored(samples, heldOut, _ => true);
        if (!y.Contains(true) || !y.Contains(false))
        {
            return (double.NaN, double.NaN, double.NaN, y.Count(l => l), y.Count(l => !l));
        }

        return (BinaryMetrics.Auc(s, y), BinaryMetrics.TprAtFpr(s, y, 0.01), BinaryMetrics.TprAtFpr(s, y, 0.05), y.Count(l => l), y.Count(l => !l));
    }

    /// <summary>
    /// Calibrated probabilities for the pooled leave-one-generator-out scores, cross-fitted: the scores held out
    /// with each family (its AI images and its real group) are mapped by a Platt calibrator fitted only on the
    /// held-out scores of the other folds, so no image's own label shapes its probability. NaN where an image has
    /// no held-out score or the other folds lack one class. ECE of these is the calibration a user of a model
    /// trained without the family would see.
    /// </summary>
    public static double[] CrossFittedProbabilities(IReadOnlyList<ImageSample> samples, IReadOnlyList<double> heldOut, int seed)
    {
        ArgumentNullException.ThrowIfNull(samples);
        ArgumentNullException.ThrowIfNull(heldOut);
        var probabilities = Enumerable.Repeat(double.NaN, samples.Count).ToArray();
        foreach (var (_, test) in LeaveOneGeneratorOutSplits(samples, seed))
        {
            var (s, y) = Scored(samples, heldOut, i => !test.Contains(i));
            if (!y.Contains(true) || !y.Contains(false))
            {
                continue;
            }

            var calibrator = Calibration.PlattCalibrator.Fit(s, y);
            foreach (var i in test)
            {
                if (!double.IsNaN(heldOut[i]))
                {
                    probabilities[i] = calibrator.Calibrate(heldOut[i]);
                }
            }
        }

        return probabilities;
    }

    /// <summary>ECE (10 bins) of <see cref="CrossFittedProbabilities"/>.</summary>
    public static double CrossFittedEce(IReadOnlyList<ImageSample> samples, IReadOnlyList<double> heldOut, int seed)
    {
        var (p, y) = Scored(samples, CrossFittedProbabilities(samples, heldOut, seed), _ => true);
        return y.Count == 0 ? double.NaN : CalibrationMetrics.ExpectedCalibrationError(p, y);
    }

    /// <summary>
    /// The calibration and per-source view of pooled held-out scores: ECE of <see cref="CrossFittedProbabilities"/>
    /// and the per-folder table (every real source and AI folder) at the pooled 1 % FPR threshold.
    /// </summary>
    public static string CrossFittedReport(IReadOnlyList<ImageSample> samples, IReadOnlyList<double> heldOut, int seed)
    {
        ArgumentNullException.ThrowIfNull(samples);
        var probabilities = CrossFittedProbabilities(samples, heldOut, seed);
        var (p, y) = Scored(samples, probabilities, _ => true);
        var realP = p.Where((_, k) => !y[k]).OrderDescending().ToList();
        var threshold = realP.Count == 0 ? 0.5 : realP[Math.Min(realP.Count - 1, (int)Math.Floor(0.01 * realP.Count))];
        var ece = y.Count == 0 ? double.NaN : CalibrationMetrics.ExpectedCalibrationError(p, y);
        return string.Format(CultureInfo.InvariantCulture, "Held-out scores calibrated across folds (Platt fitted on the other folds' held-out scores): ECE {0:0.000}; per folder at the pooled 1 % FPR threshold {1:0.000}:\n\n", ece, threshold) +
            Report(samples, probabilities, threshold, 0.01);
    }

    /// <summary>
    /// Per source (repository) of pooled held-out scores: images, mean raw score, share above the pooled 1 % FPR
    /// threshold, and for AI sources the AUC against all held-out real images.
    /// </summary>
    public static string SourceTable(IReadOnlyList<ImageSample> samples, IReadOnlyList<double> heldOut)
    {
        ArgumentNullException.ThrowIfNull(samples);
        ArgumentNullException.ThrowIfNull(heldOut);
        var inv = CultureInfo.InvariantCulture;
        var (realP, _) = Scored(samples, heldOut, i => !samples[i].IsFake);
        var sorted = realP.OrderDescending().ToList();
        var threshold = sorted.Count == 0 ? double.NaN : sorted[Math.Min(sorted.Count - 1, (int)Math.Floor(0.01 * sorted.Count))];
        var sb = new StringBuilder();
        sb.AppendLine("| source | class | images | mean held-out score | above pooled 1 % FPR threshold | AUC vs all held-out real |");
        sb.AppendLine("|---|---|---|---|---|---|");
        foreach (var source in samples.Select(x => (x.SourceName, x.IsFake)).Distinct().OrderBy(x => x.IsFake).ThenBy(x => x.SourceName, StringComparer.Ordinal))
        {
            var (p, _) = Scored(samples, heldOut, i => samples[i].IsFake == source.IsFake && samples[i].SourceName == source.SourceName);
            if (p.Count == 0)
            {
                continue;
            }

            var auc = source.IsFake && realP.Count > 0 ? BinaryMetrics.Auc([.. p, .. realP], [.. p.Select(_ => true), .. realP.Select(_ => false)]).ToString("0.000", inv) : "–";
            sb.AppendLine(inv, $"| {source.SourceName} | {(source.IsFake ? "AI" : "real")} | {p.Count} | {p.Average():0.000} | {p.Count(v => v > threshold) / (double)p.Count:0.000} | {auc} |");
        }

        return sb.ToString();
    }

    public static string PooledLine((double Auc, double TprAt1, double TprAt5, int Fakes, int Reals) pooled) =>
        string.Format(CultureInfo.InvariantCulture, "Pooled held-out scores ({0} AI, {1} real images, each scored by the model that did not see its family or source): AUC {2:0.000}, TPR {3:0.000} at 1 % FPR, {4:0.000} at 5 % FPR.\n", pooled.Fakes, pooled.Reals, pooled.Auc, pooled.TprAt1, pooled.TprAt5);

    public static string LooTable(IReadOnlyList<LooResult> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var inv = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        sb.AppendLine("| held-out generator | fake images | unseen real images | AUC | TPR at 5 % FPR |");
        sb.AppendLine("|---|---|---|---|---|");
        foreach (var r in rows)
        {
            sb.AppendLine(inv, $"| {r.Family} | {r.Fakes} | {r.Reals} | {r.Auc:0.000} | {r.TprAt5:0.000} |");
        }

        var valid = rows.Where(r => !double.IsNaN(r.Auc)).ToList();
        if (valid.Count > 0)
        {
            sb.AppendLine(inv, $"| **mean** | | | **{valid.Average(r => r.Auc):0.000}** (min {valid.Min(r => r.Auc):0.000}) | {valid.Average(r => r.TprAt5):0.000} |");
        }

        return sb.ToString();
    }

    /// <summary>
    /// Cross-validated image AUC (k image folds, trained on <paramref name="train"/>, scored on <paramref name="test"/>)
    /// and mean leave-one-generator-out AUC, for every classifier on all families and for each family alone with
    /// <paramref name="familyClassifier"/>.
    /// </summary>
    public static string Compare(PatchFeatureTable train, PatchFeatureTable test, ClassifierKind familyClassifier, int folds, int seed, Action<string>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(train);
        var all = ImagePatchFeatures.FamiliesOf(train.Names);
        var configs = new List<(ClassifierKind Kind, ImageFeatureFamilies Families)>();
        foreach (var kind in Enum.GetValues<ClassifierKind>())
        {
            configs.Add((kind, all));
        }

        foreach (var family in Enum.GetValues<ImageFeatureFamilies>())
        {
            if (family is not ImageFeatureFamilies.None and not ImageFeatureFamilies.All && all.HasFlag(family) && family != all)
            {
                configs.Add((familyClassifier, family));
            }
        }

        return Compare(train, test, configs, folds, seed, progress, cancellationToken);
    }

    /// <summary>
    /// As above for the given (classifier, feature families) pairs only; each row also gives the AUC and TPR at 1 % and
    /// 5 % FPR of the pooled leave-one-generator-out held-out scores and their cross-fitted ECE, and a second table gives
    /// every family's held-out AUC under each pair (issue 13 round 13: arms compared on the same images, folds and
    /// patches in one run). <paramref name="folds"/> 0 skips the CV column; <paramref name="heldOutScores"/>, when given,
    /// receives each pair's held-out image scores. Each fold's result goes to
    /// <paramref name="progress"/> as it ends, so a stopped run has reported what it finished.
    /// </summary>
    public static string Compare(PatchFeatureTable train, PatchFeatureTable test, IReadOnlyList<(ClassifierKind Kind, ImageFeatureFamilies Families)> configs, int folds, int seed, Action<string>? progress, CancellationToken cancellationToken, int parallelism = 1, double maxSourceShare = 1, List<double[]>? heldOutScores = null)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(test);
        ArgumentNullException.ThrowIfNull(configs);
        var inv = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        sb.AppendLine("| classifier | features | CV AUC | LOO mean AUC | LOO min AUC | pooled LOO AUC | pooled TPR at 1 % FPR | pooled TPR at 5 % FPR | cross-fitted ECE |");
        sb.AppendLine("|---|---|---|---|---|---|---|---|---|");
        var all = ImagePatchFeatures.FamiliesOf(train.Names);
        var perFamily = new List<IReadOnlyList<LooResult>>();
        foreach (var (kind, families) in configs)
        {
            var tr = families == all ? train : train.Select(families);
            var te = families == all ? test : test.Select(families);
            var cv = double.NaN;
            if (folds > 1)
            {
                var oof = ImageModelTrainer.OutOfFoldImageScores(tr, te, kind, folds, seed, cancellationToken, 1, maxSourceShare);
                var (s, y) = Scored(train.Samples, oof, _ => true);
                cv = BinaryMetrics.Auc(s, y);
            }

            var name = ImagePatchFeatures.Describe(families);
            var results = LeaveOneGeneratorOut(tr, te, kind, seed, cancellationToken, out var heldOut, parallelism, maxSourceShare,
                progress is null ? null : r => progress(string.Format(inv, "loo {0:HH:mm:ss} {1}:{2} {3}: {4} AI / {5} real, AUC {6:0.000}", DateTime.UtcNow, kind, name, r.Family, r.Fakes, r.Reals, r.Auc)));
            perFamily.Add(results);
            heldOutScores?.Add(heldOut);
            var loo = results.Where(r => !double.IsNaN(r.Auc)).ToList();
            var pooled = Pooled(train.Samples, heldOut);
            var ece = CrossFittedEce(train.Samples, heldOut, seed);
            var line = string.Format(inv, "| {0} | {1} | {2} | {3:0.000} | {4:0.000} | {5:0.000} | {6:0.000} | {7:0.000} | {8:0.000} |", kind, name, double.IsNaN(cv) ? "–" : cv.ToString("0.000", inv), loo.Average(r => r.Auc), loo.Min(r => r.Auc), pooled.Auc, pooled.TprAt1, pooled.TprAt5, ece);
            sb.AppendLine(line);
            progress?.Invoke(line);
        }

        sb.AppendLine();
        sb.AppendLine("Held-out AUC per family and pair:");
        sb.AppendLine();
        sb.Append("| family | AI images | unseen real images |");
        foreach (var (kind, families) in configs)
        {
            sb.Append(inv, $" {kind}:{ImagePatchFeatures.Describe(families)} |");
        }

        sb.AppendLine();
        sb.Append("|---|---|---|").AppendLine(string.Concat(Enumerable.Repeat("---|", configs.Count)));
        foreach (var row in perFamily[0])
        {
            sb.Append(inv, $"| {row.Family} | {row.Fakes} | {row.Reals} |");
            foreach (var results in perFamily)
            {
                var auc = results.FirstOrDefault(r => r.Family == row.Family)?.Auc ?? double.NaN;
                sb.Append(' ').Append(double.IsNaN(auc) ? "–" : auc.ToString("0.000", inv)).Append(" |");
            }

            sb.AppendLine();
        }

        return sb.ToString();
    }

    private static (List<double> Scores, List<bool> Labels) Scored(IReadOnlyList<ImageSample> samples, IReadOnlyList<double> scores, Func<int, bool> include)
    {
        var s = new List<double>();
        var y = new List<bool>();
        for (var i = 0; i < samples.Count; i++)
        {
            if (include(i) && !double.IsNaN(scores[i]))
            {
                s.Add(scores[i]);
                y.Add(samples[i].IsFake);
            }
        }

        return (s, y);
    }
}
