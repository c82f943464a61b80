using System.CommandLine;
using System.Globalization;
using FakeLens.Core.Scoring;
using FakeLens.Faces;
using FakeLens.Faces.Blend;
using FakeLens.Learning.Classifiers;

namespace FakeLens.Cli.Commands;

/// <summary>The options of <c>train face-blend</c> that the <c>--video</c> mode reads.</summary>
internal sealed record FaceBlendTrackOptions(
    Option<string?> Real, Option<string?> Output, Option<int> Blends, Option<int> Hidden, Option<int> Epochs, Option<double> L2, Option<double> Fpr,
    Option<int> Seed, Option<int> MaxImages, Option<string?> FeaturesOut, Option<string?> FeaturesIn, Option<bool> TrackLevel, Option<bool> Deep, Option<string> Columns, Option<bool> LightGbm, Option<string?> TreeParams, Option<int> Window, Option<string> WindowStats, Option<bool> WindowWithFrames, Option<string?> ScoreWith, Option<string?> ScoresOut, Option<int> Frames, Option<int> SteadyBlends, Option<bool> SteadyOnly, Option<int> SplitCopy, Option<bool> HalfSteady, Option<string?> FoldMap, Option<string?> FoldMapOut, Option<int> FoldMinFaces);

/// <summary>
/// <c>fakelens train face-blend --video</c>: the video model of faces.blend. Real faces become simulated H.264 tracks
/// (<see cref="FaceBlendTracks"/>) with self-blended tracks of themselves; the frame classifier is evaluated leave-one-
/// source-out on whole tracks, the threshold is the per-track score that <c>--fpr</c> of held-out real tracks exceed.
/// </summary>
internal static class TrainVideoFaceBlendTracks
{
    public static async Task<int> RunAsync(ParseResult parse, FaceBlendTrackOptions o, TextWriter stdout, TextWriter stderr, CancellationToken ct)
    {
        var inv = CultureInfo.InvariantCulture;
        var window = parse.GetValue(o.Window);
        string[] stats;
        try
        {
            stats = FaceBlendWindows.ParseStats(parse.GetValue(o.WindowStats) ?? "mean,std");
        }
        catch (FormatException e)
        {
            await stderr.WriteLineAsync("fakelens train face-blend: " + e.Message).ConfigureAwait(false);
            return 2;
        }

        if (window != 0 && (window < FaceBlendWindows.MinFrames || !parse.GetValue(o.LightGbm)))
        {
            await stderr.WriteLineAsync($"fakelens train face-blend: --window needs --lightgbm and at least {FaceBlendWindows.MinFrames} frames").ConfigureAwait(false);
            return 2;
        }

        if (window == 0 && parse.GetValue(o.WindowWithFrames))
        {
            await stderr.WriteLineAsync("fakelens train face-blend: --window-with-frames needs --window N").ConfigureAwait(false);
            return 2;
        }

        var frameCount = parse.GetValue(o.Frames);
        if (frameCount is < FaceBlendTracks.MinFrames or > FaceBlendTracks.MaxFrames)
        {
            await stderr.WriteLineAsync($"fakelens train face-blend: --frames must be {FaceBlendTracks.MinFrames}-{FaceBlendTracks.MaxFrames}").ConfigureAwait(false);
            return 2;
        }

        var steadyBlends = parse.GetValue(o.SteadyBlends);
        var steadyOnly = parse.GetValue(o.SteadyOnly);
        var splitCopy = parse.GetValue(o.SplitCopy);
        if (steadyBlends < 0 || (steadyOnly && (steadyBlends == 0 || parse.GetValue(o.FeaturesOut) is null)))
        {
            await stderr.WriteLineAsync("fakelens train face-blend: --steady-blends must be 0 or more, and --steady-only needs --steady-blends N and --features-out FILE").ConfigureAwait(false);
            return 2;
        }

        var halfSteady = parse.GetValue(o.HalfSteady);
        if (halfSteady && (steadyOnly || (parse.GetValue(o.FeaturesIn) is null && (parse.GetValue(o.Blends) != 1 || steadyBlends != 1))))
        {
            await stderr.WriteLineAsync("fakelens train face-blend: --half-steady needs --blends 1 --steady-blends 1 with --real (or --features-in files holding copies 1 and 2), and not --steady-only").ConfigureAwait(false);
            return 2;
        }

        List<BlendTrack> tracks;
        if (parse.GetValue(o.FeaturesIn) is { } csvIn)
        {
            // One or more measured files (comma-separated), e.g. an older corpus's tracks and a newer one's.
            tracks = csvIn.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).SelectMany(FaceBlendTrackEvaluation.ReadCsv).ToList();
            if (halfSteady)
            {
                // One blend per face: the flickering or the steady copy, as a --half-steady measuring run picks it.
                var all = tracks.Count;
                tracks = FaceBlendTracks.KeepHalfSteady(tracks);
                await stderr.WriteLineAsync($"--half-steady: kept {tracks.Count} of {all} tracks ({tracks.Count(t => t.Copy == 0)} real, {tracks.Count(t => t.Copy == 1)} flickering, {tracks.Count(t => t.Copy == 2)} steady)").ConfigureAwait(false);
            }
        }
        else if (parse.GetValue(o.Real) is { } root && Directory.Exists(root))
        {
            using var engine = FaceEngine.TryCreate(out var whyNot);
            if (engine is null)
            {
                await stderr.WriteLineAsync("fakelens train face-blend: " + whyNot).ConfigureAwait(false);
                return 2;
            }

            tracks = FaceBlendTracks.Build(root, engine, parse.GetValue(o.Blends), parse.GetValue(o.Seed), parse.GetValue(o.MaxImages), m => stderr.WriteLine(m), ct, parse.GetValue(o.Deep), frameCount, steadyBlends, steadyOnly, halfSteady);
        }
        else
        {
            await stderr.WriteLineAsync("fakelens train face-blend --video: give --real DIR (sub-folders = source groups) or --features-in FILE").ConfigureAwait(false);
            return 2;
        }

