using System.Globalization;
using System.Text;

namespace FakeLens.Faces.Blend;

/// <summary>
/// Leave-one-source-out evaluation of <c>faces.blend</c> on simulated video tracks (<see cref="FaceBlendTracks"/>):
/// the frame classifier is trained on the frames of the other sources' tracks, each held-out track gets
/// <see cref="FaceBlendTracks.TrackScore"/>, and the threshold is the track score that a given share of held-out REAL
/// tracks exceed. Also the CSV form of the measured tracks (one row per measured frame).
/// </summary>
public static class FaceBlendTrackEvaluation
{
    /// <summary>
    /// Each track's score from a model that never saw its source group (NaN when no frame was measured). With
    /// <paramref name="folds"/> (one fold per track, <see cref="FaceBlendFolds.Of"/>) a whole fold is held out at once.
    /// </summary>
    public static double[] LeaveOneGroupOut(IReadOnlyList<BlendTrack> tracks, int hidden, double l2, int epochs, int seed, CancellationToken ct, IReadOnlyList<string>? folds = null)
    {
        ArgumentNullException.ThrowIfNull(tracks);
        var fold = folds ?? FaceBlendFolds.Of(tracks, null);
        var scores = new double[tracks.Count];
        foreach (var group in fold.Distinct())
        {
            ct.ThrowIfCancellationRequested();
            var (rows, labels) = Frames(Enumerable.Range(0, tracks.Count).Where(i => fold[i] != group).Select(i => tracks[i]));
            var model = FaceBlendModel.Train(rows, labels, hidden, l2, epochs, seed);
            for (var i = 0; i < tracks.Count; i++)
            {
                if (fold[i] == group)
                {
                    scores[i] = FaceBlendTracks.TrackScore(tracks[i].Frames.Select(f => f is null ? double.NaN : model.Score(f)));
                }
            }
        }

        return scores;
    }

    /// <summary>
    /// Experiment (not shipped): one row per track — the mean and the standard deviation over its measured frames of each
    /// blend feature — so a classifier can see how much the seam changes from frame to frame (the per-frame mask of a
    /// swap flickers; a real outline moves with the head). Scored leave-one-group-out at the track level.
    /// </summary>
    public static double[] LeaveOneGroupOutTrackLevel(IReadOnlyList<BlendTrack> tracks, int hidden, double l2, int epochs, int seed, CancellationToken ct, IReadOnlyList<string>? folds = null)
    {
        ArgumentNullException.ThrowIfNull(tracks);
        var fold = folds ?? FaceBlendFolds.Of(tracks, null);
        var rows = tracks.Select(TrackRow).ToList();
        var scores = new double[tracks.Count];
        foreach (var group in fold.Distinct())
        {
            ct.ThrowIfCancellationRequested();
            var train = Enumerable.Range(0, tracks.Count).Where(i => fold[i] != group).ToList();
            var model = FaceBlendModel.Train(train.Select(i => rows[i]).ToList(), train.Select(i => tracks[i].Blended ? 1 : 0).ToList(), hidden, l2, epochs, seed);
            for (var i = 0; i < tracks.Count; i++)
            {
                if (fold[i] == group)
                {
                    scores[i] = model.Score(rows[i]);
                }
            }
        }

        return scores;
    }

    /// <summary>Mean and standard deviation over the track's measured frames of each feature (mean, then std).</summary>
    public static float[] TrackRow(BlendTrack track)
    {
        ArgumentNullException.ThrowIfNull(track);
        var frames = track.Frames.Where(f => f is not null).Select(f => f!).ToList();
        var d = FaceBlendFeatures.Count;
        var row = new float[2 * d];
        for (var j = 0; j < d; j++)
        {
            var mean = frames.Average(f => (double)f[j]);
            var variance = frames.Average(f => (f[j] - mean) * (f[j] - mean));
            row[j] = (float)mean;
            row[d + j] = (float)Math.Sqrt(variance);
        }

        return row;
    }

    /// <summary>All measured frames of the tracks with their labels (1 = blended).</summary>
    public static (List<float[]> Rows, List<int> Labels) Frames(IEnumerable<BlendTrack> tracks)
    {
        ArgumentNullException.ThrowIfNull(tracks);
        var rows = new List<float[]>();
        var labels = new List<int>();
        foreach (var t in tracks)
        {
            foreach (var f in t.Frames)
            {
                if (f is not null)
                {
                    rows.Add(f);
                    labels.Add(t.Blended ? 1 : 0);
                }
            }
        }

        return (rows, labels);
    }

