using System.Globalization;
using System.Text;
using FakeLens.Faces.Learned;
using FakeLens.Learning.Classifiers;
using FakeLens.Learning.Evaluation;

namespace FakeLens.Learning.Video;

/// <summary>One face track's row of <c>eval face-crops</c>: its source (first folder), clip path, kind ("clip" or "blend"),
/// label, and the confound and deep parts of <see cref="FaceCropFeatures"/>; <see cref="Fold"/> is set from the folds file.</summary>
public sealed record FaceCropTrack(string Source, string Path, string Kind, bool Fake, float[] Confound, float[] Deep)
{
    public string Fold { get; set; } = "";
}

/// <summary>
/// Leave-one-family-out scoring of face tracks measured by <c>eval face-crops</c> (round 15's experiment, docs/faces.md):
/// every track is scored once by a model trained on the other folds. Arms: the ResNet-18 face-crop features trained on
/// real fakes vs reals ("learned"), the same features trained only on the training reals against their self-blended twins
/// ("sbi", from rows of kind "blend"), the confound statistics alone ("confound"), each with a logistic and a LightGBM
/// head; a fixed per-track score (such as faces.blend v3) can be added beside them. Tables give pooled, per-family and
/// per-source AUC and the share above the threshold that 5 % of the held-out reals exceed.
/// </summary>
public static class FaceCropLeaveOneFamilyOut
{
    /// <summary>The "source fold" pairs of a folds file (one pair per line; '#' starts a comment line).</summary>
    public static Dictionary<string, string> ReadFolds(string path) =>
        File.ReadAllLines(path).Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#'))
            .Select(l => l.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)).ToDictionary(p => p[0], p => p[1], StringComparer.Ordinal);

    /// <summary>Every arm's held-out score per clip track (twins train the "sbi" arm only).</summary>
    public static List<(string Name, double[] Scores)> Arms(List<FaceCropTrack> rows, int seed, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var tracks = rows.Where(r => r.Kind == "clip").ToList();
        var twins = rows.Where(r => r.Kind == "blend").ToList();
        var arms = new List<(string Name, double[] Scores)>();
        foreach (var kind in new[] { ClassifierKind.Logistic, ClassifierKind.LightGbm })
        {
            var k = kind == ClassifierKind.Logistic ? "logistic" : "lightgbm";
            arms.Add(($"learned/{k}", Lofo(tracks, tracks, r => r.Deep, kind, seed, ct)));
            if (twins.Count > 0)
            {
                // Simulated only: the training folds' reals against their own blended twins; no real fake is seen.
                arms.Add(($"sbi/{k}", Lofo(tracks, [.. tracks.Where(r => !r.Fake), .. twins.Select(t => t with { Fake = true, Fold = t.Fold })], r => r.Deep, kind, seed, ct)));
            }

            arms.Add(($"confound/{k}", Lofo(tracks, tracks, r => r.Confound, kind, seed, ct)));
        }

        return arms;
    }

    /// <summary>A fixed score per clip track from a "path,score" CSV with a header (NaN where the path is missing).</summary>
    public static double[] FixedScores(string path, List<FaceCropTrack> tracks)
    {
        ArgumentNullException.ThrowIfNull(tracks);
        var fixedScores = File.ReadAllLines(path).Skip(1).Select(l => l.Split(',')).Where(p => p.Length >= 2)
            .GroupBy(p => p[0].Trim('"')).ToDictionary(g => g.Key, g => double.Parse(g.First()[1], CultureInfo.InvariantCulture));
        return [.. tracks.Select(t => fixedScores.TryGetValue(t.Path, out var s) ? s : double.NaN)];
    }

    /// <summary>Every held-out score per arm, one CSV row per clip track.</summary>
    public static string ScoresCsv(List<FaceCropTrack> tracks, List<(string Name, double[] Scores)> arms)
    {
        ArgumentNullException.ThrowIfNull(tracks);
        ArgumentNullException.ThrowIfNull(arms);
        var inv = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        sb.AppendLine("source,path,fold,fake," + string.Join(',', arms.Select(a => a.Name)));
        for (var i = 0; i < tracks.Count; i++)
        {
            sb.AppendLine(string.Join(',', [tracks[i].Source, "\"" + tracks[i].Path + "\"", tracks[i].Fold, tracks[i].Fake ? "1" : "0", .. arms.Select(a => a.Scores[i].ToString("R", inv))]));
        }

        return sb.ToString();
    }

    /// <summary>Each test track's score from a model trained on the training rows of the other folds.</summary>
    private static double[] Lofo(List<FaceCropTrack> test, List<FaceCropTrack> train, Func<FaceCropTrack, float[]> features, ClassifierKind kind, int seed, CancellationToken ct)
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
    private static List<float> WeightsBalanced(List<FaceCropTrack> rows)
    {
        var fakes = rows.Count(r => r.Fake);
        var reals = rows.Count - fakes;
        return rows.Select(r => (float)(rows.Count / (2.0 * (r.Fake ? fakes : reals)))).ToList();
    }

    public static string Tables(List<FaceCropTrack> tracks, List<(string Name, double[] Scores)> arms)
    {
        var inv = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        var groups = new List<(string Name, Func<FaceCropTrack, bool> Fake)>
        {
            ("(pooled, all fakes)", r => r.Fake),
            ("faceswap:* (all)", r => r.Fake && r.Source.StartsWith("faceswap:", StringComparison.Ordinal)),
            ("reenact:* (all)", r => r.Fake && r.Source.StartsWith("reenact:", StringComparison.Ordinal)),
            ("talking-head:* (all)", r => r.Fake && r.Source.StartsWith("talking-head:", StringComparison.Ordinal)),
        };
        groups.AddRange(tracks.Where(r => r.Fake).Select(r => r.Source).Distinct().Order(StringComparer.Ordinal).Select(s => (s, (Func<FaceCropTrack, bool>)(r => r.Fake && r.Source == s))));
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
        var rowsShare = new List<(string Name, Func<FaceCropTrack, bool> Where)>(groups);
        rowsShare.AddRange(tracks.Where(r => !r.Fake).Select(r => r.Source).Distinct().Order(StringComparer.Ordinal).Select(s => ("real " + s, (Func<FaceCropTrack, bool>)(r => !r.Fake && r.Source == s))));
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

    public static IEnumerable<FaceCropTrack> Read(string path, bool fake)
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

            yield return new FaceCropTrack(line[..(q1 - 1)], line[(q1 + 1)..q2], rest[1], fake, values[..conf], values[conf..]);
        }
    }
}