        if (parse.GetValue(o.FeaturesOut) is { } csvOut)
        {
            FaceBlendTrackEvaluation.WriteCsv(csvOut, tracks);
            if (steadyOnly)
            {
                // Steady tracks alone have no real tracks to train against: they are written to join a full run's file.
                await stdout.WriteLineAsync($"{tracks.Count} steady-mask tracks ({tracks.Sum(t => t.Frames.Count(f => f is not null))} measured frames) written to {csvOut}").ConfigureAwait(false);
                return 0;
            }
        }

        if (parse.GetValue(o.FoldMapOut) is { } mapOut)
        {
            // The fold map by face count only (decided before any training run), to be read back with --fold-map.
            var minFaces = parse.GetValue(o.FoldMinFaces);
            if (minFaces < 1)
            {
                await stderr.WriteLineAsync("fakelens train face-blend: --fold-min-faces must be 1 or more").ConfigureAwait(false);
                return 2;
            }

            var made = FaceBlendFolds.SmallSourcesTogether(tracks, minFaces);
            FaceBlendFolds.Write(mapOut, made);
            var small = made.Where(p => p.Value == FaceBlendFolds.SmallSourcesFold).Select(p => p.Key).ToHashSet(StringComparer.Ordinal);
            await stdout.WriteLineAsync($"fold map: {made.Count} sources in {made.Values.Distinct().Count()} folds; '{FaceBlendFolds.SmallSourcesFold}' holds {small.Count} sources with fewer than {minFaces} real faces ({tracks.Count(t => !t.Blended && small.Contains(t.Group))} faces); written to {mapOut}").ConfigureAwait(false);
            return 0;
        }

        var columns = parse.GetValue(o.Columns) ?? "v3";
        tracks = FaceBlendTrackEvaluation.Columns(tracks, columns).Where(t => t.Frames.Any(f => f is not null)).ToList();
        if (!tracks.Any(t => t.Blended) || !tracks.Any(t => !t.Blended) || tracks.Select(t => t.Group).Distinct().Count() < 2)
        {
            await stderr.WriteLineAsync("fakelens train face-blend --video: need real and blended tracks from at least two source groups").ConfigureAwait(false);
            return 1;
        }

