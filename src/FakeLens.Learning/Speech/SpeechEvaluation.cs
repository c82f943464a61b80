using System.Globalization;
using System.Text;
using FakeLens.Learning.Evaluation;
using FakeLens.Learning.Validation;

namespace FakeLens.Learning.Speech;

/// <summary>
/// The tables <c>eval speech</c> prints: overall EER/AUC and accuracy at the threshold, per folder, per voice (voices
/// with both real and fake clips), per codec, the voice-matched subset, and leave-one-system-out. Every table shows
/// the utterance model (LightGBM) and the LFCC-GMM baseline side by side.
/// </summary>
public static class SpeechEvaluation
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>Scores of one evaluation condition: rows, model score (probability or margin), GMM score (NaN when absent).</summary>
    public sealed record Scored(string Condition, IReadOnlyList<SpeechRow> Rows, IReadOnlyList<double> Model, IReadOnlyList<double> Gmm);

    public static string Pct(double v) => double.IsNaN(v) ? "—" : (100 * v).ToString("0.0", Inv) + " %";

    public static double Eer(IEnumerable<(double Score, bool Fake)> items)
    {
        var list = items.Where(i => !double.IsNaN(i.Score)).ToList();
        return list.Count == 0 ? double.NaN : BinaryMetrics.Eer(list.Select(i => i.Score).ToList(), list.Select(i => i.Fake).ToList()).Eer;
    }

    /// <summary>Overall, per-folder, per-voice and matched-subset tables for one condition at <paramref name="threshold"/>.</summary>
    public static string Report(Scored s, double threshold)
    {
        ArgumentNullException.ThrowIfNull(s);
        var sb = new StringBuilder();
        var idx = Enumerable.Range(0, s.Rows.Count).ToList();
        var p = idx.Select(i => s.Model[i]).ToList();
        var y = idx.Select(i => s.Rows[i].IsFake).ToList();
        sb.AppendLine(Inv, $"### Condition: {s.Condition}\n");
        sb.AppendLine("| subset | real | fake | EER model | AUC model | accuracy at threshold | TPR | FPR | EER LFCC-GMM |");
        sb.AppendLine("|---|---|---|---|---|---|---|---|---|");
        void Row(string name, List<int> subset)
        {
            var sp = subset.Select(i => s.Model[i]).ToList();
            var sy = subset.Select(i => s.Rows[i].IsFake).ToList();
            var both = sy.Contains(true) && sy.Contains(false);
            sb.AppendLine(Inv, $"| {name} | {sy.Count(v => !v)} | {sy.Count(v => v)} | {(both ? Pct(Eer(subset.Select(i => (s.Model[i], s.Rows[i].IsFake)))) : "—")} | " +
                $"{(both ? BinaryMetrics.Auc(sp, sy).ToString("0.000", Inv) : "—")} | {Pct(BinaryMetrics.Accuracy(sp, sy, threshold))} | " +
                $"{(sy.Contains(true) ? Pct(BinaryMetrics.TprAtThreshold(sp, sy, threshold)) : "—")} | {(sy.Contains(false) ? Pct(BinaryMetrics.FprAtThreshold(sp, sy, threshold)) : "—")} | " +
                $"{(both ? Pct(Eer(subset.Select(i => (s.Gmm[i], s.Rows[i].IsFake)))) : "—")} |");
        }

        Row("**all**", idx);
        var matched = idx.Where(i => s.Rows[i].Sample.IsMatched).ToList();
        if (matched.Count > 0)
        {
            Row("**voice-matched (vits-demo)**", matched);
        }

        foreach (var g in idx.GroupBy(i => s.Rows[i].Folder).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            Row(g.Key, g.ToList());
        }

        var voices = idx.GroupBy(i => s.Rows[i].Group).Where(g => g.Any(i => s.Rows[i].IsFake) && g.Any(i => !s.Rows[i].IsFake)).OrderBy(g => g.Key, StringComparer.Ordinal).ToList();
        if (voices.Count > 0)
        {
            sb.AppendLine("\nVoices with both real and fake clips (the model cannot answer by recognising the voice):\n");
            sb.AppendLine("| voice | real | fake | EER model | EER LFCC-GMM | real called fake | fake caught |");
            sb.AppendLine("|---|---|---|---|---|---|---|");
            foreach (var g in voices)
            {
                var sub = g.ToList();
                var sp = sub.Select(i => s.Model[i]).ToList();
                var sy = sub.Select(i => s.Rows[i].IsFake).ToList();
                sb.AppendLine(Inv, $"| {g.Key} | {sy.Count(v => !v)} | {sy.Count(v => v)} | {Pct(Eer(sub.Select(i => (s.Model[i], s.Rows[i].IsFake))))} | {Pct(Eer(sub.Select(i => (s.Gmm[i], s.Rows[i].IsFake))))} | " +
                    $"{Pct(BinaryMetrics.FprAtThreshold(sp, sy, threshold))} | {Pct(BinaryMetrics.TprAtThreshold(sp, sy, threshold))} |");
            }
        }

        return sb.ToString();
    }

    /// <summary>One line per condition: EER of both models on all clips and on the voice-matched subset.</summary>
    public static string CodecTable(IReadOnlyList<Scored> conditions, double threshold)
    {
        ArgumentNullException.ThrowIfNull(conditions);
        var sb = new StringBuilder();
        sb.AppendLine("| codec (both classes) | EER model | accuracy at threshold | EER LFCC-GMM | matched EER model | matched EER LFCC-GMM |");
        sb.AppendLine("|---|---|---|---|---|---|");
        foreach (var s in conditions)
        {
            var all = Enumerable.Range(0, s.Rows.Count).ToList();
            var m = all.Where(i => s.Rows[i].Sample.IsMatched).ToList();
            sb.AppendLine(Inv, $"| {s.Condition} | {Pct(Eer(all.Select(i => (s.Model[i], s.Rows[i].IsFake))))} | " +
                $"{Pct(BinaryMetrics.Accuracy(all.Select(i => s.Model[i]).ToList(), all.Select(i => s.Rows[i].IsFake).ToList(), threshold))} | " +
                $"{Pct(Eer(all.Select(i => (s.Gmm[i], s.Rows[i].IsFake))))} | {Pct(Eer(m.Select(i => (s.Model[i], s.Rows[i].IsFake))))} | {Pct(Eer(m.Select(i => (s.Gmm[i], s.Rows[i].IsFake))))} |");
        }

        return sb.ToString();
    }

    /// <summary>
    /// Out-of-fold scores: folds by voice group (<paramref name="folds"/>), models trained on the (augmented)
    /// training rows of the other folds, applied to each condition's test rows of this fold.
    /// </summary>
    public static List<Scored> CrossValidate(IReadOnlyList<SpeechSample> samples, IReadOnlyList<SpeechRow> train, IReadOnlyList<(string Condition, List<SpeechRow> Rows)> tests, SpeechTrainingOptions options, Action<string>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(samples);
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(tests);
        ArgumentNullException.ThrowIfNull(options);
        var assignment = Folds.Grouped(samples.Select(s => s.Group).ToList(), samples.Select(s => s.IsFake).ToList(), options.Folds, options.Seed);
        var foldOf = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < samples.Count; i++)
        {
            foldOf.TryAdd(samples[i].Group, assignment[i]);
        }

        var model = tests.Select(t => Enumerable.Repeat(double.NaN, t.Rows.Count).ToArray()).ToList();
        var gmm = tests.Select(t => Enumerable.Repeat(double.NaN, t.Rows.Count).ToArray()).ToList();
        for (var f = 0; f < options.Folds; f++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var fold = f;
            var trainRows = train.Where(r => foldOf[r.Group] != fold).ToList();
            if (!trainRows.Any(r => r.IsFake) || trainRows.All(r => r.IsFake))
            {
                continue;
            }

            progress?.Invoke($"cross-validation fold {f + 1}/{options.Folds}: training on {trainRows.Count} rows");
            var classifier = SpeechModelTrainer.TrainClassifier(trainRows, options);
            var pair = options.TrainGmm ? SpeechModelTrainer.TrainGmm(trainRows, options, progress, cancellationToken) : null;
            for (var c = 0; c < tests.Count; c++)
            {
                var rows = tests[c].Rows;
                for (var i = 0; i < rows.Count; i++)
                {
                    if (foldOf[rows[i].Group] == fold)
                    {
                        model[c][i] = classifier.Score(rows[i].Features);
                        gmm[c][i] = pair?.Score(rows[i].Frames) ?? double.NaN;
                    }
                }
            }
        }

        return tests.Select((t, c) => new Scored(t.Condition, t.Rows, model[c], gmm[c])).ToList();
    }

    /// <summary>
    /// Leave one synthetic system out (<see cref="SystemHoldout"/>): for each system S the models are trained without S
    /// and without every voice S used, on the real voices of half A; they are tested on S against real clips never
    /// trained on (half B and S's own voices). Per system: EER against all those real clips and, where S's voices have
    /// real recordings, the voice-matched EER. Last rows: the pooled EER over all held-out tests and the mean.
    /// </summary>
    public static string LeaveOneSystemOut(IReadOnlyList<SpeechRow> train, IReadOnlyList<(string Condition, List<SpeechRow> Rows)> tests, SpeechTrainingOptions options, Action<string>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(tests);
        ArgumentNullException.ThrowIfNull(options);
        var all = tests.SelectMany(t => t.Rows).Concat(train).Select(r => (r.IsFake, r.Family, r.Group)).ToList();
        var families = tests.SelectMany(t => t.Rows).Where(r => r.IsFake && r.Family != "vocoded").Select(r => r.Family).Distinct().Order(StringComparer.Ordinal).ToList();
        var sb = new StringBuilder();
        sb.Append("| held-out system | train rows | test real | test fake |");
        foreach (var t in tests)
        {
            sb.Append(Inv, $" EER model, {t.Condition} | EER LFCC-GMM, {t.Condition} | matched EER GMM, {t.Condition} |");
        }

        sb.AppendLine();
        sb.Append("|---|---|---|---|");
        foreach (var _ in tests)
        {
            sb.Append("---|---|---|");
        }

        sb.AppendLine();
        var pooled = tests.Select(_ => (Model: new List<(double, bool)>(), Gmm: new List<(double, bool)>(), MatchedGmm: new List<(double, bool)>())).ToList();
        var perSystem = tests.Select(_ => (Model: new List<double>(), Gmm: new List<double>())).ToList();

        // Systems train in parallel (each fit is mostly single-threaded); results are assembled in system order.
        var results = new (string Line, List<(List<(double, bool)> M, List<(double, bool)> G, List<(double, bool)> Mg, double Em, double Eg)> PerTest)?[families.Count];
        Parallel.For(0, families.Count, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, options.Threads), CancellationToken = cancellationToken }, fi =>
        {
            var family = families[fi];
            var split = new SystemHoldout(family, all, options.Seed);
            var trainRows = train.Where(r => split.InTraining(r.IsFake, r.Family, r.Group)).ToList();
            if (!trainRows.Any(r => r.IsFake) || trainRows.All(r => r.IsFake))
            {
                return;
            }

            progress?.Invoke($"leave-one-system-out: without {family} and its {split.HeldGroups.Count} voice group(s), training on {trainRows.Count} rows");
            var classifier = SpeechModelTrainer.TrainClassifier(trainRows, options);
            var pair = options.TrainGmm ? SpeechModelTrainer.TrainGmm(trainRows, options, null, cancellationToken) : null;
            var first = tests[0].Rows.Where(r => split.InTest(r.IsFake, r.Family, r.Group)).ToList();
            var line = new StringBuilder();
            line.Append(Inv, $"| {family} | {trainRows.Count} | {first.Count(r => !r.IsFake)} | {first.Count(r => r.IsFake)} |");
            var perTest = new List<(List<(double, bool)>, List<(double, bool)>, List<(double, bool)>, double, double)>();
            foreach (var t in tests)
            {
                var rows = t.Rows.Where(r => split.InTest(r.IsFake, r.Family, r.Group)).ToList();
                var ms = rows.Select(r => (classifier.Score(r.Features), r.IsFake)).ToList();
                var gs = pair is null ? [] : rows.Select(r => (pair.Score(r.Frames), r.IsFake)).ToList();
                var matched = pair is null ? [] : rows.Where(r => split.HeldGroups.Contains(r.Group)).Select(r => (pair.Score(r.Frames), r.IsFake)).ToList();
                var (m, g, mg) = (Eer(ms), Eer(gs), matched.Any(x => !x.IsFake) ? Eer(matched) : double.NaN);
                line.Append(Inv, $" {Pct(m)} | {Pct(g)} | {Pct(mg)} |");
                perTest.Add((ms, gs, matched, m, g));
            }

            results[fi] = (line.ToString(), perTest);
            progress?.Invoke("  " + line);
        });
        foreach (var r in results)
        {
            if (r is not { } result)
            {
                continue;
            }

            sb.AppendLine(result.Line);
            for (var c = 0; c < tests.Count; c++)
            {
                var (m, g, mg, em, eg) = result.PerTest[c];
                pooled[c].Model.AddRange(m);
                pooled[c].Gmm.AddRange(g);
                pooled[c].MatchedGmm.AddRange(mg);
                perSystem[c].Model.Add(em);
                perSystem[c].Gmm.Add(eg);
            }
        }

        sb.Append("| **pooled (every held-out test together)** | | | |");
        for (var c = 0; c < tests.Count; c++)
        {
            sb.Append(Inv, $" **{Pct(Eer(pooled[c].Model))}** | **{Pct(Eer(pooled[c].Gmm))}** | **{Pct(Eer(pooled[c].MatchedGmm))}** |");
        }

        sb.AppendLine();
        sb.Append("| mean of the per-system EERs | | | |");
        for (var c = 0; c < tests.Count; c++)
        {
            sb.Append(Inv, $" {Pct(Mean(perSystem[c].Model))} | {Pct(Mean(perSystem[c].Gmm))} | |");
        }

        sb.AppendLine();
        return sb.ToString();
    }

    private static double Mean(List<double> values)
    {
        var ok = values.Where(v => !double.IsNaN(v)).ToList();
        return ok.Count == 0 ? double.NaN : ok.Average();
    }
}
