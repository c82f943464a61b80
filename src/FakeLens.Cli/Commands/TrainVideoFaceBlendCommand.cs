using System.CommandLine;
using System.Globalization;
using FakeLens.Faces;
using FakeLens.Faces.Blend;

namespace FakeLens.Cli.Commands;

/// <summary>
/// <c>fakelens train face-blend</c>: the self-blended face detector (faces.blend) from folders of REAL face images
/// only (first sub-folder = source group). Prints leave-one-group-out figures, sets the threshold at the target
/// false-positive rate on held-out real faces, and writes the model (JSON) with the command that made it.
/// </summary>
internal static class TrainVideoFaceBlendCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var real = new Option<string?>("--real") { Description = "Folder of real images; each sub-folder is one source group (held out whole).", HelpName = "dir" };
        var output = new Option<string?>("--output", "-o") { Description = "Model file to write (.json); without it, evaluate only.", HelpName = "model.json" };
        var codec = new Option<string>("--codec") { Description = "Re-encoding of both classes before measuring: jpeg85 or h264.", DefaultValueFactory = _ => "jpeg85" };
        var blends = new Option<int>("--blends") { Description = "Self-blended copies per real face.", DefaultValueFactory = _ => 2 };
        var hidden = new Option<int>("--hidden") { Description = "Hidden units (0 = logistic regression).", DefaultValueFactory = _ => 16 };
        var epochs = new Option<int>("--epochs") { Description = "Full-batch Adam steps.", DefaultValueFactory = _ => 400 };
        var l2 = new Option<double>("--l2") { Description = "L2 penalty on weights.", DefaultValueFactory = _ => 1e-3 };
        var fpr = new Option<double>("--fpr") { Description = "Share of held-out real faces allowed above the threshold.", DefaultValueFactory = _ => 0.01 };
        var seed = new Option<int>("--seed") { Description = "Random seed (blends, weights).", DefaultValueFactory = _ => 7 };
        var maxImages = new Option<int>("--max-images") { Description = "At most this many images per group (spread evenly).", DefaultValueFactory = _ => 40 };
        var featuresOut = new Option<string?>("--features-out") { Description = "Write the measured faces to this CSV (to retrain without measuring again).", HelpName = "file.csv" };
        var featuresIn = new Option<string?>("--features-in") { Description = "Read measured faces from this CSV instead of --real.", HelpName = "file.csv" };
        var video = new Option<bool>("--video") { Description = "Simulated H.264 video tracks (8 moving frames unless --frames, CRF 23-28, faces 90-300 px, per-frame mask jitter) instead of single crops; the threshold applies to the per-track score (mean of the top third of frame scores). --features-in/--features-out then hold the tracks." };
        var frames = new Option<int>("--frames") { Description = "With --video and --real: frames per simulated track at 10 fps (default 8, the v1-v3 recipe; longer tracks sweep back and forth over the 8-frame path, their first 8 frames drawn as in the 8-frame recipe).", DefaultValueFactory = _ => FaceBlendTracks.FramesPerTrack };
        var steadyBlends = new Option<int>("--steady-blends") { Description = "With --video and --real: this many more blended tracks per face (copies numbered after the --blends ones) with a STEADY mask — the track's settings and hull for every frame, no per-frame jitter (a face swap with a stable mask). Default 0, so earlier recipes reproduce.", DefaultValueFactory = _ => 0 };
        var halfSteady = new Option<bool>("--half-steady") { Description = "With --video: ONE blended track per face, as the one-blend recipe has, steady for about half the faces and flickering for the others (a fixed hash of file name and face index). With --real it needs --blends 1 --steady-blends 1 and measures only the picked copy (both are drawn, so it is the track a full run gives under the same ids); with --features-in it keeps the same pick from files that hold both copies." };
        var steadyOnly = new Option<bool>("--steady-only") { Description = "With --steady-blends: measure and write only the steady tracks (the real and flickering ones are drawn, not measured, so each face keeps the size, CRF and motion of a full run with the same seed, and the file joins that run's --features-out file)." };
        var splitCopy = new Option<int>("--split-copy") { Description = "With --video: after each table, the same figures for the blended tracks numbered below N and from N on (e.g. --blends 1 --steady-blends 1 and N = 2: flickering against steady masks), each against every real track at the same threshold. 0 = off.", DefaultValueFactory = _ => 0 };
        var trackLevel = new Option<bool>("--track-level") { Description = "With --video: also evaluate (not ship) a classifier on per-track rows (mean and spread of each feature over the frames)." };
        var deep = new Option<bool>("--deep") { Description = "With --video and --real: also measure frozen ResNet-18 features of each frame's face and of its high-pass residual (experiment; written with --features-out)." };
        var columns = new Option<string>("--columns") { Description = "With --video: which measured columns to learn from: v3 (hand-made, shippable), resnet or both (experiments).", DefaultValueFactory = _ => "v3" };
        var lightGbm = new Option<bool>("--lightgbm") { Description = "With --video: also evaluate LightGBM (300 rounds, 15 leaves) as the frame classifier, leave-one-group-out, scored through the exported trees as at scan time; with -o the tree model is written (kind 'trees', its threshold from this evaluation) instead of the logistic one." };
        var treeParams = new Option<string?>("--tree-params") { Description = "With --lightgbm: tree settings, e.g. rounds=600,leaves=31,lr=0.03,min-leaf=20,feature-fraction=0.5 (default 300 rounds, 15 leaves, lr 0.05, min-leaf 5, all features).", HelpName = "k=v,..." };
        var window = new Option<int>("--window") { Description = "With --video --lightgbm: the sliding-window track model instead of the frame model — LightGBM on one row per window of this many measured frames (statistics of each blend feature over the window, --window-stats); a track's score is the mean of the top third of its window scores; with -o the window model (kind 'window-trees') is written. 0 = off.", DefaultValueFactory = _ => 0 };
        var windowStats = new Option<string>("--window-stats") { Description = "With --window: per-feature statistics of a window row, from mean, std, absdiff (mean absolute change between consecutive frames), min, max.", DefaultValueFactory = _ => "mean,std" };
        var withFrames = new Option<bool>("--window-with-frames") { Description = "With --window: the model also holds frame trees (LightGBM on single frames) and a track scores the mean log-odds of its window and frame track scores; the figures of each part and of the combination are printed, and -o writes the combination." };
        var scoreWith = new Option<string?>("--score-with") { Description = "With --video: score the tracks with this trained model (.json) at its own threshold instead of training (e.g. the shipped model on sources it never saw).", HelpName = "model.json" };
        var scoresOut = new Option<string?>("--scores-out") { Description = "With --video: write each track's held-out score (group, copy, crf, face width, score) to this CSV.", HelpName = "file.csv" };
        var foldMap = new Option<string?>("--fold-map") { Description = "With --video: hold out folds instead of single sources — a CSV 'source,fold' naming every source group of the tracks (a fold is a union of whole sources; tables stay per source). Write one with --fold-map-out.", HelpName = "folds.csv" };
        var foldMapOut = new Option<string?>("--fold-map-out") { Description = "With --video: write the fold map of the tracks read (after --half-steady) — sources with fewer than --fold-min-faces real faces share one fold 'small-sources', every other source is its own — and stop (no training).", HelpName = "folds.csv" };
        var foldMinFaces = new Option<int>("--fold-min-faces") { Description = "With --fold-map-out: sources with fewer real faces (real tracks) than this share one fold.", DefaultValueFactory = _ => 5 };
        var command = new Command("face-blend", "Train the self-blended face detector (faces.blend) on real faces only: each face against blends of itself; leave-one-source-out figures; writes a JSON model.")
        {
            real, output, codec, blends, hidden, epochs, l2, fpr, seed, maxImages, featuresOut, featuresIn, video, trackLevel, deep, columns, lightGbm, treeParams, window, windowStats, withFrames, scoreWith, scoresOut, frames, steadyBlends, steadyOnly, splitCopy, halfSteady, foldMap, foldMapOut, foldMinFaces,
        };
        command.SetAction(async (parse, ct) =>
        {
            if (parse.GetValue(video))
            {
                return await TrainVideoFaceBlendTracks.RunAsync(parse, new(real, output, blends, hidden, epochs, l2, fpr, seed, maxImages, featuresOut, featuresIn, trackLevel, deep, columns, lightGbm, treeParams, window, windowStats, withFrames, scoreWith, scoresOut, frames, steadyBlends, steadyOnly, splitCopy, halfSteady, foldMap, foldMapOut, foldMinFaces), stdout, stderr, ct).ConfigureAwait(false);
            }

            var inv = CultureInfo.InvariantCulture;
            List<BlendSample> samples;
            if (parse.GetValue(featuresIn) is { } csvIn)
            {
                samples = ReadCsv(csvIn);
            }
            else if (parse.GetValue(real) is { } root && Directory.Exists(root))
            {
                using var engine = FaceEngine.TryCreate(out var whyNot);
                if (engine is null)
                {
                    await stderr.WriteLineAsync("fakelens train face-blend: " + whyNot).ConfigureAwait(false);
                    return 2;
                }

                var c = parse.GetValue(codec) == "h264" ? BlendCodec.H264Crf23 : BlendCodec.Jpeg85;
                samples = FaceBlendTraining.Build(root, engine, parse.GetValue(blends), c, parse.GetValue(seed), parse.GetValue(maxImages), m => stderr.WriteLine(m), ct);
            }
            else
            {
                await stderr.WriteLineAsync("fakelens train face-blend: give --real DIR (sub-folders = source groups) or --features-in FILE").ConfigureAwait(false);
                return 2;
            }

            if (parse.GetValue(featuresOut) is { } csvOut)
            {
                WriteCsv(csvOut, samples);
            }

            if (samples.Count(s => s.Blended) == 0 || samples.Count(s => !s.Blended) == 0 || samples.Select(s => s.Group).Distinct().Count() < 2)
            {
                await stderr.WriteLineAsync("fakelens train face-blend: need real and blended faces from at least two source groups").ConfigureAwait(false);
                return 1;
            }

            var h = parse.GetValue(hidden);
            var lambda = parse.GetValue(l2);
            var steps = parse.GetValue(epochs);
            var s0 = parse.GetValue(seed);
            var oof = FaceBlendTraining.LeaveOneGroupOut(samples, h, lambda, steps, s0, ct);
            var realOof = Enumerable.Range(0, samples.Count).Where(i => !samples[i].Blended).Select(i => oof[i]).ToList();
            var threshold = FaceBlendTraining.ThresholdAt(realOof, parse.GetValue(fpr));
            var pooled = FaceBlendTraining.Auc(oof, samples.Select(s => s.Blended).ToList());
            await stdout.WriteLineAsync($"faces: {samples.Count(s => !s.Blended)} real, {samples.Count(s => s.Blended)} self-blended, {samples.Select(s => s.Group).Distinct().Count()} source groups; leave-one-group-out, threshold {threshold.ToString("0.000", inv)} (held-out real faces above it ≤ {parse.GetValue(fpr).ToString("P0", inv)})").ConfigureAwait(false);
            await stdout.WriteAsync(FaceBlendTraining.Table(samples, oof, threshold)).ConfigureAwait(false);
            var blendOof = Enumerable.Range(0, samples.Count).Where(i => samples[i].Blended).Select(i => oof[i]).ToList();
            foreach (var rate in (double[])[0.01, 0.02, 0.05, 0.10])
            {
                var t = FaceBlendTraining.ThresholdAt(realOof, rate);
                await stdout.WriteLineAsync(string.Create(inv, $"  at {rate:P0} of held-out real faces: threshold {t:0.0000}, self-blends above it {blendOof.Count(v => v > t) / (double)blendOof.Count:P1}")).ConfigureAwait(false);
            }
            if (parse.GetValue(output) is { } path)
            {
                var model = FaceBlendModel.Train(samples.Select(s => s.Features).ToList(), samples.Select(s => s.Blended ? 1 : 0).ToList(), h, lambda, steps, s0);
                model.Threshold = threshold;
                model.HeldOutRealFlagged = realOof.Count(v => v > threshold) / (double)Math.Max(1, realOof.Count);
                model.Metrics["logo_auc_pooled"] = Math.Round(pooled, 4);
                model.Metrics["faces_real"] = samples.Count(s => !s.Blended);
                model.Metrics["faces_blended"] = samples.Count(s => s.Blended);
                var blendedOof = Enumerable.Range(0, samples.Count).Where(i => samples[i].Blended).Select(i => oof[i]).ToList();
                model.Metrics["logo_blended_flagged"] = Math.Round(blendedOof.Count(v => v > threshold) / (double)Math.Max(1, blendedOof.Count), 4);
                model.Command = "fakelens " + string.Join(' ', parse.Tokens.Select(t => t.Value));
                model.Save(path);
                await stdout.WriteLineAsync($"model written to {path}").ConfigureAwait(false);
            }

            return 0;
        });
        return command;
    }

    private static void WriteCsv(string path, IReadOnlyList<BlendSample> samples)
    {
        var inv = CultureInfo.InvariantCulture;
        var lines = new List<string> { "group,path,face,blended," + string.Join(',', FaceBlendFeatures.Names) };
        lines.AddRange(samples.Select(s => string.Join(',', [s.Group, "\"" + s.Path.Replace("\"", "'", StringComparison.Ordinal) + "\"", s.Face.ToString(inv), s.Blended ? "1" : "0", .. s.Features.Select(v => v.ToString("R", inv))])));
        File.WriteAllLines(path, lines);
    }

    private static List<BlendSample> ReadCsv(string path)
    {
        var inv = CultureInfo.InvariantCulture;
        var lines = File.ReadAllLines(path);
        var header = lines[0].Split(',');
        if (!header.Skip(4).SequenceEqual(FaceBlendFeatures.Names))
        {
            throw new InvalidDataException($"{path} holds other blend features than this build computes (v{FaceBlendFeatures.Version}); measure again with --real.");
        }

        var result = new List<BlendSample>();
        foreach (var line in lines.Skip(1))
        {
            var q1 = line.IndexOf('"', StringComparison.Ordinal);
            var q2 = line.IndexOf('"', q1 + 1);
            var group = line[..(q1 - 1)];
            var file = line[(q1 + 1)..q2];
            var rest = line[(q2 + 2)..].Split(',');
            result.Add(new BlendSample(group, file, int.Parse(rest[0], inv), rest[1] == "1", rest.Skip(2).Select(v => float.Parse(v, inv)).ToArray()));
        }

        return result;
    }
}