        string[] folds;
        try
        {
            folds = FaceBlendFolds.Of(tracks, parse.GetValue(o.FoldMap) is { } mapIn ? FaceBlendFolds.Read(mapIn) : null);
        }
        catch (Exception e) when (e is InvalidDataException or IOException)
        {
            await stderr.WriteLineAsync("fakelens train face-blend: --fold-map: " + e.Message).ConfigureAwait(false);
            return 2;
        }

        if (folds.Distinct().Count() < 2)
        {
            await stderr.WriteLineAsync("fakelens train face-blend: --fold-map puts every source into one fold; leave-one-fold-out needs at least two").ConfigureAwait(false);
            return 2;
        }

        if (parse.GetValue(o.FoldMap) is { } shown)
        {
            await stdout.WriteLineAsync($"folds: {folds.Distinct().Count()} from {tracks.Select(t => t.Group).Distinct().Count()} sources ({shown}); each fold held out whole, tables per source").ConfigureAwait(false);
        }

        if (parse.GetValue(o.ScoreWith) is { } withPath)
        {
            // A trained model (e.g. the shipped one) on these tracks, at its own threshold: for sources it never saw.
            FaceBlendModel fixedModel;
            using (var stream = File.OpenRead(withPath))
            {
                fixedModel = FaceBlendModel.Load(stream);
            }

            var fixedScores = tracks.Select(t => fixedModel.ScoreTrack(t.Frames).Track).ToArray();
            await stdout.WriteLineAsync($"{withPath} on these tracks, its threshold {fixedModel.Threshold.ToString("0.000", inv)}:").ConfigureAwait(false);
            await stdout.WriteAsync(FaceBlendTrackEvaluation.Table(tracks, fixedScores, fixedModel.Threshold)).ConfigureAwait(false);
            await WriteSplitAsync(stdout, splitCopy, tracks, fixedScores, fixedModel.Threshold).ConfigureAwait(false);
            WriteScores(parse.GetValue(o.ScoresOut), tracks, fixedScores);
            return 0;
        }

        var h = parse.GetValue(o.Hidden);
        var l2 = parse.GetValue(o.L2);
        var epochs = parse.GetValue(o.Epochs);
        var seed = parse.GetValue(o.Seed);
        var fpr = parse.GetValue(o.Fpr);
        var oof = FaceBlendTrackEvaluation.LeaveOneGroupOut(tracks, h, l2, epochs, seed, ct, folds);
        var realOof = Enumerable.Range(0, tracks.Count).Where(i => !tracks[i].Blended).Select(i => oof[i]).ToList();
        var blendOof = Enumerable.Range(0, tracks.Count).Where(i => tracks[i].Blended).Select(i => oof[i]).ToList();
        var threshold = FaceBlendTraining.ThresholdAt(realOof, fpr);
        var frames = tracks.Sum(t => t.Frames.Count(f => f is not null));
        WriteScores(parse.GetValue(o.ScoresOut), tracks, oof);
        await stdout.WriteLineAsync($"tracks: {realOof.Count} real, {blendOof.Count} self-blended ({frames} measured frames), {tracks.Select(t => t.Group).Distinct().Count()} source groups; leave-one-group-out, per-track score = mean of the top third of frame scores; threshold {threshold.ToString("0.000", inv)} (held-out real tracks above it ≤ {fpr.ToString("P0", inv)})").ConfigureAwait(false);
        await stdout.WriteAsync(FaceBlendTrackEvaluation.Table(tracks, oof, threshold)).ConfigureAwait(false);
        await WriteSplitAsync(stdout, splitCopy, tracks, oof, threshold).ConfigureAwait(false);
        foreach (var rate in (double[])[0.01, 0.02, 0.05, 0.10])
        {
            var t = FaceBlendTraining.ThresholdAt(realOof, rate);
            await stdout.WriteLineAsync(string.Create(inv, $"  at {rate:P0} of held-out real tracks: threshold {t:0.0000}, blended tracks above it {blendOof.Count(v => v > t) / (double)blendOof.Count:P1}")).ConfigureAwait(false);
        }

