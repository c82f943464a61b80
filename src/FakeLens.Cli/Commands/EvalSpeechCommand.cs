using System.CommandLine;
using System.Globalization;
using System.Text;
using FakeLens.Audio.Augmentation;
using FakeLens.Learning.Evaluation;
using FakeLens.Learning.Image;
using FakeLens.Learning.Models;
using FakeLens.Learning.Plotting;
using FakeLens.Learning.Speech;

namespace FakeLens.Cli.Commands;

/// <summary>
/// <c>fakelens eval speech</c>: scores labelled folders under each codec condition (applied to both classes) with a
/// model file (the shipped default unless --model) and its LFCC-GMM baseline; prints EER, accuracy at the model's
/// threshold, per-folder, per-voice, voice-matched and per-codec tables. <c>--cv</c> retrains both models in
/// voice-grouped folds and reports out-of-fold scores (honest when the model was trained on the same data);
/// <c>--loo</c> trains without one synthetic family at a time and tests on it against unseen real voices.
/// </summary>
internal static class EvalSpeechCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var real = new Option<string[]>("--real") { Description = "Folders (or files) of real speech.", AllowMultipleArgumentsPerToken = true, HelpName = "dir" };
        var fake = new Option<string[]>("--fake") { Description = "Folders (or files) of synthetic speech.", AllowMultipleArgumentsPerToken = true, HelpName = "dir" };
        var (corpus, corpusRoot, cache) = TrainSpeechCommand.CorpusOptions();
        var modelPath = new Option<string?>("--model") { Description = "Model file (default: the shipped default-speech model).", HelpName = "model.zip" };
        var skipModel = new Option<bool>("--no-model") { Description = "Do not score with a model file (only --cv / --loo)." };
        var codecs = new Option<string>("--codecs") { Description = "Test conditions applied to both classes: clean, mp3:64, aac:48, opus:24, phone (8 kHz band), noise:20 (dB SNR), reverb:400 (RT60 ms) …", DefaultValueFactory = _ => "clean,mp3:64" };
        var cv = new Option<bool>("--cv") { Description = "Voice-grouped cross-validation: retrain the model and the GMM in folds, report out-of-fold scores." };
        var loo = new Option<bool>("--loo") { Description = "Leave-one-system-out: train without each synthetic family, test on it against unseen real voices." };
        var augment = new Option<bool>("--augment") { Description = "Training for --cv/--loo uses random codecs and noise for both classes." };
        var multi = new Option<bool>("--multi-condition") { Description = "Training for --cv/--loo uses every --codecs condition's rows of the training clips (multi-condition training; the split still keeps each clip and voice on one side)." };
        var trainConditions = new Option<string?>("--train-conditions") { Description = "With --multi-condition: train only on these of the --codecs conditions (e.g. clean,mp3:64 while --codecs also tests opus:24); every --codecs condition when omitted.", HelpName = "codecs" };
        var featureFamilies = new Option<bool>("--families") { Description = "With --loo: also train a LightGBM on each feature family alone (LFCC, spectral shape, phase, prosody, pauses, all cues) and print their leave-one-system-out EERs." };
        var familySet = new Option<string?>("--family-set") { Description = "With --families: only these families (comma-separated keys: lfcc, shape, phase, prosody, pauses, cues, subband, modulation, v1, lfcc+st); all when omitted.", HelpName = "keys" };
        var vad = new Option<string>("--vad") { Description = "Voice-activity detector whose speech frames the features use: energy (what the shipped models use) or silero (Silero VAD v5; for comparison).", DefaultValueFactory = _ => "energy" };
        var noGmm = new Option<bool>("--no-gmm") { Description = "For --cv/--loo: do not train the LFCC-GMM (LightGBM only; much faster)." };
        var vocoded = new Option<bool>("--vocoded") { Description = "Training for --cv/--loo adds Griffin-Lim vocoded copies of real clips as fakes." };
        var det = new Option<string?>("--det") { Description = "Write the DET curves (PNG).", HelpName = "det.png" };
        var csv = new Option<string?>("--csv") { Description = "Write per-file scores (CSV).", HelpName = "scores.csv" };
        var seed = new Option<int>("--seed") { Description = "Seed for trims, codecs and training.", DefaultValueFactory = _ => 7 };
        var components = new Option<int>("--gmm-components") { Description = "GMM components for --cv/--loo.", DefaultValueFactory = _ => 64 };
        var iterations = new Option<int>("--gmm-iterations") { Description = "EM iterations for --cv/--loo.", DefaultValueFactory = _ => 10 };
        var fpr = new Option<double>("--fpr") { Description = "Target false-positive rate for the --cv threshold.", DefaultValueFactory = _ => 0.05 };
        var limit = new Option<int>("--limit") { Description = "At most this many clips per folder (0 = all).", DefaultValueFactory = _ => 0 };
        var threads = new Option<int>("--threads") { Description = "Analysis threads.", DefaultValueFactory = _ => 2 };
        var gmmFrames = new Option<int>("--gmm-frames") { Description = "At most this many frames per class go into the GMM's EM (random subset).", DefaultValueFactory = _ => 80_000 };
        var loro = new Option<string[]>("--loro") { Description = "Leave one real source out: hold out each named real folder (corpus repository name, e.g. speechocean762, or shared folder name; a+b+c holds several out together) with every K-th synthetic system; report its false-positive rate at the calibrated threshold and the EER of each held-out pair.", AllowMultipleArgumentsPerToken = true, HelpName = "folder" };
        var lorepo = new Option<string[]>("--lorepo") { Description = "Leave one repository out: hold out each named corpus repository whole (its synthetic and real clips and every voice it used; a+b holds several out together), train the calibrated LightGBM on everything else, report the held-out FPR, TPR and EER per repository and per system; with a model file (--model or the default) that model is scored on the same clips beside it.", AllowMultipleArgumentsPerToken = true, HelpName = "folder" };
        var trainWithout = new Option<string[]>("--train-without") { Description = "For --cv/--loo/--loro/--lorepo: folders never used in training, real or synthetic (e.g. the new real sources or the new repositories, to measure the previous recipe on the same splits).", AllowMultipleArgumentsPerToken = true, HelpName = "folder" };
        var testWithout = new Option<string[]>("--loo-test-without") { Description = "For --loo: real folders left out of the test side (to compare with a run whose corpus lacked them).", AllowMultipleArgumentsPerToken = true, HelpName = "folder" };
        var rowWeights = new Option<string>("--row-weights") { Description = "For --cv/--loo/--loro/--lorepo training: folder (every folder the same total weight within its class; every shipped model) or sqrt (each row 1/√(rows of its folder and class), normalised per class).", DefaultValueFactory = _ => "folder", HelpName = "folder|sqrt" };
        var blocks = new Option<string>("--blocks") { Description = "Feature blocks of each row: utterance (the hand-made vector every shipped model uses), resnet-spec (ImageNet ResNet-18 on log-power spectrogram crops; measured only), or utterance,resnet-spec. Not with a model file.", DefaultValueFactory = _ => "utterance", HelpName = "blocks" };
        var every = new Option<int>("--every") { Description = "Keep only every N-th clip of each folder and class (1 = all): a thinned set for slow feature blocks, the same clips for every run with the same N.", DefaultValueFactory = _ => 1, HelpName = "N" };
        var gmmArms = new Option<string?>("--gmm-arms") { Description = "For --lorepo: several LFCC-GMM sizes trained beside each fold's one LightGBM, as components:frames per class, comma-separated (e.g. 64:20000,256:500000); each gives a GMM head and a fused head (mean of percentile ranks among the fold's training real clips). Default: the one of --gmm-components / --gmm-frames; none with --no-gmm.", HelpName = "k:frames,…" };
        var speed = new Option<string?>("--speed") { Description = "Only measure speed: run the whole speech scan (decode, bandwidth, Silero VAD, model) on this file and report CPU time per core, × real time and peak memory.", HelpName = "file" };
        var command = new Command("speech", "Evaluate the synthetic-speech detector: EER, accuracy at the threshold, per folder, voice, codec, the voice-matched subset, leave-one-system-out.")
        {
            real, fake, corpus, corpusRoot, cache, modelPath, skipModel, codecs, cv, loo, loro, lorepo, trainWithout, testWithout, augment, multi, trainConditions, featureFamilies, familySet, vad, noGmm, vocoded, det, csv, seed, components, iterations, fpr, limit, threads, speed, gmmFrames, rowWeights, blocks, every, gmmArms,
        };
        command.SetAction(async (parse, ct) =>
        {
            try
            {
                var inv = CultureInfo.InvariantCulture;
                if (parse.GetValue(speed) is { } speedFile)
                {
                    var path = parse.GetValue(modelPath);
                    await stdout.WriteLineAsync(MeasureSpeed(speedFile, path is null ? LearnedSpeechModel.LoadDefault() : LearnedSpeechModel.Load(path), ct)).ConfigureAwait(false);
                    if (SpeechFeatureBlocksParser.Parse(parse.GetValue(blocks) ?? "utterance").HasFlag(SpeechFeatureBlocks.ResNetSpec))
                    {
                        await stdout.WriteLineAsync(MeasureBlockSpeed(speedFile, ct)).ConfigureAwait(false);
                    }

                    return CliApp.Ok;
                }

                var samples = SpeechDataset.EveryNth(SpeechDataset.Limit(TrainSpeechCommand.Samples(parse, real, fake, corpus, corpusRoot), parse.GetValue(limit)), parse.GetValue(every));
                var featureBlocks = SpeechFeatureBlocksParser.Parse(parse.GetValue(blocks) ?? "utterance");
                if (featureBlocks != SpeechFeatureBlocks.Utterance && !parse.GetValue(skipModel))
                {
                    throw new ArgumentException("--blocks other than utterance: model files hold the utterance vector only; add --no-model (with --cv, --loo, --loro or --lorepo).");
                }

                var conditions = (parse.GetValue(codecs) ?? "clean").Split(',', StringSplitOptions.RemoveEmptyEntries).Select(CodecCondition.Parse).ToList();
                var s = parse.GetValue(seed);
                var vadKind = (parse.GetValue(vad) ?? "energy").ToLowerInvariant() switch
                {
                    "energy" => FakeLens.Audio.Cues.VoiceActivityKind.Energy,
                    "silero" => FakeLens.Audio.Cues.SileroVoiceActivity.Default is null ? throw new ArgumentException("--vad silero: the Silero VAD model is not installed (run scripts/bootstrap.sh).") : FakeLens.Audio.Cues.VoiceActivityKind.Silero,
                    var other => throw new ArgumentException($"--vad wants energy or silero, got '{other}'."),
                };
                var nThreads = parse.GetValue(threads);
                void Progress(string m) => stderr.WriteLine(m);
                await stdout.WriteLineAsync($"{samples.Count(x => !x.IsFake)} real and {samples.Count(x => x.IsFake)} synthetic clips; every clip resampled to 16 kHz and trimmed randomly; conditions applied to both classes: {string.Join(", ", conditions.Select(c => c.Name))}; features over {(vadKind == FakeLens.Audio.Cues.VoiceActivityKind.Silero ? "Silero VAD" : "energy-VAD")} speech frames; feature blocks: {featureBlocks} ({SpeechFeatureBlocksParser.Names(featureBlocks).Count} columns){(parse.GetValue(every) > 1 ? $"; only every N-th clip of each folder and class, N = {parse.GetValue(every)}" : string.Empty)}\n").ConfigureAwait(false);
                var tests = new List<(string Condition, List<SpeechRow> Rows)>();
                var trainOnly = (parse.GetValue(trainConditions) ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(c => CodecCondition.Parse(c).Name).ToList();
                var heldRepositories = (parse.GetValue(lorepo) ?? []).SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList();
                var heldFolders = heldRepositories.SelectMany(RealSourceHoldout.Folders).ToHashSet(StringComparer.Ordinal);

                // A condition that is only tested (not among --train-conditions), when --lorepo is the only held-out
                // protocol, is needed for the held-out repositories' clips alone: extract only those (a new codec's
                // pass over the whole corpus costs ≈ 45 min here; the held-out block is a sixth of it).
                bool TestedOnlyOnHeldOut(CodecCondition c) =>
                    trainOnly.Count > 0 && !trainOnly.Contains(c.Name) && heldFolders.Count > 0
                    && !parse.GetValue(cv) && !parse.GetValue(loo) && (parse.GetValue(loro) ?? []).Length == 0;
                foreach (var c in conditions)
                {
                    var subset = TestedOnlyOnHeldOut(c) ? samples.Where(x => heldFolders.Contains(x.Folder)).ToList() : samples;
                    if (subset.Count < samples.Count)
                    {
                        await stdout.WriteLineAsync($"{c.Name}: tested only, so extracted for the {subset.Count} clips of the held-out repositories only (a model file's tables for it cover those clips alone)\n").ConfigureAwait(false);
                    }

                    var (rows, failures) = SpeechFeatureExtraction.Extract(subset, new SpeechExtractionOptions { Seed = s, Codec = c, Threads = nThreads, CacheDirectory = parse.GetValue(cache), Vad = vadKind, Blocks = featureBlocks }, Progress, ct);
                    foreach (var failure in failures.Take(20))
                    {
                        await stderr.WriteLineAsync("skipped " + failure).ConfigureAwait(false);
                    }

                    tests.Add((c.Name, rows));
                }

                var curves = new List<ScoreCurve>();
                var csvRows = new List<SpeechEvaluation.Scored>();
                RepositoryEvaluation.Reference? reference = null;
                if (!parse.GetValue(skipModel))
                {
                    var path = parse.GetValue(modelPath);
                    var model = path is null ? LearnedSpeechModel.LoadDefault() : LearnedSpeechModel.Load(path);
                    reference = new RepositoryEvaluation.Reference(model.Bundle.Manifest.DisplayName, r => model.Combine(model.Model.Probability(r.Features), model.Gmm?.Score(r.Frames) ?? double.NaN), model.Threshold);
                    var manifest = model.Bundle.Manifest;
                    await stdout.WriteLineAsync($"## Model {manifest.DisplayName} ({manifest.Classifier}, {manifest.Calibration}, decided by the {model.DecisionName}, threshold {model.Threshold.ToString("0.000", inv)}){(model.Gmm is null ? string.Empty : $" and its LFCC-GMM baseline ({model.Gmm.Bonafide.Components} components)")}\n").ConfigureAwait(false);
                    await stdout.WriteLineAsync("Trained on: " + manifest.TrainedOn + " — scores on those files are in-sample; use --cv or --loo for held-out figures.\n").ConfigureAwait(false);
                    var scored = tests.Select(t => new SpeechEvaluation.Scored(
                        t.Condition,
                        t.Rows,
                        t.Rows.Select(r => model.Combine(model.Model.Probability(r.Features), model.Gmm?.Score(r.Frames) ?? double.NaN)).ToList(),
                        t.Rows.Select(r => model.Gmm?.Score(r.Frames) ?? double.NaN).ToList())).ToList();
                    await WriteTables(stdout, scored, model.Threshold).ConfigureAwait(false);
                    AddCurves(curves, scored, manifest.DisplayName);
                    csvRows.AddRange(scored);
                }

                var loroSources = (parse.GetValue(loro) ?? []).SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList();
                if (parse.GetValue(cv) || parse.GetValue(loo) || loroSources.Count > 0 || heldRepositories.Count > 0)
                {
                    var options = new SpeechTrainingOptions { Seed = s, GmmComponents = parse.GetValue(components), GmmIterations = parse.GetValue(iterations), TargetFpr = parse.GetValue(fpr), Threads = nThreads, MaxGmmFrames = parse.GetValue(gmmFrames), TrainGmm = !parse.GetValue(noGmm), RowWeights = SpeechModelTrainer.ParseWeighting(parse.GetValue(rowWeights)), GmmArms = RepositoryEvaluation.ParseGmmArms(parse.GetValue(gmmArms)) };
                    var extraction = new SpeechExtractionOptions { Seed = s + 1, Augment = parse.GetValue(augment), Vocoded = parse.GetValue(vocoded), Threads = nThreads, CacheDirectory = parse.GetValue(cache), Vad = vadKind, Blocks = featureBlocks };
                    // Without augmentation the clean test rows serve as training rows too: every split keeps a clip on one
                    // side only (voice-grouped folds, or the held-out system and its voices), so no clip trains and tests at once.
                    var cleanTest = tests.FirstOrDefault(t => t.Condition == CodecCondition.Clean.Name).Rows;
                    var multiCondition = parse.GetValue(multi);
                    if (multiCondition && (extraction.Augment || extraction.Vocoded))
                    {
                        throw new ArgumentException("--multi-condition trains on the --codecs rows themselves; it does not combine with --augment or --vocoded.");
                    }

                    if (trainOnly.Count > 0 && !multiCondition)
                    {
                        throw new ArgumentException("--train-conditions chooses among the --codecs rows for --multi-condition training; add --multi-condition.");
                    }

                    var (train, failures) = multiCondition
                        ? (SpeechEvaluation.MultiConditionTraining(tests, trainOnly), new List<string>())
                        : !extraction.Augment && !extraction.Vocoded && cleanTest is not null
                        ? (cleanTest, new List<string>())
                        : SpeechFeatureExtraction.Extract(samples, extraction, Progress, ct);
                    foreach (var failure in failures.Take(20))
                    {
                        await stderr.WriteLineAsync("skipped " + failure).ConfigureAwait(false);
                    }

                    var without = (parse.GetValue(trainWithout) ?? []).SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToHashSet(StringComparer.Ordinal);
                    if (without.Count > 0)
                    {
                        train = train.Where(r => !without.Contains(r.Folder)).ToList();
                        await stdout.WriteLineAsync($"Folders never trained on: {string.Join(", ", without.Order(StringComparer.Ordinal))}\n").ConfigureAwait(false);
                    }

                    var training = $"training {(options.RowWeights == RowWeighting.SqrtFolder ? "rows weighted 1/√(folder size), " : string.Empty)}{(multiCondition ? (trainOnly.Count > 0 ? "on these test conditions' rows (" + string.Join(" + ", tests.Select(t => t.Condition).Where(trainOnly.Contains)) + ")" : "on every test condition's rows (" + string.Join(" + ", tests.Select(t => t.Condition)) + ")") : extraction.Augment ? "with random codecs and noise" : "clean")}{(extraction.Vocoded ? " + vocoded copies of real clips" : string.Empty)}";
                    if (parse.GetValue(cv))
                    {
                        var scored = SpeechEvaluation.CrossValidate(samples, train, tests, options, Progress, ct);
                        var first = scored[0];
                        var ok = Enumerable.Range(0, first.Rows.Count).Where(i => !double.IsNaN(first.Model[i])).ToList();
                        var threshold = BinaryMetrics.ThresholdAtFpr(ok.Select(i => first.Model[i]).ToList(), ok.Select(i => first.Rows[i].IsFake).ToList(), options.TargetFpr);
                        await stdout.WriteLineAsync($"## Voice-grouped {options.Folds}-fold cross-validation (LightGBM margin, {training}; LFCC-GMM {options.GmmComponents} components; threshold at {options.TargetFpr.ToString("0.##", inv)} FPR of out-of-fold real scores, {first.Condition})\n").ConfigureAwait(false);
                        await WriteTables(stdout, scored, threshold).ConfigureAwait(false);
                        AddCurves(curves, scored, "cross-validated");
                        if (csvRows.Count == 0)
                        {
                            csvRows.AddRange(scored);
                        }
                    }

                    if (parse.GetValue(loo))
                    {
                        await stdout.WriteLineAsync($"## Leave one synthetic system out ({training}; the held-out system and every voice it used are out of training; real voices split in two halves, tested on the unseen half and the held-out voices)\n").ConfigureAwait(false);
                        var notTested = (parse.GetValue(testWithout) ?? []).SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToHashSet(StringComparer.Ordinal);
                        var looTests = notTested.Count == 0 ? tests : tests.Select(t => (t.Condition, t.Rows.Where(r => r.IsFake || !notTested.Contains(r.Folder)).ToList())).ToList();
                        if (notTested.Count > 0)
                        {
                            await stdout.WriteLineAsync($"Real folders left out of the test side: {string.Join(", ", notTested.Order(StringComparer.Ordinal))}\n").ConfigureAwait(false);
                        }

                        await stdout.WriteLineAsync(SpeechEvaluation.LeaveOneSystemOut(train, looTests, options, Progress, ct, parse.GetValue(featureFamilies), parse.GetValue(familySet)?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))).ConfigureAwait(false);
                    }

                    if (loroSources.Count > 0)
                    {
                        await stdout.WriteLineAsync($"## Leave one real source out ({training}; each fold holds out one real source and every {loroSources.Count}th synthetic system, with every voice they used; calibrated LightGBM, threshold at {options.TargetFpr.ToString("0.##", inv)} FPR of out-of-fold real clips)\n").ConfigureAwait(false);
                        await stdout.WriteLineAsync(RealSourceEvaluation.Run(train, tests, loroSources, options, Progress, ct)).ConfigureAwait(false);
                    }

                    if (heldRepositories.Count > 0)
                    {
                        await stdout.WriteLineAsync($"## Leave one repository out ({training}; each fold holds out one repository whole — its synthetic and real clips and every voice group it used; calibrated LightGBM, threshold at {options.TargetFpr.ToString("0.##", inv)} FPR of out-of-fold real clips){(reference is null ? string.Empty : $", beside {reference.Name} on the same clips")}\n").ConfigureAwait(false);
                        await stdout.WriteLineAsync(RepositoryEvaluation.Run(train, tests, heldRepositories, options, reference, Progress, ct)).ConfigureAwait(false);
                    }
                }

                if (parse.GetValue(det) is { } detPath && curves.Count > 0)
                {
                    Plots.Det(detPath, "Synthetic speech: DET (fake = positive)", curves);
                }

                if (parse.GetValue(csv) is { } csvPath)
                {
                    var sb = new StringBuilder("file,label,folder,family,voice,condition,speech_seconds,model_score,gmm_score\n");
                    foreach (var sc in csvRows)
                    {
                        for (var i = 0; i < sc.Rows.Count; i++)
                        {
                            var r = sc.Rows[i];
                            sb.Append(inv, $"\"{r.Sample.Path.Replace("\"", "\"\"", StringComparison.Ordinal)}\",{(r.IsFake ? "fake" : "real")},{r.Folder},{r.Family},{r.Group},{sc.Condition},")
                              .Append(inv, $"{r.SpeechSeconds:0.00},{sc.Model[i]:0.######},{sc.Gmm[i]:0.######}\n");
                        }
                    }

                    await File.WriteAllTextAsync(csvPath, sb.ToString(), ct).ConfigureAwait(false);
                }

                return CliApp.Ok;
            }
            catch (Exception e) when (e is ArgumentException or FormatException or DirectoryNotFoundException or IOException or InvalidDataException or ModelMismatchException)
            {
                await stderr.WriteLineAsync("fakelens: " + e.Message).ConfigureAwait(false);
                return CliApp.UsageError;
            }
        });
        return command;
    }

    /// <summary>
    /// The whole speech scan of one file, timed by the process's CPU time (so other load on the machine does not
    /// count), after one warm-up run on its first 10 s: decode (ffmpeg or WAV, resampling to 16 kHz), the bandwidth
    /// cue, the Silero VAD and the learned model with its windows. Reports each stage and peak memory.
    /// </summary>
    private static string MeasureSpeed(string file, LearnedSpeechModel model, CancellationToken ct)
    {
        var inv = CultureInfo.InvariantCulture;
        var process = System.Diagnostics.Process.GetCurrentProcess();
        var detector = new SpeechModelDetector(model);
        var bandwidth = new FakeLens.Audio.Cues.SpeechBandwidthDetector();
        var warm = FakeLens.Audio.Decoding.AudioDecoder.DecodeFile(file, ct);
        _ = FakeLens.Audio.Cues.SileroVoiceActivity.Default;
        TimeSpan Cpu()
        {
            process.Refresh();
            return process.TotalProcessorTime;
        }

        var t0 = Cpu();
        var wall = System.Diagnostics.Stopwatch.StartNew();
        var audio = FakeLens.Audio.Decoding.AudioDecoder.DecodeFile(file, ct);
        var t1 = Cpu();
        _ = bandwidth.Analyze(audio, ct);
        var t2 = Cpu();
        var silero = FakeLens.Audio.Cues.SileroVoiceActivity.Default;
        _ = silero?.ChunkProbabilities(audio.Samples, ct);
        var t3 = Cpu();
        var evidence = detector.Analyze(audio, ct);
        var t4 = Cpu();
        wall.Stop();
        process.Refresh();
        var seconds = audio.DurationSeconds;
        var cpu = (t2 - t0 + (t4 - t3)).TotalSeconds; // the model stage runs the Silero VAD itself
        GC.KeepAlive(warm);
        return string.Create(inv, $"""
            {file}: {seconds:0.0} s of audio at {audio.Facts.SampleRate} Hz ({audio.Facts.Codec})
            | stage | CPU s | × real time |
            |---|---|---|
            | decode + resample to 16 kHz | {(t1 - t0).TotalSeconds:0.000} | {seconds / Math.Max(1e-9, (t1 - t0).TotalSeconds):0} |
            | bandwidth cue | {(t2 - t1).TotalSeconds:0.000} | {seconds / Math.Max(1e-9, (t2 - t1).TotalSeconds):0} |
            | Silero VAD alone{(silero is null ? " (not installed)" : string.Empty)}, also part of the next stage | {(t3 - t2).TotalSeconds:0.000} | {seconds / Math.Max(1e-9, (t3 - t2).TotalSeconds):0} |
            | speech model (frames, VAD, pitch, features, GMM, windows) | {(t4 - t3).TotalSeconds:0.000} | {seconds / Math.Max(1e-9, (t4 - t3).TotalSeconds):0} |
            | **whole speech scan** | **{cpu:0.000}** | **{seconds / Math.Max(1e-9, cpu):0}** |

            CPU time over all threads (so × real time is per core); wall {wall.Elapsed.TotalSeconds:0.00} s; peak working set {process.PeakWorkingSet64 / (1024.0 * 1024):0} MB (process, including the runtime and the model). Verdict of the run: {evidence.Id} {evidence.Probability?.ToString("0.000", inv) ?? "-"}.
            """);
    }

    /// <summary>
    /// CPU cost of the <c>resnet-spec</c> block on one file, warm, on this thread (ONNX Runtime one thread): the block as
    /// extracted (at most three crops per clip) and a dense variant, one crop per 2.24 s tiled over the whole file, which
    /// is what marking every window of a long file would cost.
    /// </summary>
    private static string MeasureBlockSpeed(string file, CancellationToken ct)
    {
        var inv = CultureInfo.InvariantCulture;
        var audio = FakeLens.Audio.Decoding.AudioDecoder.DecodeFile(file, ct);
        var samples = audio.Samples;
        var seconds = samples.Length / (double)ResNetSpectrogramFeatures.SampleRate;
        _ = ResNetSpectrogramFeatures.Compute(samples.AsSpan(0, Math.Min(samples.Length, ResNetSpectrogramFeatures.CropSamples)), ct); // warm: loads the network
        static TimeSpan Cpu() => System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime;
        var t0 = Cpu();
        var block = ResNetSpectrogramFeatures.Compute(samples, ct);
        var t1 = Cpu();
        var pooled = new float[ResNetSpectrogramFeatures.Count];
        var crops = 0;
        for (var start = 0; start + ResNetSpectrogramFeatures.CropSamples <= samples.Length; start += ResNetSpectrogramFeatures.CropSamples)
        {
            FakeLens.Imaging.Features.ResNet18Features.Instance.ComputeGray(ResNetSpectrogramFeatures.Image(samples.AsSpan(start, ResNetSpectrogramFeatures.CropSamples)), pooled, []);
            crops++;
        }

        var t2 = Cpu();
        var perCrop = crops == 0 ? double.NaN : (t2 - t1).TotalMilliseconds / crops;
        return string.Create(inv, $"""

            resnet-spec block on {file} ({seconds:0.0} s at 16 kHz), warm, one ONNX Runtime thread:
            | variant | CPU ms | CPU ms per s of audio | × real time |
            |---|---|---|---|
            | as extracted ({ResNetSpectrogramFeatures.CropStarts(samples).Count} crops of 2.26 s per clip) | {(t1 - t0).TotalMilliseconds:0} | {(t1 - t0).TotalMilliseconds / seconds:0.0} | {seconds / Math.Max(1e-9, (t1 - t0).TotalSeconds):0} |
            | dense ({crops} crops tiled over the file; {perCrop:0.0} ms per crop) | {(t2 - t1).TotalMilliseconds:0} | {(t2 - t1).TotalMilliseconds / seconds:0.0} | {seconds / Math.Max(1e-9, (t2 - t1).TotalSeconds):0} |
            Block norm {Math.Sqrt(block.Sum(v => (double)v * v)):0.00} (a check that it ran).
            """);
    }

    private static async Task WriteTables(TextWriter stdout, List<SpeechEvaluation.Scored> scored, double threshold)
    {
        await stdout.WriteLineAsync("Per codec (applied to both classes):\n").ConfigureAwait(false);
        await stdout.WriteLineAsync(SpeechEvaluation.CodecTable(scored, threshold)).ConfigureAwait(false);
        foreach (var sc in scored)
        {
            await stdout.WriteLineAsync(SpeechEvaluation.Report(sc, threshold)).ConfigureAwait(false);
        }
    }

    private static void AddCurves(List<ScoreCurve> curves, List<SpeechEvaluation.Scored> scored, string name)
    {
        foreach (var sc in scored)
        {
            var ok = Enumerable.Range(0, sc.Rows.Count).Where(i => !double.IsNaN(sc.Model[i])).ToList();
            var labels = ok.Select(i => sc.Rows[i].IsFake).ToList();
            if (labels.Contains(true) && labels.Contains(false))
            {
                curves.Add(new ScoreCurve($"{name}, {sc.Condition}", ok.Select(i => sc.Model[i]).ToList(), labels));
            }

            var g = Enumerable.Range(0, sc.Rows.Count).Where(i => !double.IsNaN(sc.Gmm[i])).ToList();
            var gl = g.Select(i => sc.Rows[i].IsFake).ToList();
            if (gl.Contains(true) && gl.Contains(false))
            {
                curves.Add(new ScoreCurve($"LFCC-GMM ({name}), {sc.Condition}", g.Select(i => sc.Gmm[i]).ToList(), gl));
            }
        }
    }
}
