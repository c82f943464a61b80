using System.Globalization;
using System.Text;
using FakeLens.Learning.Evaluation;
using FakeLens.Learning.Training;

namespace FakeLens.Learning.Speech;

/// <summary>
/// Leave one repository out (<see cref="RepositoryHoldout"/>): fold k holds out repository k whole (its synthetic and
/// real clips and every voice group it used), trains the calibrated LightGBM exactly as <c>train speech</c> does
/// (voice-grouped out-of-fold Platt calibration, threshold at the target false-positive rate of the out-of-fold real
/// clips) on everything else, and scores the held-out repository. Reported per test condition: per repository the
/// real false-positive rate and synthetic true-positive rate at the fold's threshold and the repository's own EER;
/// pooled EER over every held-out clip; per system the EER of its held-out clips against every held-out real clip and
/// its TPR at the threshold; and the mean per-system EER. An optional reference model (a shipped file that never saw
/// these clips) is scored on exactly the same test clips at its own threshold and printed beside each figure.
/// </summary>
public static class RepositoryEvaluation
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>A model scored beside the recipe: its name, score function and decision threshold.</summary>
    public sealed record Reference(string Name, Func<SpeechRow, double> Score, double Threshold);

    /// <summary>One held-out test clip: its score and the threshold it is judged at.</summary>
    public readonly record struct Scored(SpeechRow Row, double Score, double Threshold);

    public static string Run(IReadOnlyList<SpeechRow> train, IReadOnlyList<(string Condition, List<SpeechRow> Rows)> tests, IReadOnlyList<string> repositories, SpeechTrainingOptions options, Reference? reference, Action<string>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(tests);
        ArgumentNullException.ThrowIfNull(repositories);
        ArgumentNullException.ThrowIfNull(options);
        var allRows = tests.SelectMany(t => t.Rows).Concat(train).ToList();
        var known = allRows.Select(r => r.Folder).ToHashSet(StringComparer.Ordinal);
        var unknown = repositories.SelectMany(RealSourceHoldout.Folders).Where(s => !known.Contains(s)).ToList();
        if (unknown.Count > 0)
        {
            throw new ArgumentException($"no clips from {string.Join(", ", unknown)}; folders here: {string.Join(", ", known.Order(StringComparer.Ordinal))}");
        }

        var clips = allRows.Select(r => (r.IsFake, r.Family, r.Folder, r.Group)).Distinct().ToList();
        IReadOnlyList<(int Components, int Frames)> arms = !options.TrainGmm ? [] : options.GmmArms ?? [(options.GmmComponents, options.MaxGmmFrames)];
        var k = repositories.Count;
        var folds = new Fold?[k];
        Parallel.For(0, k, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, options.Threads), CancellationToken = cancellationToken }, f =>
        {
            var split = new RepositoryHoldout(repositories[f], clips);
            var trainRows = train.Where(r => split.InTraining(r.Folder, r.Group)).ToList();
            progress?.Invoke($"leave-one-repository-out: without {repositories[f]} ({split.HeldGroups.Count} voice groups), training on {trainRows.Count} rows");
            var watch = System.Diagnostics.Stopwatch.StartNew();
            var model = CalibratedTraining.Train(trainRows.Select(r => r.Features).ToList(), trainRows.Select(r => r.IsFake).ToList(), trainRows.Select(r => r.Group).ToList(), options.Kind, options.Calibration, options.TargetFpr, options.Folds, options.Seed, SpeechModelTrainer.Weights(trainRows, options.RowWeights), cancellationToken);
            var fold = new Fold(repositories[f], trainRows.Count, model.Threshold);
            fold.Seconds.Add(("LightGBM", watch.Elapsed.TotalSeconds));
            foreach (var t in tests)
            {
                var rows = t.Rows.Where(r => split.InTest(r.Folder)).ToList();
                fold.Recipe.Add(rows.Select(r => new Scored(r, model.Probability(r.Features), model.Threshold)).ToList());
                fold.Reference.Add(reference is null ? [] : rows.Select(r => new Scored(r, reference.Score(r), reference.Threshold)).ToList());
            }

            foreach (var arm in arms)
            {
                watch.Restart();
                var heads = GmmHeads(trainRows, model, arm, tests.Select(t => t.Rows.Where(r => split.InTest(r.Folder)).ToList()).ToList(), options, cancellationToken);
                fold.Gmm.Add(heads.Gmm);
                fold.Fused.Add(heads.Fused);
                fold.Seconds.Add((ArmName(arm), watch.Elapsed.TotalSeconds));
                progress?.Invoke($"  {repositories[f]}: LFCC-GMM {ArmName(arm)} in {watch.Elapsed.TotalSeconds:0} s wall, " + string.Join("; ", tests.Select((t, c) => $"{t.Condition} GMM EER {SpeechEvaluation.Pct(Eer(heads.Gmm[c]))} fused EER {SpeechEvaluation.Pct(Eer(heads.Fused[c]))}")));
            }

            folds[f] = fold;
            progress?.Invoke($"  {repositories[f]}: threshold {model.Threshold.ToString("0.000", Inv)}, " + string.Join("; ", tests.Select((t, c) => $"{t.Condition} FPR {SpeechEvaluation.Pct(Rate(fold.Recipe[c], fake: false))} TPR {SpeechEvaluation.Pct(Rate(fold.Recipe[c], fake: true))} EER {SpeechEvaluation.Pct(Eer(fold.Recipe[c]))}")));
        });

        var done = folds.Where(f => f is not null).Select(f => f!).ToList();
        var heads = new List<(string Name, Func<Fold, int, List<Scored>> Get)> { ("recipe", (f, c) => f.Recipe[c]) };
        if (reference is not null)
        {
            heads.Add((reference.Name, (f, c) => f.Reference[c]));
        }

        for (var a = 0; a < arms.Count; a++)
        {
            var arm = a;
            heads.Add(($"GMM {ArmName(arms[a])}", (f, c) => f.Gmm[arm][c]));
            heads.Add(($"fused {ArmName(arms[a])}", (f, c) => f.Fused[arm][c]));
        }

        var columns = tests.SelectMany((t, c) => heads.Select(h => (Label: $"{h.Name}, {t.Condition}", Get: (Func<Fold, List<Scored>>)(f => h.Get(f, c))))).ToList();
        List<Scored> Pooled(Func<Fold, List<Scored>> get) => done.SelectMany(get).ToList();
        var sb = new StringBuilder();
        sb.AppendLine("Each held-out clip is judged at the threshold of the model that scored it (the fold's calibrated threshold for the recipe" + (reference is null ? ")." : $"; {reference.Name}'s own {reference.Threshold.ToString("0.000", Inv)})."));
        sb.AppendLine();
        sb.AppendLine("| summary | " + string.Join(" | ", columns.Select(c => c.Label)) + " |");
        sb.AppendLine("|---|" + string.Concat(Enumerable.Repeat("---|", columns.Count)));
        sb.AppendLine("| pooled EER (every held-out clip) | " + string.Join(" | ", columns.Select(c => SpeechEvaluation.Pct(Eer(Pooled(c.Get))))) + " |");
        sb.AppendLine("| mean per-system EER (each system against every held-out real clip) | " + string.Join(" | ", columns.Select(c => SpeechEvaluation.Pct(Mean(SystemEers(Pooled(c.Get)).Select(s => s.Eer))))) + " |");
        sb.AppendLine("| pooled FPR at the threshold (every held-out real clip) | " + string.Join(" | ", columns.Select(c => SpeechEvaluation.Pct(Rate(Pooled(c.Get), fake: false)))) + " |");
        sb.AppendLine("| mean FPR over held-out repositories with real clips | " + string.Join(" | ", columns.Select(c => SpeechEvaluation.Pct(Mean(done.Select(f => Rate(c.Get(f), fake: false)))))) + " |");
        sb.AppendLine("| pooled TPR at the threshold (every held-out synthetic clip) | " + string.Join(" | ", columns.Select(c => SpeechEvaluation.Pct(Rate(Pooled(c.Get), fake: true)))) + " |");
        sb.AppendLine();
        sb.AppendLine("| held-out repository | real | synthetic | train rows | threshold | " + string.Join(" | ", columns.Select(c => $"FPR / TPR / EER, {c.Label}")) + " |");
        sb.AppendLine("|---|---|---|---|---|" + string.Concat(Enumerable.Repeat("---|", columns.Count)));
        foreach (var f in done)
        {
            var first = f.Recipe.Count > 0 ? f.Recipe[0] : [];
            sb.Append(Inv, $"| {f.Repository} | {first.Count(s => !s.Row.IsFake)} | {first.Count(s => s.Row.IsFake)} | {f.TrainRows} | {f.Threshold.ToString("0.000", Inv)} |");
            foreach (var c in columns)
            {
                var s = c.Get(f);
                sb.Append(Inv, $" {SpeechEvaluation.Pct(Rate(s, fake: false))} / {SpeechEvaluation.Pct(Rate(s, fake: true))} / {SpeechEvaluation.Pct(Eer(s))} |");
            }

            sb.AppendLine();
        }

        if (arms.Count > 0)
        {
            sb.AppendLine();
            sb.AppendLine("| held-out repository | " + string.Join(" | ", done[0].Seconds.Select(x => $"wall s, {x.Name}")) + " |");
            sb.AppendLine("|---|" + string.Concat(Enumerable.Repeat("---|", done[0].Seconds.Count)));
            foreach (var f in done)
            {
                sb.AppendLine($"| {f.Repository} | " + string.Join(" | ", f.Seconds.Select(x => x.Seconds.ToString("0", Inv))) + " |");
            }
        }

        sb.AppendLine();
        var perColumn = columns.Select(c => SystemEers(Pooled(c.Get)).ToDictionary(s => s.System, StringComparer.Ordinal)).ToList();
        var systems = done.SelectMany(f => f.Recipe.Count > 0 ? f.Recipe[0] : []).Where(s => s.Row.IsFake)
            .GroupBy(s => s.Row.Family).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).ToList();
        sb.AppendLine("| system | clips | repositories | " + string.Join(" | ", columns.Select(c => $"EER / TPR, {c.Label}")) + " |");
        sb.AppendLine("|---|---|---|" + string.Concat(Enumerable.Repeat("---|", columns.Count)));
        foreach (var g in systems)
        {
            sb.Append(Inv, $"| {g.Key} | {g.Count()} | {string.Join(", ", g.Select(s => s.Row.Folder).Distinct().Order(StringComparer.Ordinal))} |");
            foreach (var p in perColumn)
            {
                var e = p.TryGetValue(g.Key, out var v) ? v : (System: g.Key, Eer: double.NaN, Tpr: double.NaN);
                sb.Append(Inv, $" {SpeechEvaluation.Pct(e.Eer)} / {SpeechEvaluation.Pct(e.Tpr)} |");
            }

            sb.AppendLine();
        }

        return sb.ToString();
    }

    /// <summary>Share of one class's clips at or above the threshold each was judged at (NaN without such clips).</summary>
    public static double Rate(IReadOnlyList<Scored> scored, bool fake)
    {
        ArgumentNullException.ThrowIfNull(scored);
        var ok = scored.Where(s => s.Row.IsFake == fake && !double.IsNaN(s.Score)).ToList();
        return ok.Count == 0 ? double.NaN : ok.Count(s => s.Score >= s.Threshold) / (double)ok.Count;
    }

    /// <summary>EER of a scored set (NaN unless both classes are present).</summary>
    public static double Eer(IReadOnlyList<Scored> scored)
    {
        ArgumentNullException.ThrowIfNull(scored);
        return scored.Any(s => s.Row.IsFake) && scored.Any(s => !s.Row.IsFake) ? SpeechEvaluation.Eer(scored.Select(s => (s.Score, s.Row.IsFake))) : double.NaN;
    }

    /// <summary>Per system: EER of its clips against every real clip of the set, and its TPR at the thresholds.</summary>
    public static List<(string System, double Eer, double Tpr)> SystemEers(IReadOnlyList<Scored> scored)
    {
        ArgumentNullException.ThrowIfNull(scored);
        var real = scored.Where(s => !s.Row.IsFake).ToList();
        return scored.Where(s => s.Row.IsFake).GroupBy(s => s.Row.Family).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => (g.Key, real.Count == 0 ? double.NaN : Eer(real.Concat(g).ToList()), Rate(g.ToList(), fake: true))).ToList();
    }

    private static double Mean(IEnumerable<double> values)
    {
        var ok = values.Where(v => !double.IsNaN(v)).ToList();
        return ok.Count == 0 ? double.NaN : ok.Average();
    }

    /// <summary>Parses <c>--gmm-arms</c>: "64:20000,256:500000" → (64, 20 000), (256, 500 000); null or empty → null.</summary>
    public static IReadOnlyList<(int Components, int Frames)>? ParseGmmArms(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        return text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(a =>
        {
            var parts = a.Split(':');
            return parts.Length == 2 && int.TryParse(parts[0], NumberStyles.None, Inv, out var k) && int.TryParse(parts[1], NumberStyles.None, Inv, out var n) && k >= 1 && n >= k
                ? (k, n)
                : throw new ArgumentException($"--gmm-arms: '{a}' is not components:frames (two positive integers, frames ≥ components), e.g. 256:500000");
        }).ToList();
    }

    /// <summary>"256 × 500k": components and the cap on frames per class.</summary>
    public static string ArmName((int Components, int Frames) arm) =>
        arm.Frames >= 1_000_000 && arm.Frames % 1_000_000 == 0 ? $"{arm.Components} × {arm.Frames / 1_000_000}M" : arm.Frames % 1000 == 0 ? $"{arm.Components} × {arm.Frames / 1000}k" : $"{arm.Components} × {arm.Frames}";

    /// <summary>
    /// One GMM arm of a fold: the LFCC-GMM pair trained on the fold's training rows (at most <c>arm.Frames</c> frames per
    /// class) scores the held-out rows; its threshold is where <see cref="SpeechTrainingOptions.TargetFpr"/> of the fold's
    /// training real rows score above (in-sample: the GMM saw those frames, so this threshold sits lower than an
    /// out-of-fold one would). The fused head is the mean of two percentile ranks among the training real rows — the
    /// LightGBM probability against its out-of-fold real probabilities, the GMM score against the training real rows'
    /// GMM scores — with its threshold at the same FPR of the training real rows' own fused scores.
    /// </summary>
    internal static (List<List<Scored>> Gmm, List<List<Scored>> Fused) GmmHeads(IReadOnlyList<SpeechRow> trainRows, CalibratedModel model, (int Components, int Frames) arm, IReadOnlyList<List<SpeechRow>> tests, SpeechTrainingOptions options, CancellationToken cancellationToken)
    {
        var pair = SpeechModelTrainer.TrainGmm(trainRows, options with { GmmComponents = arm.Components, MaxGmmFrames = arm.Frames }, null, cancellationToken);
        var realIndex = Enumerable.Range(0, trainRows.Count).Where(i => !trainRows[i].IsFake && trainRows[i].Frames.Length > 0).ToList();
        var realGmm = realIndex.Select(i => pair.Score(trainRows[i].Frames)).ToArray();
        var refGmm = realGmm.Order().ToArray();
        var refModel = model.RealReference.ToArray();
        var oof = model.OutOfFoldProbabilities;
        var realFused = realIndex.Select((i, k) => 0.5 * (SpeechEvaluation.Rank(refModel, oof.Length > i ? oof[i] : double.NaN) + SpeechEvaluation.Rank(refGmm, realGmm[k]))).Where(v => !double.IsNaN(v)).ToList();
        var noFake = new bool[Math.Max(realGmm.Length, realFused.Count)];
        var gmmThreshold = BinaryMetrics.ThresholdAtFpr(realGmm, noFake, options.TargetFpr);
        var fusedThreshold = BinaryMetrics.ThresholdAtFpr(realFused, noFake, options.TargetFpr);
        var gmm = new List<List<Scored>>();
        var fused = new List<List<Scored>>();
        foreach (var rows in tests)
        {
            var g = rows.Select(r => pair.Score(r.Frames)).ToArray();
            gmm.Add(rows.Select((r, i) => new Scored(r, g[i], gmmThreshold)).ToList());
            fused.Add(rows.Select((r, i) => new Scored(r, 0.5 * (SpeechEvaluation.Rank(refModel, model.Probability(r.Features)) + SpeechEvaluation.Rank(refGmm, g[i])), fusedThreshold)).ToList());
        }

        return (gmm, fused);
    }

    private sealed record Fold(string Repository, int TrainRows, double Threshold)
    {
        public List<List<Scored>> Recipe { get; } = [];

        public List<List<Scored>> Reference { get; } = [];

        public List<List<List<Scored>>> Gmm { get; } = [];

        public List<List<List<Scored>>> Fused { get; } = [];

        public List<(string Name, double Seconds)> Seconds { get; } = [];
    }
}