        var lightGbm = parse.GetValue(o.LightGbm);
        TreeSettings treeSettings;
        try
        {
            treeSettings = parse.GetValue(o.TreeParams) is { } tp ? TreeSettings.Parse(tp) : TreeSettings.Default;
        }
        catch (FormatException e)
        {
            await stderr.WriteLineAsync("fakelens train face-blend: " + e.Message).ConfigureAwait(false);
            return 2;
        }

        if (parse.GetValue(o.TrackLevel))
        {
            // Experiment: a classifier on per-track rows (mean and spread of each feature over the frames).
            var tl = FaceBlendTrackEvaluation.LeaveOneGroupOutTrackLevel(tracks, h, l2, epochs, seed, ct, folds);
            var tlReal = Enumerable.Range(0, tracks.Count).Where(i => !tracks[i].Blended).Select(i => tl[i]).ToList();
            var tlThreshold = FaceBlendTraining.ThresholdAt(tlReal, fpr);
            await stdout.WriteLineAsync("track-level classifier (mean and spread of each feature over the frames), leave-one-group-out:").ConfigureAwait(false);
            await stdout.WriteAsync(FaceBlendTrackEvaluation.Table(tracks, tl, tlThreshold)).ConfigureAwait(false);
            if (lightGbm)
            {
                // The same track rows with LightGBM (evaluation only: scan time has no track-row scorer).
                var rows = tracks.Select(FaceBlendTrackEvaluation.TrackRow).ToList();
                var tg = new double[tracks.Count];
                foreach (var group in folds.Distinct())
                {
                    var train = Enumerable.Range(0, tracks.Count).Where(i => folds[i] != group).ToList();
                    var model = FeatureClassifier.Train(train.Select(i => rows[i]).ToList(), train.Select(i => tracks[i].Blended).ToList(), ClassifierKind.LightGbm, seed, trees: treeSettings).ToTreeEnsemble();
                    for (var i = 0; i < tracks.Count; i++)
                    {
                        if (folds[i] == group)
                        {
                            tg[i] = model.Probability(rows[i]);
                        }
                    }
                }

                var tgReal = Enumerable.Range(0, tracks.Count).Where(i => !tracks[i].Blended).Select(i => tg[i]).ToList();
                await stdout.WriteLineAsync("track-level LightGBM (mean and spread of each feature over the frames), leave-one-group-out:").ConfigureAwait(false);
                await stdout.WriteAsync(FaceBlendTrackEvaluation.Table(tracks, tg, FaceBlendTraining.ThresholdAt(tgReal, fpr))).ConfigureAwait(false);
            }
        }

        double[]? gb = null;
        var gbThreshold = double.NaN;
        if (lightGbm && window == 0)
        {
            // The same leave-one-group-out protocol with gradient-boosted trees as the frame classifier, each held-out
            // model scored through its exported trees (the plain evaluator scan time uses), Platt-calibrated per frame.
            gb = LeaveOneGroupOutLightGbm(tracks, folds, seed, treeSettings, ct);
            var gbReal = Enumerable.Range(0, tracks.Count).Where(i => !tracks[i].Blended).Select(i => gb[i]).ToList();
            var gbBlend = Enumerable.Range(0, tracks.Count).Where(i => tracks[i].Blended).Select(i => gb[i]).ToList();
            gbThreshold = FaceBlendTraining.ThresholdAt(gbReal, fpr);
            await stdout.WriteLineAsync($"LightGBM frame classifier ({treeSettings}; exported trees, calibrated), leave-one-group-out; threshold {gbThreshold.ToString("0.000", inv)}:").ConfigureAwait(false);
            await stdout.WriteAsync(FaceBlendTrackEvaluation.Table(tracks, gb, gbThreshold)).ConfigureAwait(false);
            await WriteSplitAsync(stdout, splitCopy, tracks, gb, gbThreshold).ConfigureAwait(false);
            foreach (var rate in (double[])[0.01, 0.02, 0.05, 0.10])
            {
                var t = FaceBlendTraining.ThresholdAt(gbReal, rate);
                await stdout.WriteLineAsync(string.Create(inv, $"  at {rate:P0} of held-out real tracks: threshold {t:0.0000}, blended tracks above it {gbBlend.Count(v => v > t) / (double)gbBlend.Count:P1}")).ConfigureAwait(false);
            }

            WriteScores(parse.GetValue(o.ScoresOut) is { } so ? Path.ChangeExtension(so, null) + "-lightgbm.csv" : null, tracks, gb);
        }

