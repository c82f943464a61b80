using System.Globalization;
using System.Text;
using FakeLens.Learning.Calibration;
using FakeLens.Learning.Classifiers;
using FakeLens.Learning.Evaluation;
using FakeLens.Learning.Training;
using FakeLens.Learning.Validation;

namespace FakeLens.Learning.Video;

/// <summary>
/// Held-out figures for the video fusion model on labelled feature rows:
/// <list type="bullet">
/// <item>grouped cross-validation (folds by group, so one source is never on both sides): pooled AUC, and per source
/// (each fake family against all real videos, each real source's false-positive rate at the calibrated threshold);</item>
/// <item>leave-one-family-out: each fake family is left out of training in turn and scored by a model trained on the
/// other families; the real videos are split in two halves by source, each half scored by a model that did not see
/// it; AUC = held-out family against held-out real videos. Its mean is the figure issue 15 targets (≥ 0.90).</item>
/// </list>
/// </summary>
public static class VideoEvaluation
{
    public sealed record SourceRow(string Source, bool IsFake, int Count, double Auc, double MeanProbability, double FlaggedShare);

    public sealed record Result(double CvAuc, double Threshold, IReadOnlyList<SourceRow> Sources, IReadOnlyList<(string Family, int Count, double Auc)> LeaveOneFamilyOut, double[] OutOfFold)
    {
        public double LofoMean => Mean(LeaveOneFamilyOut);

        /// <summary>The same leave-one-family-out protocol with a model that sees only the baseline columns (the
        /// confound: colour saturation); empty when no baseline was asked for.</summary>
        public IReadOnlyList<(string Family, int Count, double Auc)> BaselineLeaveOneFamilyOut { get; init; } = [];

        public string BaselineName { get; init; } = "";

        public double BaselineLofoMean => Mean(BaselineLeaveOneFamilyOut);

        private static double Mean(IReadOnlyList<(string Family, int Count, double Auc)> rows) =>
            rows.Where(r => !double.IsNaN(r.Auc)).Select(r => r.Auc).DefaultIfEmpty(double.NaN).Average();
    }

    /// <summary>As <see cref="Evaluate(IReadOnlyList{float[]}, IReadOnlyList{VideoSample}, ClassifierKind, int, int, double, CancellationToken)"/>,
    /// plus the leave-one-family-out figures of a model restricted to <paramref name="baselineColumns"/> (named <paramref name="baselineName"/>).</summary>
    public static Result Evaluate(IReadOnlyList<float[]> x, IReadOnlyList<VideoSample> samples, ClassifierKind kind, int folds, int seed, double targetFpr, IReadOnlyList<int> baselineColumns, string baselineName, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(baselineColumns);
        var projected = x.Select(row => baselineColumns.Select(c => row[c]).ToArray()).ToList();
        return Evaluate(x, samples, kind, folds, seed, targetFpr, projected, baselineName, cancellationToken);
    }

    /// <summary>As above, with the baseline model's rows given (one per sample, in the same order) — for a full model
    /// restricted to some feature families that do not include the baseline's columns.</summary>
    public static Result Evaluate(IReadOnlyList<float[]> x, IReadOnlyList<VideoSample> samples, ClassifierKind kind, int folds, int seed, double targetFpr, IReadOnlyList<float[]> baselineRows, string baselineName, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(baselineRows);
        var result = Evaluate(x, samples, kind, folds, seed, targetFpr, cancellationToken);
        return result with { BaselineLeaveOneFamilyOut = LeaveOneFamilyOut(baselineRows, samples, kind, seed, cancellationToken), BaselineName = baselineName };
    }

    public static Result Evaluate(IReadOnlyList<float[]> x, IReadOnlyList<VideoSample> samples, ClassifierKind kind, int folds, int seed, double targetFpr, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(samples);
        var y = samples.Select(s => s.IsFake).ToList();
        var groups = samples.Select(s => s.Group).ToList();
        var k = Math.Min(folds, groups.Distinct().Count());
        var model = CalibratedTraining.Train(x, y, groups, kind, CalibrationKind.Platt, targetFpr, Math.Max(2, k), seed, null, cancellationToken);
        var oof = model.OutOfFoldProbabilities;
        var scored = Enumerable.Range(0, x.Count).Where(i => !double.IsNaN(oof[i])).ToList();
        var cvAuc = BinaryMetrics.Auc(scored.Select(i => oof[i]).ToList(), scored.Select(i => y[i]).ToList());
        var realScores = scored.Where(i => !y[i]).Select(i => oof[i]).ToList();
        var sources = new List<SourceRow>();
        foreach (var g in scored.GroupBy(i => (samples[i].Family, samples[i].IsFake)).OrderBy(g => g.Key.IsFake).ThenBy(g => g.Key.Family, StringComparer.Ordinal))
        {
            var s = g.Select(i => oof[i]).ToList();
            var auc = g.Key.IsFake ? BinaryMetrics.Auc([.. s, .. realScores], [.. s.Select(_ => true), .. realScores.Select(_ => false)]) : double.NaN;
            sources.Add(new SourceRow(g.Key.Family, g.Key.IsFake, s.Count, auc, s.Average(), s.Count(p => p >= model.Threshold) / (double)s.Count));
        }

        return new Result(cvAuc, model.Threshold, sources, LeaveOneFamilyOut(x, samples, kind, seed, cancellationToken), oof);
    }