    /// <summary>Per source group and per CRF / face-width band: tracks, AUC, share of real and blended tracks above the threshold.</summary>
    public static string Table(IReadOnlyList<BlendTrack> tracks, IReadOnlyList<double> scores, double threshold)
    {
        ArgumentNullException.ThrowIfNull(tracks);
        ArgumentNullException.ThrowIfNull(scores);
        var inv = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        sb.AppendLine(inv, $"{"tracks (held out by source)",-36} {"real",5} {"blend",5} {"AUC",6} {"real>thr",8} {"blend>thr",9}");
        var rows = new List<(string Name, Func<BlendTrack, bool> Where)>();
        rows.AddRange(tracks.Select(t => t.Group).Distinct().Select(g => (g, (Func<BlendTrack, bool>)(t => t.Group == g))));
        rows.Add(("CRF 23-25", t => t.Crf <= 25));
        rows.Add(("CRF 26-28", t => t.Crf >= 26));
        rows.Add(("face < 150 px", t => t.FaceWidth < 150));
        rows.Add(("face >= 150 px", t => t.FaceWidth >= 150));
        rows.Add(("(all, pooled)", _ => true));
        foreach (var (name, where) in rows)
        {
            var idx = Enumerable.Range(0, tracks.Count).Where(i => where(tracks[i]) && double.IsFinite(scores[i])).ToList();
            var real = idx.Where(i => !tracks[i].Blended).ToList();
            var fake = idx.Where(i => tracks[i].Blended).ToList();
            var auc = FaceBlendTraining.Auc(idx.Select(i => scores[i]).ToList(), idx.Select(i => tracks[i].Blended).ToList());
            double Share(List<int> l) => l.Count == 0 ? double.NaN : l.Count(i => scores[i] > threshold) / (double)l.Count;
            sb.AppendLine(inv, $"{name,-36} {real.Count,5} {fake.Count,5} {auc,6:0.000} {Share(real),8:0.000} {Share(fake),9:0.000}");
        }

        return sb.ToString();
    }

    public static void WriteCsv(string path, IReadOnlyList<BlendTrack> tracks)
    {
        ArgumentNullException.ThrowIfNull(tracks);
        var inv = CultureInfo.InvariantCulture;
        using var w = new StreamWriter(path);
        var deep = tracks.Any(t => t.Frames.Any(f => f is not null && f.Length > FaceBlendFeatures.Count));
        w.WriteLine("group,path,face,copy,crf,face_width,frame," + string.Join(',', deep ? [.. FaceBlendFeatures.Names, .. FaceBlendDeepFeatures.Names] : FaceBlendFeatures.Names));
        foreach (var t in tracks)
        {
            for (var k = 0; k < t.Frames.Count; k++)
            {
                if (t.Frames[k] is { } f)
                {
                    w.WriteLine(string.Join(',', [t.Group, "\"" + t.Path.Replace("\"", "'", StringComparison.Ordinal) + "\"", t.Face.ToString(inv), t.Copy.ToString(inv), t.Crf.ToString(inv), t.FaceWidth.ToString(inv), k.ToString(inv), .. f.Select(v => v.ToString("R", inv))]));
                }
            }
        }
    }

    /// <summary>
    /// The measured tracks with only some feature columns: "v3" (the hand-made blend features, what the shipped models
    /// use), "resnet" (the frozen ResNet-18 views of <see cref="FaceBlendDeepFeatures"/>) or "both" (stacked). Frames
    /// measured without the ResNet views are dropped for "resnet" and "both".
    /// </summary>
    public static List<BlendTrack> Columns(IEnumerable<BlendTrack> tracks, string columns)
    {
        ArgumentNullException.ThrowIfNull(tracks);
        var v3 = FaceBlendFeatures.Count;
        var full = v3 + FaceBlendDeepFeatures.Count;
        Func<float[], float[]?> pick = columns switch
        {
            "v3" => f => f.Length >= v3 ? f[..v3] : null,
            "resnet" => f => f.Length == full ? f[v3..] : null,
            "both" => f => f.Length == full ? f : null,
            _ => throw new ArgumentException($"Unknown columns '{columns}'; choose v3, resnet or both.", nameof(columns)),
        };
        return tracks.Select(t => t with { Frames = t.Frames.Select(f => f is null ? null : pick(f)).ToList() }).ToList();
    }

    public static List<BlendTrack> ReadCsv(string path)
    {
        var inv = CultureInfo.InvariantCulture;
        var lines = File.ReadAllLines(path);
        var header = lines[0].Split(',').Skip(7).ToList();
        if (!header.SequenceEqual(FaceBlendFeatures.Names) && !header.SequenceEqual([.. FaceBlendFeatures.Names, .. FaceBlendDeepFeatures.Names]))
        {
            throw new InvalidDataException($"{path} holds other blend features than this build computes (v{FaceBlendFeatures.Version}); measure again with --real.");
        }

        var tracks = new List<BlendTrack>();
        var current = new List<float[]?>();
        (string Group, string Path, int Face, int Copy, int Crf, int Width)? key = null;
        foreach (var line in lines.Skip(1))
        {
            var q1 = line.IndexOf('"', StringComparison.Ordinal);
            var q2 = line.IndexOf('"', q1 + 1);
            var rest = line[(q2 + 2)..].Split(',');
            var k = (line[..(q1 - 1)], line[(q1 + 1)..q2], int.Parse(rest[0], inv), int.Parse(rest[1], inv), int.Parse(rest[2], inv), int.Parse(rest[3], inv));
            if (key != k && key is { } done)
            {
                tracks.Add(new BlendTrack(done.Group, done.Path, done.Face, done.Copy, done.Crf, done.Width, current));
                current = [];
            }

            key = k;
            current.Add(rest.Skip(5).Select(v => float.Parse(v, inv)).ToArray());
        }

        if (key is { } last)
        {
            tracks.Add(new BlendTrack(last.Group, last.Path, last.Face, last.Copy, last.Crf, last.Width, current));
        }

        return tracks;
    }
}