        double[]? win = null;
        var winThreshold = double.NaN;
        var withFrames = parse.GetValue(o.WindowWithFrames);
        if (window > 0)
        {
            // The sliding-window track model, same protocol: each source's tracks scored by window trees trained on the
            // other sources' windows, through the exported trees as at scan time (FaceBlendModel.ScoreTrack). With
            // --window-with-frames the fold's frame trees too, and their combination (the model -o then writes).
            win = new double[tracks.Count];
            var windowOnly = new double[tracks.Count];
            var frameOnly = new double[tracks.Count];
            foreach (var group in folds.Distinct())
            {
                ct.ThrowIfCancellationRequested();
                var wm = TrainWindowModel(Enumerable.Range(0, tracks.Count).Where(i => folds[i] != group).Select(i => tracks[i]), window, stats, withFrames, seed, treeSettings);
                var alone = wm.FrameTrees is null ? wm : FaceBlendModel.FromWindowTrees(wm.Trees!, window, stats);
                for (var i = 0; i < tracks.Count; i++)
                {
                    if (folds[i] == group)
                    {
                        win[i] = wm.ScoreTrack(tracks[i].Frames).Track;
                        windowOnly[i] = alone.ScoreTrack(tracks[i].Frames).Track;
                        frameOnly[i] = wm.FrameTrees is { } ft ? FaceBlendTracks.TrackScore(tracks[i].Frames.Select(f => f is null ? double.NaN : ft.Probability(f))) : double.NaN;
                    }
                }
            }

            var parts = new List<(string Name, double[] Scores)>();
            if (withFrames)
            {
                parts.Add(("frame trees alone (same folds)", frameOnly));
                parts.Add(($"window trees alone ({window} frames; {string.Join('+', stats)} of each feature)", windowOnly));
                parts.Add(("window and frame trees, mean log-odds of the two track scores", win));
            }
            else
            {
                parts.Add(($"window track model ({window} frames; {string.Join('+', stats)} of each feature; track = top third of window scores)", win));
            }

            foreach (var (name, sc) in parts)
            {
                var real = Enumerable.Range(0, tracks.Count).Where(i => !tracks[i].Blended && double.IsFinite(sc[i])).Select(i => sc[i]).ToList();
                var blend = Enumerable.Range(0, tracks.Count).Where(i => tracks[i].Blended && double.IsFinite(sc[i])).Select(i => sc[i]).ToList();
                var thr = FaceBlendTraining.ThresholdAt(real, fpr);
                await stdout.WriteLineAsync($"{name} ({treeSettings}), leave-one-group-out; threshold {thr.ToString("0.000", inv)}:").ConfigureAwait(false);
                await stdout.WriteAsync(FaceBlendTrackEvaluation.Table(tracks, sc, thr)).ConfigureAwait(false);
                await WriteSplitAsync(stdout, splitCopy, tracks, sc, thr).ConfigureAwait(false);
                foreach (var rate in (double[])[0.01, 0.02, 0.05, 0.10])
                {
                    var t = FaceBlendTraining.ThresholdAt(real, rate);
                    await stdout.WriteLineAsync(string.Create(inv, $"  at {rate:P0} of held-out real tracks: threshold {t:0.0000}, blended tracks above it {blend.Count(v => v > t) / (double)blend.Count:P1}")).ConfigureAwait(false);
                }

                if (ReferenceEquals(sc, win))
                {
                    winThreshold = thr;
                }
            }

            if (parse.GetValue(o.ScoresOut) is { } so)
            {
                WriteScores(Path.ChangeExtension(so, null) + $"-window{window}.csv", tracks, win);
                if (withFrames)
                {
                    WriteScores(Path.ChangeExtension(so, null) + $"-window{window}-windows-alone.csv", tracks, windowOnly);
                    WriteScores(Path.ChangeExtension(so, null) + $"-window{window}-frames-alone.csv", tracks, frameOnly);
                }
            }
        }

