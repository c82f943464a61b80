using System.CommandLine;
using System.Globalization;
using System.Text;
using FakeLens.Faces.Learned;
using FakeLens.Learning.Classifiers;
using FakeLens.Learning.Evaluation;

namespace FakeLens.Cli.Commands;

/// <summary>
/// <c>fakelens eval face-crops-lofo --real R.csv --fake F.csv --folds FOLDS.txt</c> (round 15, an experiment): leave-one-
/// family-out scoring of face tracks measured by <c>eval face-crops</c>. FOLDS maps each source (first folder) to a fold,
/// one "source fold" pair per line; every track is scored once by a model trained on the other folds. Arms: the ResNet-18
/// face-crop features trained on real fakes vs reals ("learned"), the same features trained only on the training reals
/// against their self-blended twins ("sbi", needs rows of kind "blend" in the real file), the confound statistics alone
/// ("confound"), each with a logistic and a LightGBM head; and, given <c>--baseline</c> (path,score rows), a fixed
/// score such as faces.blend v3. Prints pooled, per-family and per-source AUC and the share above the threshold that 5 %
/// of the held-out reals exceed; <c>--scores</c> writes every held-out score.
/// </summary>
internal static class EvalFaceCropsLofoCommand
{
    private sealed record Row(string Source, string Path, string Kind, bool Fake, float[] Confound, float[] Deep)
    {
        public string Fold { get; set; } = "";
    }

    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var real = new Option<string>("--real") { Description = "eval face-crops CSV of real clips (with blend twins for the sbi arm).", Required = true };
        var fake = new Option<string>("--fake") { Description = "eval face-crops CSV of fake clips.", Required = true };
        var folds = new Option<string>("--folds") { Description = "Text file: one 'source fold' pair per line.", Required = true };
        var baseline = new Option<string?>("--baseline") { Description = "CSV of path,score: a fixed per-track score compared on the same tracks (e.g. faces.blend v3)." };
        var scoresOut = new Option<string?>("--scores") { Description = "CSV written: every held-out score per arm." };
        var seed = new Option<int>("--seed") { DefaultValueFactory = _ => 15 };
        var command = new Command("face-crops-lofo", "Leave-one-family-out AUC of face-crop features (learned, self-blend trained, confound) and a fixed baseline score, on the same folds.") { real, fake, folds, baseline, scoresOut, seed };
        command.SetAction(async (parse, ct) =>
        {
            var inv = CultureInfo.InvariantCulture;
            List<Row> rows;
            Dictionary<string, string> foldOf;
            try
            {
                rows = [.. Read(parse.GetValue(real)!, false), .. Read(parse.GetValue(fake)!, true)];
                foldOf = File.ReadAllLines(parse.GetValue(folds)!).Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#'))
                    .Select(l => l.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)).ToDictionary(p => p[0], p => p[1], StringComparer.Ordinal);
            }
            catch (Exception e) when (e is IOException or FormatException or InvalidDataException or IndexOutOfRangeException or ArgumentException)
            {
                await stderr.WriteLineAsync("fakelens eval face-crops-lofo: " + e.Message).ConfigureAwait(false);
                return 2;
            }

            foreach (var r in rows)
            {
                if (!foldOf.TryGetValue(r.Source, out var f))
                {
                    await stderr.WriteLineAsync($"fakelens eval face-crops-lofo: source {r.Source} has no fold in the folds file").ConfigureAwait(false);
                    return 2;
                }

                r.Fold = f;
            }

            var tracks = rows.Where(r => r.Kind == "clip").ToList();
            var twins = rows.Where(r => r.Kind == "blend").ToList();
            var arms = new List<(string Name, double[] Scores)>();
            var seedValue = parse.GetValue(seed);
            foreach (var kind in new[] { ClassifierKind.Logistic, ClassifierKind.LightGbm })
            {
                var k = kind == ClassifierKind.Logistic ? "logistic" : "lightgbm";
                arms.Add(($"learned/{k}", Lofo(tracks, tracks, r => r.Deep, kind, seedValue, ct)));
                if (twins.Count > 0)
                {
                    // Simulated only: the training folds' reals against their own blended twins; no real fake is seen.
                    arms.Add(($"sbi/{k}", Lofo(tracks, [.. tracks.Where(r => !r.Fake), .. twins.Select(t => t with { Fake = true, Fold = t.Fold })], r => r.Deep, kind, seedValue, ct)));
                }

                arms.Add(($"confound/{k}", Lofo(tracks, tracks, r => r.Confound, kind, seedValue, ct)));
            }

            if (parse.GetValue(baseline) is { } bp)
            {
                var fixedScores = File.ReadAllLines(bp).Skip(1).Select(l => l.Split(',')).Where(p => p.Length >= 2)
                    .GroupBy(p => p[0].Trim('"')).ToDictionary(g => g.Key, g => double.Parse(g.First()[1], inv));
                arms.Add(("baseline", tracks.Select(t => fixedScores.TryGetValue(t.Path, out var s) ? s : double.NaN).ToArray()));
            }

            await stdout.WriteAsync(Tables(tracks, arms)).ConfigureAwait(false);
            if (parse.GetValue(scoresOut) is { } so)
            {
                var sb = new StringBuilder();
                sb.AppendLine("source,path,fold,fake," + string.Join(',', arms.Select(a => a.Name)));
                for (var i = 0; i < tracks.Count; i++)
                {
                    sb.AppendLine(string.Join(',', [tracks[i].Source, "\"" + tracks[i].Path + "\"", tracks[i].Fold, tracks[i].Fake ? "1" : "0", .. arms.Select(a => a.Scores[i].ToString("R", inv))]));
                }

                await File.WriteAllTextAsync(so, sb.ToString(), ct).ConfigureAwait(false);
            }

            return 0;
        });
        return command;
    }

    /// <summary>Each test track's score from a model trained on the training rows of the other folds.</summary>
    private static double[] Lofo(List<Row> test, List<Row> train, Func<Row, float[]> features, ClassifierKind kind, int seed, CancellationToken ct)
    {
        var scores = Enumerable.Repeat(double.NaN, test.Count).ToArray();
        foreach (var fold in test.Select(t => t.Fold).Distinct().Order(StringComparer.Ordinal))
        {
            ct.ThrowIfCancellationRequested();
            var tr = train.Where(r => r.Fold != fold).ToList();
            if (tr.All(r => r.Fake) || tr.All(r => !r.Fake))
            {
                continue;
            }

            var model = FeatureClassifier.Train(tr.Select(features).ToList(), tr.Select(r => r.Fake).ToList(), kind, seed, WeightsBalanced(tr));
            for (var i = 0; i < test.Count; i++)
            {
                if (test[i].Fold == fold)
                {
                    scores[i] = model.Score(features(test[i]));
                }
            }
        }

        return scores;
    }

    /// <summary>Class weights so that fakes and reals weigh the same in total.</summary>
    private static List<float> WeightsBalanced(List<Row> rows)
    {
        var fakes = rows.Count(r => r.Fake);
        var reals = rows.Count - fakes;
        return rows.Select(r => (float)(rows.Count / (2.0 * (r.Fake ? fakes : reals)))).ToList();
    }

    private static string Tables(List<Row> tracks, List<(string Name, double[] Scores)> arms)
    {
        var inv = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        var groups = new List<(string Name, Func<Row, bool> Fake)>
        {
            ("(pooled, all fakes)", r => r.Fake),
            ("faceswap:* (all)", r => r.Fake && r.Source.StartsWith("faceswap:", StringComparison.Ordinal)),
            ("reenact:* (all)", r => r.Fake && r.Source.StartsWith("reenact:", StringComparison.Ordinal)),
            ("talking-head:* (all)", r => r.Fake && r.Source.StartsWith("talking-head:", StringComparison.Ordinal)),
        };
        groups.AddRange(tracks.Where(r => r.Fake).Select(r => r.Source).Distinct().Order(StringComparer.Ordinal).Select(s => (s, (Func<Row, bool>)(r => r.Fake && r.Source == s))));
        sb.AppendLine(inv, $"tracks: {tracks.Count(r => r.Fake)} fake, {tracks.Count(r => !r.Fake)} real; folds: {string.Join(' ', tracks.Select(r => r.Fold).Distinct().Order(StringComparer.Ordinal))}");
        sb.AppendLine("AUC of held-out fake tracks against all held-out real tracks (n = fake tracks):");
        sb.Append(inv, $"{"fakes",-34} {"n",3}");
        foreach (var a in arms)
        {
            sb.Append(inv, $" {a.Name,16}");
        }

        sb.AppendLine();
        foreach (var (name, isFake) in groups)
        {
            sb.Append(inv, $"{name,-34} {tracks.Count(isFake),3}");
            foreach (var (_, s) in arms)
            {
                var idx = Enumerable.Range(0, tracks.Count).Where(i => (isFake(tracks[i]) || !tracks[i].Fake) && double.IsFinite(s[i])).ToList();
                var auc = idx.Any(i => tracks[i].Fake) && idx.Any(i => !tracks[i].Fake) ? BinaryMetrics.Auc(idx.Select(i => s[i]).ToList(), idx.Select(i => tracks[i].Fake).ToList()) : double.NaN;
                sb.Append(inv, $" {auc,16:0.000}");
            }

            sb.AppendLine();
        }

        sb.AppendLine();
        sb.AppendLine("Share above the threshold that 5 % of held-out real tracks exceed (fakes: detected; reals: per source):");
        var rowsShare = new List<(string Name, Func<Row, bool> Where)>(groups);
        rowsShare.AddRange(tracks.Where(r => !r.Fake).Select(r => r.Source).Distinct().Order(StringComparer.Ordinal).Select(s => ("real " + s, (Func<Row, bool>)(r => !r.Fake && r.Source == s))));
        sb.Append(inv, $"{"tracks",-34} {"n",3}");
        foreach (var a in arms)
        {
            sb.Append(inv, $" {a.Name,16}");
        }

        sb.AppendLine();
        var thresholds = arms.Select(a =>
        {
            var reals = Enumerable.Range(0, tracks.Count).Where(i => !tracks[i].Fake && double.IsFinite(a.Scores[i])).Select(i => a.Scores[i]).OrderDescending().ToList();
            return reals.Count == 0 ? double.NaN : reals[(int)Math.Floor(0.05 * reals.Count)];
        }).ToList();
        foreach (var (name, where) in rowsShare)
        {
            sb.Append(inv, $"{name,-34} {tracks.Count(where),3}");
            for (var a = 0; a < arms.Count; a++)
            {
                var s = arms[a].Scores;
                var idx = Enumerable.Range(0, tracks.Count).Where(i => where(tracks[i]) && double.IsFinite(s[i])).ToList();
                var share = idx.Count == 0 ? double.NaN : idx.Count(i => s[i] > thresholds[a]) / (double)idx.Count;
                sb.Append(inv, $" {share,16:0.000}");
            }

            sb.AppendLine();
        }

        return sb.ToString();
    }

    private static IEnumerable<Row> Read(string path, bool fake)
    {
        var inv = CultureInfo.InvariantCulture;
        var lines = File.ReadAllLines(path);
        var header = lines.Length == 0 ? [] : lines[0].Split(',');
        var conf = FaceCropFeatures.ConfoundTrackNames.Count;
        var deep = FaceCropFeatures.DeepTrackNames.Count;
        if (header.Length != 5 + conf + deep || !header.Skip(5).SequenceEqual([.. FaceCropFeatures.ConfoundTrackNames, .. FaceCropFeatures.DeepTrackNames]))
        {
            throw new InvalidDataException($"{path} is not an eval face-crops CSV of this build ({5 + conf + deep} columns expected)");
        }

        foreach (var line in lines.Skip(1))
        {
            var q1 = line.IndexOf('"', StringComparison.Ordinal);
            var q2 = line.IndexOf('"', q1 + 1);
            var rest = line[(q2 + 2)..].Split(',');
            var values = rest.Skip(3).Select(v => float.Parse(v, inv)).ToArray();
            if (values.Length != conf + deep)
            {
                throw new InvalidDataException($"{path}: a row has {values.Length} values, expected {conf + deep}");
            }

            yield return new Row(line[..(q1 - 1)], line[(q1 + 1)..q2], rest[1], fake, values[..conf], values[conf..]);
        }
    }
}