    private static List<(string Family, int Count, double Auc)> LeaveOneFamilyOut(IReadOnlyList<float[]> x, IReadOnlyList<VideoSample> samples, ClassifierKind kind, int seed, CancellationToken cancellationToken)
    {
        var y = samples.Select(s => s.IsFake).ToList();
        var lofo = new List<(string, int, double)>();
        foreach (var family in samples.Where(s => s.IsFake).Select(s => s.Family).Distinct().Order(StringComparer.Ordinal))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var heldIndex = Enumerable.Range(0, samples.Count).Where(i => samples[i].IsFake && samples[i].Family == family).ToList();
            var sums = new double[heldIndex.Count];
            var realHeld = new List<double>();
            var splits = LeaveOneFamilyOutSplits(samples, family).ToList();
            foreach (var split in splits)
            {
                if (!split.Train.Any(i => y[i]) || !split.Train.Any(i => !y[i]))
                {
                    continue;
                }

                var clf = FeatureClassifier.Train(split.Train.Select(i => x[i]).ToList(), split.Train.Select(i => y[i]).ToList(), kind, seed);
                for (var j = 0; j < heldIndex.Count; j++)
                {
                    sums[j] += clf.Score(x[heldIndex[j]]) / splits.Count;
                }

                realHeld.AddRange(split.TestReal.Select(i => clf.Score(x[i])));
            }

            var auc = realHeld.Count == 0 ? double.NaN : BinaryMetrics.Auc([.. sums, .. realHeld], [.. sums.Select(_ => true), .. realHeld.Select(_ => false)]);
            lofo.Add((family, heldIndex.Count, auc));
        }

        return lofo;
    }

    /// <summary>
    /// The training and test sets that measure one fake family it never saw: the family's videos are held out, so are
    /// half of the real sources (alternating by source group; two splits swap the halves) and every video that shares a
    /// source group with anything held out. With fewer than two real sources no real video can be held out, so there
    /// is no split (the family's figure is then n/a rather than a leak).
    /// </summary>
    public static IEnumerable<(List<int> Train, List<int> TestReal)> LeaveOneFamilyOutSplits(IReadOnlyList<VideoSample> samples, string family)
    {
        ArgumentNullException.ThrowIfNull(samples);
        var realSources = samples.Where(s => !s.IsFake).Select(s => s.Group).Distinct().Order(StringComparer.Ordinal).ToList();
        if (realSources.Count < 2)
        {
            yield break;
        }

        var heldFakeGroups = samples.Where(s => s.IsFake && s.Family == family).Select(s => s.Group).ToHashSet(StringComparer.Ordinal);
        for (var half = 0; half < 2; half++)
        {
            var testGroups = realSources.Where((_, i) => i % 2 == half).ToHashSet(StringComparer.Ordinal);
            var testReal = Enumerable.Range(0, samples.Count).Where(i => !samples[i].IsFake && testGroups.Contains(samples[i].Group)).ToList();
            var train = Enumerable.Range(0, samples.Count)
                .Where(i => !(samples[i].IsFake && samples[i].Family == family) && !testGroups.Contains(samples[i].Group) && !heldFakeGroups.Contains(samples[i].Group))
                .ToList();
            yield return (train, testReal);
        }
    }

    public static string Table(Result result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var inv = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        sb.AppendLine(string.Create(inv, $"grouped cross-validation AUC {result.CvAuc:0.000}; threshold {result.Threshold:0.000}"));
        sb.AppendLine("source                              class  videos   AUC vs real   mean p   flagged");
        foreach (var s in result.Sources)
        {
            sb.AppendLine(string.Create(inv, $"{s.Source,-35} {(s.IsFake ? "fake" : "real"),-5}  {s.Count,6}   {(double.IsNaN(s.Auc) ? "—" : s.Auc.ToString("0.000", inv)),11}   {s.MeanProbability,6:0.000}   {s.FlaggedShare,7:P0}"));
        }

        sb.AppendLine("leave-one-family-out (family held out of training, against held-out real videos):");
        foreach (var (family, count, auc) in result.LeaveOneFamilyOut)
        {
            sb.AppendLine(string.Create(inv, $"  {family,-33} {count,4} videos   AUC {(double.IsNaN(auc) ? "—" : auc.ToString("0.000", inv))}"));
        }

        sb.AppendLine(string.Create(inv, $"  mean leave-one-family-out AUC {result.LofoMean:0.000}"));
        if (result.BaselineLeaveOneFamilyOut.Count > 0)
        {
            sb.AppendLine($"confound baseline: the same protocol with {result.BaselineName} alone");
            foreach (var (family, count, auc) in result.BaselineLeaveOneFamilyOut)
            {
                var full = result.LeaveOneFamilyOut.FirstOrDefault(r => r.Family == family).Auc;
                sb.AppendLine(string.Create(inv, $"  {family,-33} {count,4} videos   AUC {(double.IsNaN(auc) ? "—" : auc.ToString("0.000", inv))}   (full model {(double.IsNaN(full) ? "—" : full.ToString("0.000", inv))})"));
            }

            sb.AppendLine(string.Create(inv, $"  mean leave-one-family-out AUC, baseline {result.BaselineLofoMean:0.000} vs full model {result.LofoMean:0.000}"));
        }

        return sb.ToString();
    }
}