        if (parse.GetValue(o.Output) is { } path)
        {
            if (columns != "v3")
            {
                await stderr.WriteLineAsync("fakelens train face-blend --video: only --columns v3 can be written as a model (scan time measures the hand-made features only)").ConfigureAwait(false);
                return 2;
            }

            var (rows, labels) = FaceBlendTrackEvaluation.Frames(tracks);
            FaceBlendModel model;
            double[] heldOut;
            double modelThreshold;
            if (win is not null)
            {
                model = TrainWindowModel(tracks, window, stats, withFrames, seed, treeSettings);
                heldOut = win;
                modelThreshold = winThreshold;
            }
            else if (gb is not null)
            {
                var trees = FeatureClassifier.Train(rows, labels.Select(l => l == 1).ToList(), ClassifierKind.LightGbm, seed, trees: treeSettings).ToTreeEnsemble();
                model = FaceBlendModel.FromTrees(trees);
                heldOut = gb;
                modelThreshold = gbThreshold;
            }
            else
            {
                model = FaceBlendModel.Train(rows, labels, h, l2, epochs, seed);
                heldOut = oof;
                modelThreshold = threshold;
            }

            var heldReal = Enumerable.Range(0, tracks.Count).Where(i => !tracks[i].Blended && double.IsFinite(heldOut[i])).Select(i => heldOut[i]).ToList();
            var heldBlend = Enumerable.Range(0, tracks.Count).Where(i => tracks[i].Blended && double.IsFinite(heldOut[i])).Select(i => heldOut[i]).ToList();
            model.Threshold = modelThreshold;
            if (!model.IsWindowModel)
            {
                model.TrackAggregate = "top-third-mean";
            }

            model.HeldOutRealFlagged = heldReal.Count(v => v > modelThreshold) / (double)Math.Max(1, heldReal.Count);
            var scored = Enumerable.Range(0, tracks.Count).Where(i => double.IsFinite(heldOut[i])).ToList();
            model.Metrics["logo_track_auc_pooled"] = Math.Round(FaceBlendTraining.Auc(scored.Select(i => heldOut[i]).ToList(), scored.Select(i => tracks[i].Blended).ToList()), 4);
            model.Metrics["tracks_real"] = heldReal.Count;
            model.Metrics["tracks_blended"] = heldBlend.Count;
            model.Metrics["frames"] = frames;
            model.Metrics["logo_blended_tracks_flagged"] = Math.Round(heldBlend.Count(v => v > modelThreshold) / (double)Math.Max(1, heldBlend.Count), 4);
            model.Command = "fakelens " + string.Join(' ', parse.Tokens.Select(t => t.Value));
            model.Save(path);
            await stdout.WriteLineAsync($"{model.Kind} model written to {path}").ConfigureAwait(false);
        }

