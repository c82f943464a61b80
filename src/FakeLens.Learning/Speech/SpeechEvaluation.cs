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
            Row($"**voice-matched ({string.Join(", ", matched.Select(i => s.Rows[i].Folder).Distinct().Order(StringComparer.Ordinal))})**", matched);
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
    /// Multi-condition training rows: every test condition's rows, or only those of <paramref name="conditions"/>
    /// (condition names, e.g. "clean", "mp3 64k") when it is not empty — so one run can train a recipe on clean + MP3
    /// and still test it on a codec it never trained on (Opus, AAC). A named condition that is not tested is an error.
    /// </summary>
    public static List<SpeechRow> MultiConditionTraining(IReadOnlyList<(string Condition, List<SpeechRow> Rows)> tests, IReadOnlyCollection<string> conditions)
    {
        ArgumentNullException.ThrowIfNull(tests);
        ArgumentNullException.ThrowIfNull(conditions);
        var missing = conditions.Where(c => !tests.Any(t => t.Condition == c)).ToList();
        if (missing.Count > 0)
        {
            throw new ArgumentException($"training condition {string.Join(", ", missing)} is not among the test conditions ({string.Join(", ", tests.Select(t => t.Condition))}); list it in --codecs too.");
        }

        return tests.Where(t => conditions.Count == 0 || conditions.Contains(t.Condition)).SelectMany(t => t.Rows).ToList();
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
    /// Feature families of the utterance vector (<see cref="Audio.Features.UtteranceFeatures"/>): column ranges that
    /// the leave-one-system-out family table trains a LightGBM on, one family at a time.
    /// </summary>
    public static IReadOnlyList<(string Name, int[] Columns)> FeatureFamilies { get; } = BuildFamilies();

    /// <summary>Short keys of <see cref="FeatureFamilies"/>, in the same order (for <c>eval speech --family-set</c>).</summary>
    public static IReadOnlyList<string> FamilyKeys { get; } = ["lfcc", "shape", "phase", "prosody", "pauses", "cues", "subband", "modulation", "v1", "lfcc+st"];

    private static List<(string Name, int[] Columns)> BuildFamilies()
    {
        var lfcc = Audio.Features.UtteranceFeatures.CountV1 - Audio.Cues.SpeechCues.ModelNames.Count;
        var subband = Audio.Features.UtteranceFeatures.CountV1;
        var nSub = Audio.Features.SpectroTemporalFeatures.SubBandNames.Count;
        var modulation = subband + nSub;
        var nMod = Audio.Features.SpectroTemporalFeatures.ModulationNames.Count;
        int Cue(string name)
        {
            var i = Audio.Cues.SpeechCues.ModelNames.ToList().IndexOf("cue." + name);
            return i < 0 ? throw new InvalidOperationException("unknown cue " + name) : lfcc + i;
        }

        return
        [
            ("LFCC statistics (mean, sd, percentiles of 60 dims)", Enumerable.Range(0, lfcc).ToArray()),
            ("spectral shape (flatness 0.1–4 kHz, 4–8 kHz sub-band level)", [Cue("flatness_mean"), Cue("flatness_std"), Cue("highband4k_db_mean"), Cue("highband4k_db_std")]),
            ("phase (group-delay irregularity)", [Cue("group_delay_mean"), Cue("group_delay_std")]),
            ("prosody (F0 spread, jitter, shimmer, energy sd)", [Cue("f0_std_semitones"), Cue("jitter"), Cue("shimmer"), Cue("energy_std_db")]),
            ("VAD-derived pauses (voiced fraction, pause level, digital silence, repeated frames)", [Cue("voiced_fraction"), Cue("pause_level_db"), Cue("digital_silence"), Cue("repeated_fraction")]),
            ("all 14 cues (no LFCC)", Enumerable.Range(lfcc, Audio.Cues.SpeechCues.ModelNames.Count).ToArray()),
            ("sub-band above 4 kHz (level, flatness, change of each 1 kHz band)", Enumerable.Range(subband, nSub).ToArray()),
            ("long-term modulation (8 bands × 5 modulation ranges)", Enumerable.Range(modulation, nMod).ToArray()),
            ("v1 vector (LFCC statistics + 14 cues; what v3 used)", Enumerable.Range(0, Audio.Features.UtteranceFeatures.CountV1).ToArray()),
            ("LFCC statistics + sub-band + modulation (no cues)", Enumerable.Range(0, lfcc).Concat(Enumerable.Range(subband, nSub + nMod)).ToArray()),
        ];
    }

    /// <summary>Heads compared in leave-one-system-out: the utterance LightGBM, the LFCC-GMM, and their fusion.</summary>
    public static IReadOnlyList<string> Heads { get; } = ["LightGBM", "LFCC-GMM", "fused"];

    /// <summary>
    /// Leave one synthetic system out (<see cref="SystemHoldout"/>): for each system S the models are trained without S
    /// and without every voice S used, on the real voices of half A; they are tested on S against real clips never
    /// trained on (half B and S's own voices), under every test condition. Per system and condition: EER of the
    /// LightGBM, the LFCC-GMM and the fused head (mean of both scores' percentile ranks among the training rows' scores,
    /// so neither scale dominates), and the voice-matched EER of the GMM and the fused head. With
    /// <paramref name="featureFamilies"/>, a LightGBM per <see cref="FeatureFamilies"/> entry is trained on that family
    /// alone and summarised in a second table. Summary rows: pooled EER over all held-out tests and the mean of the
    /// per-system EERs, per condition and over all conditions together (the figure that chooses what decides).
    /// </summary>
    public static string LeaveOneSystemOut(IReadOnlyList<SpeechRow> train, IReadOnlyList<(string Condition, List<SpeechRow> Rows)> tests, SpeechTrainingOptions options, Action<string>? progress, CancellationToken cancellationToken, bool featureFamilies = false, IReadOnlyCollection<string>? familySet = null)
    {
        var unknown = familySet?.Where(k => !FamilyKeys.Contains(k)).ToList() ?? [];
        if (unknown.Count > 0)
        {
            throw new ArgumentException($"unknown feature famil{(unknown.Count == 1 ? "y" : "ies")} {string.Join(", ", unknown)}; known: {string.Join(", ", FamilyKeys)}");
        }

        var chosen = featureFamilies ? Enumerable.Range(0, FeatureFamilies.Count).Where(k => familySet is null || familySet.Contains(FamilyKeys[k])).Select(k => FeatureFamilies[k]).ToArray() : [];
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(tests);
        ArgumentNullException.ThrowIfNull(options);
        var all = tests.SelectMany(t => t.Rows).Concat(train).Select(r => (r.IsFake, r.Family, r.Group)).ToList();
        var families = tests.SelectMany(t => t.Rows).Where(r => r.IsFake && r.Family != "vocoded").Select(r => r.Family).Distinct().Order(StringComparer.Ordinal).ToList();
        var nHeads = Heads.Count;
        var nFam = chosen.Length;

        // results[system][condition][head] = test scores; matched[system][condition][head] (GMM and fused only used).
        var results = new LooResult?[families.Count];
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
            var famModels = new List<FakeLens.Learning.Classifiers.FeatureClassifier>();
            var weights = SpeechModelTrainer.Weights(trainRows, options.RowWeights);
            for (var k = 0; k < nFam; k++)
            {
                var cols = chosen[k].Columns;
                famModels.Add(FakeLens.Learning.Classifiers.FeatureClassifier.Train(trainRows.Select(r => Project(r.Features, cols)).ToList(), trainRows.Select(r => r.IsFake).ToList(), options.Kind, options.Seed, weights));
            }

            // Reference scores for the fused head's percentile ranks: a fixed random subset of the training rows.
            var reference = trainRows.OrderBy(r => StableKey(r.Sample.Path + "|" + r.Codec, options.Seed)).Take(600).ToList();
            var refModel = reference.Select(r => classifier.Score(r.Features)).Order().ToArray();
            var refGmm = pair is null ? [] : reference.Select(r => pair.Score(r.Frames)).Order().ToArray();
            var result = new LooResult(family, trainRows.Count, split.HeldGroups);
            foreach (var t in tests)
            {
                var rows = t.Rows.Where(r => split.InTest(r.IsFake, r.Family, r.Group)).ToList();
                var m = rows.Select(r => classifier.Score(r.Features)).ToArray();
                var g = rows.Select(r => pair?.Score(r.Frames) ?? double.NaN).ToArray();
                var f = pair is null ? m.Select(_ => double.NaN).ToArray() : m.Select((v, i) => 0.5 * (Rank(refModel, v) + Rank(refGmm, g[i]))).ToArray();
                var fam = famModels.Select((c, k) => rows.Select(r => c.Score(Project(r.Features, chosen[k].Columns))).ToArray()).ToList();
                result.Conditions.Add(new LooCondition(rows, [m, g, f], fam));
            }

            results[fi] = result;
            progress?.Invoke("  " + result.Line(Inv) + (nFam == 0 ? string.Empty : " families: " + string.Join(" ; ", result.Conditions.Select(c => string.Join(" ", Enumerable.Range(0, nFam).Select(k => Pct(Eer(c.FamilyPairs(k)))))))));
        });

        var done = results.Where(r => r is not null).Select(r => r!).ToList();
        var sb = new StringBuilder();
        sb.Append("| held-out system | train rows | test real | test fake |");
        foreach (var t in tests)
        {
            sb.Append(Inv, $" LightGBM, {t.Condition} | GMM, {t.Condition} | fused, {t.Condition} | matched GMM, {t.Condition} | matched fused, {t.Condition} |");
        }

        sb.AppendLine();
        sb.Append("|---|---|---|---|").Append(string.Concat(Enumerable.Repeat("---|---|---|---|---|", tests.Count))).AppendLine();
        foreach (var r in done)
        {
            sb.AppendLine(r.Line(Inv));
        }

        // Summary: pooled and mean per-system EER per head and condition, and over all conditions together.
        sb.AppendLine();
        sb.AppendLine("| head | " + string.Join(" | ", tests.Select(t => $"mean per-system EER, {t.Condition} | pooled EER, {t.Condition}")) + " | mean per-system EER, all conditions | mean voice-matched EER, all conditions |");
        sb.AppendLine("|---|" + string.Concat(Enumerable.Repeat("---|---|", tests.Count)) + "---|---|");
        for (var h = 0; h < nHeads; h++)
        {
            var head = h;
            sb.Append(Inv, $"| {Heads[h]} |");
            var perCond = new List<double>();
            var matchedAll = new List<double>();
            for (var c = 0; c < tests.Count; c++)
            {
                var cond = c;
                var mean = Mean(done.Select(r => r.Conditions[cond].Eer(head)).ToList());
                var pooled = Eer(done.SelectMany(r => r.Conditions[cond].Pairs(head)));
                perCond.Add(mean);
                matchedAll.AddRange(done.Select(r => r.Conditions[cond].MatchedEer(head, r.HeldGroups)));
                sb.Append(Inv, $" {Pct(mean)} | {Pct(pooled)} |");
            }

            sb.AppendLine(Inv, $" **{Pct(Mean(perCond))}** | {Pct(Mean(matchedAll))} |");
        }

        if (nFam > 0)
        {
            sb.AppendLine();
            sb.AppendLine("Feature families alone (LightGBM on that family's columns only, same splits):");
            sb.AppendLine();
            sb.AppendLine("| feature family | values | " + string.Join(" | ", tests.Select(t => $"mean per-system EER, {t.Condition} | pooled EER, {t.Condition}")) + " | mean per-system EER, all conditions |");
            sb.AppendLine("|---|---|" + string.Concat(Enumerable.Repeat("---|---|", tests.Count)) + "---|");
            for (var k = 0; k < nFam; k++)
            {
                var fam = k;
                sb.Append(Inv, $"| {chosen[k].Name} | {chosen[k].Columns.Length} |");
                var perCond = new List<double>();
                for (var c = 0; c < tests.Count; c++)
                {
                    var cond = c;
                    var mean = Mean(done.Select(r => Eer(r.Conditions[cond].FamilyPairs(fam))).ToList());
                    perCond.Add(mean);
                    sb.Append(Inv, $" {Pct(mean)} | {Pct(Eer(done.SelectMany(r => r.Conditions[cond].FamilyPairs(fam))))} |");
                }

                sb.AppendLine(Inv, $" **{Pct(Mean(perCond))}** |");
            }
        }

        return sb.ToString();
    }

    private static float[] Project(float[] features, int[] columns)
    {
        var x = new float[columns.Length];
        for (var i = 0; i < columns.Length; i++)
        {
            x[i] = features[columns[i]];
        }

        return x;
    }

    /// <summary>Share of <paramref name="sorted"/> below <paramref name="v"/> (ties count half): a percentile rank in [0, 1].</summary>
    internal static double Rank(double[] sorted, double v)
    {
        if (sorted.Length == 0 || double.IsNaN(v))
        {
            return double.NaN;
        }

        var lo = 0;
        var hi = sorted.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) / 2;
            if (sorted[mid] < v)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        var below = lo;
        var upTo = below;
        while (upTo < sorted.Length && sorted[upTo] <= v)
        {
            upTo++;
        }

        return (below + (0.5 * (upTo - below))) / sorted.Length;
    }

    private static uint StableKey(string text, int seed)
    {
        var h = 2166136261u ^ (uint)seed;
        foreach (var ch in text)
        {
            h = (h ^ ch) * 16777619u;
        }

        return h;
    }

    private sealed record LooCondition(List<SpeechRow> Rows, double[][] Scores, List<double[]> Families)
    {
        public IEnumerable<(double Score, bool Fake)> Pairs(int head) => Rows.Select((r, i) => (Scores[head][i], r.IsFake));

        public IEnumerable<(double Score, bool Fake)> FamilyPairs(int family) => Rows.Select((r, i) => (Families[family][i], r.IsFake));

        public double Eer(int head) => SpeechEvaluation.Eer(Pairs(head));

        /// <summary>EER on the held-out system's own voices only (its fakes against the real recordings of those voices).</summary>
        public double MatchedEer(int head, IReadOnlySet<string> groups)
        {
            var pairs = Rows.Select((r, i) => (r, i)).Where(x => groups.Contains(x.r.Group)).Select(x => (Scores[head][x.i], x.r.IsFake)).ToList();
            return pairs.Any(p => !p.IsFake) && pairs.Any(p => p.IsFake) ? SpeechEvaluation.Eer(pairs) : double.NaN;
        }
    }

    private sealed record LooResult(string System, int TrainRows, IReadOnlySet<string> HeldGroups)
    {
        public List<LooCondition> Conditions { get; } = [];

        public string Line(IFormatProvider inv)
        {
            var first = Conditions.Count > 0 ? Conditions[0].Rows : [];
            var sb = new StringBuilder();
            sb.Append(inv, $"| {System} | {TrainRows} | {first.Count(r => !r.IsFake)} | {first.Count(r => r.IsFake)} |");
            foreach (var c in Conditions)
            {
                sb.Append(inv, $" {Pct(c.Eer(0))} | {Pct(c.Eer(1))} | {Pct(c.Eer(2))} | {Pct(c.MatchedEer(1, HeldGroups))} | {Pct(c.MatchedEer(2, HeldGroups))} |");
            }

            return sb.ToString();
        }
    }

    private static double Mean(List<double> values)
    {
        var ok = values.Where(v => !double.IsNaN(v)).ToList();
        return ok.Count == 0 ? double.NaN : ok.Average();
    }
}
