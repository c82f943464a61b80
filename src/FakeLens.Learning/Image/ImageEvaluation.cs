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
    /// every other family and of the real photos outside one real hold-out group (real photos are dealt to as
    /// many groups as there are families), then scored on <paramref name="test"/>'s rows of F and of that real
    /// group. Both tables cover the same samples.
    /// </summary>
    public static IReadOnlyList<LooResult> LeaveOneGeneratorOut(PatchFeatureTable train, PatchFeatureTable test, ClassifierKind kind, int seed, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(test);
        var samples = train.Samples;
        var families = samples.Where(s => s.IsFake).Select(s => s.Family).Distinct().Order(StringComparer.Ordinal).ToList();
        var realIndex = Enumerable.Range(0, samples.Count).Where(i => !samples[i].IsFake).ToList();
        var rng = new Random(seed);
        var shuffled = realIndex.OrderBy(_ => rng.Next()).ToList();
        var realGroup = new int[samples.Count];
        for (var j = 0; j < shuffled.Count; j++)
        {
            realGroup[shuffled[j]] = j % Math.Max(1, families.Count);
        }

        var results = new List<LooResult>();
        for (var g = 0; g < families.Count; g++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var family = families[g];
            bool InTest(int i) => samples[i].IsFake ? samples[i].Family == family : realGroup[i] == g;
            var trainRows = train.Where(i => !InTest(i));
            var testRows = test.Where(i => InTest(i), keepPseudo: false);
            if (!trainRows.Labels.Contains(true) || !trainRows.Labels.Contains(false))
            {
                continue;
            }

            var model = FeatureClassifier.Train(trainRows.Rows, trainRows.Labels, kind, seed, ImageModelTrainer.BalancedWeights(trainRows.Labels));
            var scores = ImageModelTrainer.ScoreImages(model, testRows);
            var (s, y) = Scored(samples, scores, InTest);
            var auc = y.Contains(true) && y.Contains(false) ? BinaryMetrics.Auc(s, y) : double.NaN;
            var tpr = y.Contains(true) && y.Contains(false) ? BinaryMetrics.TprAtFpr(s, y, 0.05) : double.NaN;
            results.Add(new LooResult(family, y.Count(l => l), y.Count(l => !l), auc, tpr));
        }

        return results;
    }

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
        ArgumentNullException.ThrowIfNull(test);
        var inv = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        sb.AppendLine("| classifier | features | CV AUC | LOO mean AUC | LOO min AUC |");
        sb.AppendLine("|---|---|---|---|---|");
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

        foreach (var (kind, families) in configs)
        {
            var tr = families == all ? train : train.Select(families);
            var te = families == all ? test : test.Select(families);
            var oof = ImageModelTrainer.OutOfFoldImageScores(tr, te, kind, folds, seed, cancellationToken);
            var (s, y) = Scored(train.Samples, oof, _ => true);
            var cv = BinaryMetrics.Auc(s, y);
            var loo = LeaveOneGeneratorOut(tr, te, kind, seed, cancellationToken).Where(r => !double.IsNaN(r.Auc)).ToList();
            var line = string.Format(inv, "| {0} | {1} | {2:0.000} | {3:0.000} | {4:0.000} |", kind, ImagePatchFeatures.Describe(families), cv, loo.Average(r => r.Auc), loo.Min(r => r.Auc));
            sb.AppendLine(line);
            progress?.Invoke(line);
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
