using System.Globalization;
using System.Text;
using FakeLens.Learning.Training;

namespace FakeLens.Learning.Speech;

/// <summary>
/// Leave one real source out (<see cref="RealSourceHoldout"/>), the figure that names the v6 model's weakness: its real
/// side came only from TTS demo pages. Fold k holds out real source k and every K-th synthetic system (sorted by name,
/// K = number of sources, so each system is held out once). Each fold trains the calibrated LightGBM exactly as
/// <c>train speech</c> does (voice-grouped out-of-fold Platt calibration, threshold at the target false-positive rate
/// of the out-of-fold real clips), then reports, per test condition: the false-positive rate of the held-out real
/// source at that threshold, the true-positive rate of the held-out systems at it, and the EER of every held-out
/// pair (the source's real clips against one system's clips).
/// </summary>
public static class RealSourceEvaluation
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static string Run(IReadOnlyList<SpeechRow> train, IReadOnlyList<(string Condition, List<SpeechRow> Rows)> tests, IReadOnlyList<string> sources, SpeechTrainingOptions options, Action<string>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(tests);
        ArgumentNullException.ThrowIfNull(sources);
        ArgumentNullException.ThrowIfNull(options);
        var allRows = tests.SelectMany(t => t.Rows).Concat(train).ToList();
        var known = allRows.Where(r => !r.IsFake).Select(r => r.Folder).ToHashSet(StringComparer.Ordinal);
        var unknown = sources.SelectMany(RealSourceHoldout.Folders).Where(s => !known.Contains(s)).ToList();
        if (unknown.Count > 0)
        {
            throw new ArgumentException($"no real clips from {string.Join(", ", unknown)}; real sources here: {string.Join(", ", known.Order(StringComparer.Ordinal))}");
        }

        var clips = allRows.Select(r => (r.IsFake, r.Family, r.Folder, r.Group)).Distinct().ToList();
        var systems = allRows.Where(r => r.IsFake && r.Family != "vocoded").Select(r => r.Family).Distinct().Order(StringComparer.Ordinal).ToList();
        var k = sources.Count;
        var folds = new Fold?[k];
        Parallel.For(0, k, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, options.Threads), CancellationToken = cancellationToken }, f =>
        {
            var held = systems.Where((_, j) => j % k == f).ToList();
            var split = new RealSourceHoldout(sources[f], held, clips);
            var trainRows = train.Where(r => split.InTraining(r.IsFake, r.Family, r.Folder, r.Group)).ToList();
            progress?.Invoke($"leave-one-real-source-out: without {sources[f]} and {string.Join(", ", held)} ({split.HeldGroups.Count} voice groups), training on {trainRows.Count} rows");
            var model = CalibratedTraining.Train(trainRows.Select(r => r.Features).ToList(), trainRows.Select(r => r.IsFake).ToList(), trainRows.Select(r => r.Group).ToList(), options.Kind, options.Calibration, options.TargetFpr, options.Folds, options.Seed, SpeechModelTrainer.Weights(trainRows, options.RowWeights), cancellationToken);
            var fold = new Fold(sources[f], held, trainRows.Count, model.Threshold);
            foreach (var t in tests)
            {
                var rows = t.Rows.Where(r => split.InTest(r.IsFake, r.Family, r.Folder)).ToList();
                fold.Conditions.Add((rows, rows.Select(r => model.Probability(r.Features)).ToArray()));
            }

            folds[f] = fold;
            progress?.Invoke("  " + fold.Line());
        });

        var done = folds.Where(f => f is not null).Select(f => f!).ToList();
        var sb = new StringBuilder();
        sb.Append("| held-out real source | real clips | held-out systems | train rows | threshold |");
        foreach (var t in tests)
        {
            sb.Append(Inv, $" FPR, {t.Condition} | TPR, {t.Condition} | mean pair EER, {t.Condition} |");
        }

        sb.AppendLine().Append("|---|---|---|---|---|").Append(string.Concat(Enumerable.Repeat("---|---|---|", tests.Count))).AppendLine();
        foreach (var f in done)
        {
            sb.AppendLine(f.Line());
        }

        sb.AppendLine();
        sb.AppendLine("| summary | " + string.Join(" | ", tests.Select(t => $"{t.Condition}")) + " |");
        sb.AppendLine("|---|" + string.Concat(Enumerable.Repeat("---|", tests.Count)));
        sb.AppendLine("| mean FPR over held-out real sources | " + string.Join(" | ", tests.Select((_, c) => SpeechEvaluation.Pct(Mean(done.Select(f => f.Fpr(c)))))) + " |");
        sb.AppendLine("| pooled FPR (every held-out real clip) | " + string.Join(" | ", tests.Select((_, c) => SpeechEvaluation.Pct(Pooled(done, c, fake: false)))) + " |");
        sb.AppendLine("| pooled TPR (every held-out synthetic clip) | " + string.Join(" | ", tests.Select((_, c) => SpeechEvaluation.Pct(Pooled(done, c, fake: true)))) + " |");
        sb.AppendLine("| mean EER over held-out pairs | " + string.Join(" | ", tests.Select((_, c) => SpeechEvaluation.Pct(Mean(done.SelectMany(f => f.PairEers(c).Select(p => p.Eer)))))) + " |");
        sb.AppendLine();
        sb.AppendLine("| held-out pair (real source × system) | " + string.Join(" | ", tests.Select(t => $"EER, {t.Condition}")) + " |");
        sb.AppendLine("|---|" + string.Concat(Enumerable.Repeat("---|", tests.Count)));
        foreach (var f in done)
        {
            var perCondition = Enumerable.Range(0, tests.Count).Select(f.PairEers).ToList();
            for (var s = 0; s < perCondition[0].Count; s++)
            {
                sb.AppendLine(Inv, $"| {f.Source} × {perCondition[0][s].System} | {string.Join(" | ", perCondition.Select(p => SpeechEvaluation.Pct(p[s].Eer)))} |");
            }
        }

        return sb.ToString();
    }

    private static double Mean(IEnumerable<double> values)
    {
        var ok = values.Where(v => !double.IsNaN(v)).ToList();
        return ok.Count == 0 ? double.NaN : ok.Average();
    }

    private static double Pooled(List<Fold> folds, int condition, bool fake)
    {
        var scores = folds.SelectMany(f => f.Conditions[condition].Rows.Select((r, i) => (r.IsFake, Above: f.Conditions[condition].Scores[i] >= f.Threshold)))
            .Where(x => x.IsFake == fake).ToList();
        return scores.Count == 0 ? double.NaN : scores.Count(x => x.Above) / (double)scores.Count;
    }

    private sealed record Fold(string Source, List<string> Systems, int TrainRows, double Threshold)
    {
        public List<(List<SpeechRow> Rows, double[] Scores)> Conditions { get; } = [];

        public double Rate(int condition, bool fake)
        {
            var (rows, scores) = Conditions[condition];
            var idx = Enumerable.Range(0, rows.Count).Where(i => rows[i].IsFake == fake).ToList();
            return idx.Count == 0 ? double.NaN : idx.Count(i => scores[i] >= Threshold) / (double)idx.Count;
        }

        public double Fpr(int condition) => Rate(condition, fake: false);

        public List<(string System, double Eer)> PairEers(int condition)
        {
            var (rows, scores) = Conditions[condition];
            var real = Enumerable.Range(0, rows.Count).Where(i => !rows[i].IsFake).Select(i => (scores[i], false)).ToList();
            return Systems.Select(s =>
            {
                var fake = Enumerable.Range(0, rows.Count).Where(i => rows[i].IsFake && rows[i].Family == s).Select(i => (scores[i], true)).ToList();
                return (s, real.Count == 0 || fake.Count == 0 ? double.NaN : SpeechEvaluation.Eer(real.Concat(fake)));
            }).ToList();
        }

        public string Line()
        {
            var first = Conditions.Count > 0 ? Conditions[0].Rows : [];
            var sb = new StringBuilder();
            sb.Append(Inv, $"| {Source} | {first.Count(r => !r.IsFake)} | {string.Join(", ", Systems)} ({first.Count(r => r.IsFake)} clips) | {TrainRows} | {Threshold.ToString("0.000", Inv)} |");
            for (var c = 0; c < Conditions.Count; c++)
            {
                sb.Append(Inv, $" {SpeechEvaluation.Pct(Fpr(c))} | {SpeechEvaluation.Pct(Rate(c, fake: true))} | {SpeechEvaluation.Pct(Mean(PairEers(c).Select(p => p.Eer)))} |");
            }

            return sb.ToString();
        }
    }
}
