using System.CommandLine;
using System.Globalization;
using FakeLens.Faces;
using FakeLens.Learning.Calibration;
using FakeLens.Learning.Image;
using FakeLens.Learning.Models;
using FakeLens.Learning.Training;
using FakeLens.Learning.Video;

namespace FakeLens.Cli.Commands;

/// <summary>
/// <c>fakelens train video</c> and <c>fakelens eval video</c>: per-video features (Learning/Video/VideoFeatures) of
/// real and fake videos, LightGBM, Platt calibration on grouped held-out folds, threshold at the target false-positive
/// rate; held-out AUC per source and leave-one-family-out (VideoEvaluation). <c>train</c> also writes the model file.
/// </summary>
internal static class TrainVideoCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr, bool train)
    {
        var real = new Option<string[]>("--real") { Description = "Folders (or files) of real videos; the first sub-folder names the source.", AllowMultipleArgumentsPerToken = true, Required = true, HelpName = "dir" };
        var fake = new Option<string[]>("--fake") { Description = "Folders (or files) of AI-generated or manipulated videos; the first sub-folder names the family.", AllowMultipleArgumentsPerToken = true, Required = true, HelpName = "dir" };
        var output = new Option<string>("--output", "-o") { Description = "Model file to write (.zip).", Required = train, HelpName = "model.zip" };
        var seed = new Option<int>("--seed") { Description = "Random seed (folds, learner).", DefaultValueFactory = _ => 7 };
        var classifier = new Option<string>("--classifier") { Description = "lgbm, fasttree or logistic.", DefaultValueFactory = _ => "lgbm" };
        var fpr = new Option<double>("--fpr") { Description = "Target false-positive rate on real videos for the threshold.", DefaultValueFactory = _ => 0.05 };
        var folds = new Option<int>("--folds") { Description = "Grouped cross-validation folds (at most one per source).", DefaultValueFactory = _ => 5 };
        var featuresIn = new Option<string?>("--features-in") { Description = "Read per-video features from a CSV written by --scores (matched by path) instead of extracting them again.", HelpName = "file.csv" };
        var faces = new Option<bool>("--faces") { Description = "eval only: add the face cues (main track's statistics and faces.blend track score, 10 fps over the first 16 s) as columns." };
        var jobs = new Option<int>("--jobs", "-j") { Description = "Videos whose features are extracted in parallel (each worker loads its own image model).", DefaultValueFactory = _ => 1 };
        var columns = new Option<string?>("--columns") { Description = "Use only these features: comma-separated names or families (" + string.Join(", ", VideoFeatures.Groups.Keys) + "), e.g. to measure one family alone.", HelpName = "names" };
        var scores = new Option<string?>("--scores") { Description = "Write per-video features and held-out probabilities to this CSV.", HelpName = "file.csv" };
        var command = new Command("video", train
            ? "Train the learned video fusion (per-video frame and temporal features, LightGBM, calibrated) on folders of real and fake videos; writes a model file."
            : "Evaluate the learned video fusion on folders of real and fake videos: grouped held-out AUC per source and leave-one-family-out AUC.")
        {
            real, fake, seed, classifier, fpr, folds, scores, featuresIn, columns, jobs,
        };
        if (!train)
        {
            command.Options.Add(faces);
        }

        if (train)
        {
            command.Options.Add(output);
        }

        command.SetAction(async (parse, ct) =>
        {
            try
            {
                var kind = ImageModelBundles.ParseClassifier(parse.GetValue(classifier));
                var realDirs = parse.GetValue(real) ?? [];
                var fakeDirs = parse.GetValue(fake) ?? [];
                var samples = VideoDataset.Collect(realDirs, fakeDirs);
                var names = VideoFeatures.Names.ToList();
                List<float[]> rows;
                List<VideoSample> kept;
                var cached = parse.GetValue(featuresIn) is { } csvIn ? VideoFaceColumns.ReadScores(csvIn, names) ?? throw new InvalidDataException($"{csvIn} does not hold the features this build computes ({VideoFeatures.FeatureSetId} v{VideoFeatures.Version})") : null;
                if (cached is not null)
                {
                    kept = samples.Where(v => cached.ContainsKey(v.Path)).ToList();
                    rows = kept.Select(v => cached[v.Path]).ToList();
                    await stderr.WriteLineAsync($"features of {kept.Count} of {samples.Count} videos read from the CSV").ConfigureAwait(false);
                }
                else
                {
                    List<string> failures;
                    var gate = new object();
                    (rows, kept, failures) = VideoFeatureExtraction.Extract(samples, () => new VideoFeatures(), parse.GetValue(jobs), m =>
                    {
                        lock (gate)
                        {
                            stderr.WriteLine(m);
                        }
                    }, ct);
                    foreach (var f in failures)
                    {
                        await stderr.WriteLineAsync("skipped " + f).ConfigureAwait(false);
                    }
                }

                if (!train && parse.GetValue(faces))
                {
                    var faceRows = parse.GetValue(featuresIn) is { } csvFaces ? VideoFaceColumns.ReadScores(csvFaces, VideoFaceColumns.Names) : null;
                    FaceVideoAnalyzer? analyzer = null;
                    if (faceRows is null && (analyzer = FaceVideoAnalyzer.TryCreate(out var whyNot)) is null)
                    {
                        await stderr.WriteLineAsync("fakelens eval video --faces: " + whyNot).ConfigureAwait(false);
                        return CliApp.UsageError;
                    }

                    for (var i = 0; i < kept.Count; i++)
                    {
                        float[] extra;
                        try
                        {
                            extra = faceRows is not null ? faceRows[kept[i].Path] : VideoFaceColumns.Extract(analyzer!, kept[i].Path, ct);
                        }
                        catch (Exception e) when (e is FakeLens.Core.Detection.MediaException or InvalidOperationException)
                        {
                            await stderr.WriteLineAsync($"faces skipped {kept[i].Path}: {e.Message}").ConfigureAwait(false);
                            extra = [.. VideoFaceColumns.Names.Select(_ => float.NaN)];
                        }

                        rows[i] = [.. rows[i], .. extra];
                        if ((i + 1) % 10 == 0)
                        {
                            await stderr.WriteLineAsync($"faces: {i + 1}/{kept.Count} videos").ConfigureAwait(false);
                        }
                    }

                    names.AddRange(VideoFaceColumns.Names);
                }

                var s = parse.GetValue(seed);
                var baseline = VideoFeatures.BaselineNames.Select(n => VideoFeatures.Names.ToList().IndexOf(n)).ToList();
                var baselineRows = rows.Select(row => baseline.Select(c => row[c]).ToArray()).ToList();
                var allRows = rows;
                var allNames = names.ToList();
                if (parse.GetValue(columns) is { } chosen)
                {
                    var picked = SelectColumns(chosen, names);
                    rows = [.. rows.Select(row => picked.Select(c => row[c]).ToArray())];
                    names = [.. picked.Select(c => names[c])];
                    await stderr.WriteLineAsync($"columns: {string.Join(',', names)}").ConfigureAwait(false);
                }

                var result = VideoEvaluation.Evaluate(rows, kept, kind, parse.GetValue(folds), s, parse.GetValue(fpr), baselineRows, string.Join('+', VideoFeatures.BaselineNames), ct);
                await stdout.WriteAsync(VideoEvaluation.Table(result)).ConfigureAwait(false);
                if (parse.GetValue(scores) is { } csv)
                {
                    var inv = CultureInfo.InvariantCulture;
                    var lines = new List<string> { "path,label,family,group,oof_probability," + string.Join(',', allNames) };
                    for (var i = 0; i < kept.Count; i++)
                    {
                        lines.Add(string.Join(',', [Quote(kept[i].Path), kept[i].IsFake ? "fake" : "real", Quote(kept[i].Family), Quote(kept[i].Group), result.OutOfFold[i].ToString("0.0000", inv), .. allRows[i].Select(v => v.ToString("0.######", inv))]));
                    }

                    await File.WriteAllLinesAsync(csv, lines, ct).ConfigureAwait(false);
                }

                if (train)
                {
                    var y = kept.Select(k => k.IsFake).ToList();
                    var groups = kept.Select(k => k.Group).ToList();
                    var model = CalibratedTraining.Train(rows, y, groups, kind, CalibrationKind.Platt, parse.GetValue(fpr), Math.Max(2, Math.Min(parse.GetValue(folds), groups.Distinct().Count())), s, null, ct);
                    var metrics = new Dictionary<string, double>
                    {
                        ["cv_auc"] = result.CvAuc,
                        ["lofo_auc_mean"] = result.LofoMean,
                        ["lofo_auc_mean_saturation_baseline"] = result.BaselineLofoMean,
                        ["videos_real"] = y.Count(v => !v),
                        ["videos_fake"] = y.Count(v => v),
                    };
                    var inv = CultureInfo.InvariantCulture;
                    var commandLine = "fakelens train video --real " + string.Join(' ', realDirs) + " --fake " + string.Join(' ', fakeDirs) +
                        $" -o {parse.GetValue(output)} --seed {s} --classifier {parse.GetValue(classifier)} --fpr {parse.GetValue(fpr).ToString(inv)} --folds {parse.GetValue(folds)}" +
                        (parse.GetValue(columns) is { } cols ? $" --columns {cols}" : "");
                    var trainedOn = string.Join(", ", kept.GroupBy(k => (k.Family, k.IsFake)).Select(g => $"{g.Key.Family} ({(g.Key.IsFake ? "fake" : "real")}, {g.Count()})"));
                    var manifest = ModelManifest.ForCalibratedModel(model, CalibrationKind.Platt, (VideoFeatures.FeatureSetId, VideoFeatures.Version, names), "video-fusion", 1, trainedOn, commandLine, s, metrics,
                        "Per-video features from frames at 2 fps (first 16 s, ≤ 640 px): learned AI-image model statistics, temporal change, noise residual and its frame-to-frame correlation, sharpness, saturation; v2 adds temporal consistency of consecutive frames (≤ 8 fps, first 4 s): optical-flow-warped change against texture, motion smoothness, high-frequency flicker, residual correlation; v3 adds top-k and log-odds AI-image statistics, flow-compensated residual correlation and the second temporal difference, and the frames' power spectrum.");
                    new ModelBundle(manifest, model).Save(parse.GetValue(output)!);
                    await stdout.WriteLineAsync(string.Create(inv, $"wrote {parse.GetValue(output)}: {metrics["videos_real"]} real + {metrics["videos_fake"]} fake videos; grouped held-out AUC {result.CvAuc:0.000}, leave-one-family-out AUC {result.LofoMean:0.000}, threshold {model.Threshold:0.000}")).ConfigureAwait(false);
                }

                return CliApp.Ok;
            }
            catch (Exception e) when (e is ArgumentException or FormatException or DirectoryNotFoundException or IOException or InvalidDataException)
            {
                await stderr.WriteLineAsync("fakelens: " + e.Message).ConfigureAwait(false);
                return CliApp.UsageError;
            }
        });
        return command;
    }

    /// <summary>Column indexes for comma-separated feature names or family names (<see cref="VideoFeatures.Groups"/>).</summary>
    internal static List<int> SelectColumns(string spec, IReadOnlyList<string> names)
    {
        var picked = new List<int>();
        foreach (var item in spec.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var wanted = VideoFeatures.Groups.TryGetValue(item, out var group) ? group : [item];
            foreach (var name in wanted)
            {
                var index = names.ToList().IndexOf(name);
                if (index < 0)
                {
                    throw new ArgumentException($"--columns: no feature or family named '{name}' (families: {string.Join(", ", VideoFeatures.Groups.Keys)})");
                }

                if (!picked.Contains(index))
                {
                    picked.Add(index);
                }
            }
        }

        return picked.Count == 0 ? throw new ArgumentException("--columns: no column named") : picked;
    }

    private static string Quote(string s) => s.Contains(',', StringComparison.Ordinal) || s.Contains('"', StringComparison.Ordinal) ? "\"" + s.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : s;
}