        return 0;
    }

    /// <summary>Window trees trained on every window of the given tracks (each window labelled as its track); with frames, also frame trees on every measured frame.</summary>
    private static FaceBlendModel TrainWindowModel(IEnumerable<BlendTrack> tracks, int window, IReadOnlyList<string> stats, bool withFrames, int seed, TreeSettings settings)
    {
        var list = tracks.ToList();
        var rows = new List<float[]>();
        var labels = new List<bool>();
        foreach (var t in list)
        {
            foreach (var w in FaceBlendWindows.Windows(t.Frames, window, stats))
            {
                rows.Add(w.Row);
                labels.Add(t.Blended);
            }
        }

        var trees = FeatureClassifier.Train(rows, labels, ClassifierKind.LightGbm, seed, trees: settings).ToTreeEnsemble();
        TreeEnsemble? frameTrees = null;
        if (withFrames)
        {
            var (frameRows, frameLabels) = FaceBlendTrackEvaluation.Frames(list);
            frameTrees = FeatureClassifier.Train(frameRows, frameLabels.Select(l => l == 1).ToList(), ClassifierKind.LightGbm, seed, trees: settings).ToTreeEnsemble();
        }

        return FaceBlendModel.FromWindowTrees(trees, window, stats, frameTrees);
    }

    private static double[] LeaveOneGroupOutLightGbm(IReadOnlyList<BlendTrack> tracks, IReadOnlyList<string> folds, int seed, TreeSettings settings, CancellationToken ct)
    {
        var scores = new double[tracks.Count];
        foreach (var group in folds.Distinct())
        {
            ct.ThrowIfCancellationRequested();
            var (rows, labels) = FaceBlendTrackEvaluation.Frames(Enumerable.Range(0, tracks.Count).Where(i => folds[i] != group).Select(i => tracks[i]));
            var model = FeatureClassifier.Train(rows, labels.Select(l => l == 1).ToList(), ClassifierKind.LightGbm, seed, trees: settings).ToTreeEnsemble();
            for (var i = 0; i < tracks.Count; i++)
            {
                if (folds[i] == group)
                {
                    scores[i] = FaceBlendTracks.TrackScore(tracks[i].Frames.Select(f => f is null ? double.NaN : model.Probability(f)));
                }
            }
        }

        return scores;
    }

    /// <summary>
    /// With <c>--split-copy N</c> (N &gt; 0): the same table for the blended tracks numbered below N (e.g. the flickering
    /// copies) and for those from N on (e.g. the steady-mask copies, <c>--steady-blends</c>), each against every real
    /// track at the same threshold, and the share of each set above the thresholds at 1 / 2 / 5 / 10 % of real tracks.
    /// </summary>
    private static async Task WriteSplitAsync(TextWriter stdout, int splitCopy, IReadOnlyList<BlendTrack> tracks, IReadOnlyList<double> scores, double threshold)
    {
        if (splitCopy <= 0)
        {
            return;
        }

        var inv = CultureInfo.InvariantCulture;
        var real = Enumerable.Range(0, tracks.Count).Where(i => !tracks[i].Blended && double.IsFinite(scores[i])).Select(i => scores[i]).ToList();
        foreach (var (name, keep) in new (string, Func<BlendTrack, bool>)[] { ($"blended copies < {splitCopy}", t => t.Copy < splitCopy), ($"blended copies >= {splitCopy}", t => t.Copy >= splitCopy) })
        {
            var idx = Enumerable.Range(0, tracks.Count).Where(i => !tracks[i].Blended || keep(tracks[i])).ToList();
            var blend = idx.Where(i => tracks[i].Blended && double.IsFinite(scores[i])).Select(i => scores[i]).ToList();
            if (blend.Count == 0)
            {
                continue;
            }

            await stdout.WriteLineAsync(string.Create(inv, $"  {name} only ({blend.Count} tracks), with every real track, same threshold {threshold:0.000}:")).ConfigureAwait(false);
            await stdout.WriteAsync(FaceBlendTrackEvaluation.Table(idx.Select(i => tracks[i]).ToList(), idx.Select(i => scores[i]).ToList(), threshold)).ConfigureAwait(false);
            foreach (var rate in (double[])[0.01, 0.02, 0.05, 0.10])
            {
                var t = FaceBlendTraining.ThresholdAt(real, rate);
                await stdout.WriteLineAsync(string.Create(inv, $"    at {rate:P0} of held-out real tracks: threshold {t:0.0000}, these blended tracks above it {blend.Count(v => v > t) / (double)blend.Count:P1}")).ConfigureAwait(false);
            }
        }
    }

    /// <summary>One line per track: group, copy (0 = real), CRF, face width and score (for sub-set figures).</summary>
    private static void WriteScores(string? path, IReadOnlyList<BlendTrack> tracks, IReadOnlyList<double> scores)
    {
        if (path is null)
        {
            return;
        }

        var inv = CultureInfo.InvariantCulture;
        using var w = new StreamWriter(path);
        w.WriteLine("group,copy,crf,face_width,score");
        for (var i = 0; i < tracks.Count; i++)
        {
            w.WriteLine(string.Join(',', tracks[i].Group, tracks[i].Copy.ToString(inv), tracks[i].Crf.ToString(inv), tracks[i].FaceWidth.ToString(inv), scores[i].ToString("R", inv)));
        }
    }
}
