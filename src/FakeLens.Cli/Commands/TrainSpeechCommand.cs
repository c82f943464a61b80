using System.CommandLine;
using System.Globalization;
using FakeLens.Audio.Features;
using FakeLens.Learning.Calibration;
using FakeLens.Learning.Classifiers;
using FakeLens.Learning.Evaluation;
using FakeLens.Learning.Image;
using FakeLens.Learning.Models;
using FakeLens.Learning.Speech;

namespace FakeLens.Cli.Commands;

/// <summary>
/// <c>fakelens train speech</c>: analyses real and synthetic clips (resampled to 16 kHz, trimmed randomly; with
/// <c>--augment</c> random codecs and noise for both classes; with <c>--vocoded</c> a Griffin–Lim copy of every real
/// clip as an extra fake), trains the utterance model calibrated on voice-grouped held-out folds with the threshold
/// at the target false-positive rate, trains the LFCC-GMM baseline, and writes one model file holding both.
/// </summary>
internal static class TrainSpeechCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var real = new Option<string[]>("--real") { Description = "Folders (or files) of real speech.", AllowMultipleArgumentsPerToken = true, HelpName = "dir" };
        var fake = new Option<string[]>("--fake") { Description = "Folders (or files) of synthetic speech; the folder name is the system family.", AllowMultipleArgumentsPerToken = true, HelpName = "dir" };
        var (corpus, corpusRoot, cache) = CorpusOptions();
        var output = new Option<string>("--output", "-o") { Description = "Model file to write (.zip).", Required = true, HelpName = "model.zip" };
        var seed = new Option<int>("--seed") { Description = "Random seed (trims, codecs, vocoder phase, folds, learner).", DefaultValueFactory = _ => 7 };
        var augment = new Option<bool>("--augment") { Description = "Random codec round trips (MP3/AAC/Opus, several bit-rates) and noise, for both classes." };
        var conditions = new Option<string>("--conditions") { Description = "Multi-condition training: every clip once per listed codec condition (both classes), e.g. clean,mp3:64; the copies of a clip share its voice group, so calibration folds keep them together.", DefaultValueFactory = _ => "clean" };
        var vocoded = new Option<bool>("--vocoded") { Description = "Add a Griffin-Lim vocoded copy of every real clip as a fake (fakes in real voices)." };
        var classifier = new Option<string>("--classifier") { Description = "lgbm, fasttree or logistic.", DefaultValueFactory = _ => "lgbm" };
        var calibration = new Option<string>("--calibration") { Description = "platt or isotonic.", DefaultValueFactory = _ => "platt" };
        var fpr = new Option<double>("--fpr") { Description = "Target false-positive rate on held-out real clips for the threshold.", DefaultValueFactory = _ => 0.05 };
        var components = new Option<int>("--gmm-components") { Description = "Components per GMM of the LFCC-GMM baseline (512 in ASVspoof 2019; 64 trains in seconds).", DefaultValueFactory = _ => 64 };
        var iterations = new Option<int>("--gmm-iterations") { Description = "EM iterations of the GMM baseline.", DefaultValueFactory = _ => 10 };
        var noGmm = new Option<bool>("--no-gmm") { Description = "Do not train the GMM baseline." };
        var limit = new Option<int>("--limit") { Description = "At most this many clips per folder (0 = all).", DefaultValueFactory = _ => 0 };
        var name = new Option<string>("--name") { Description = "Model name quoted in evidence.", DefaultValueFactory = _ => "default-speech" };
        var version = new Option<int>("--model-version") { Description = "Model version quoted in evidence.", DefaultValueFactory = _ => 1 };
        var threads = new Option<int>("--threads") { Description = "Analysis threads.", DefaultValueFactory = _ => 2 };
        var gmmFrames = new Option<int>("--gmm-frames") { Description = "At most this many frames per class go into the GMM's EM (random subset).", DefaultValueFactory = _ => 80_000 };
        var decide = new Option<string>("--decide") { Description = "What decides in scan: model (utterance model), gmm (calibrated LFCC-GMM) or fusion (mean of both).", DefaultValueFactory = _ => "model" };
        var quote = new Option<string[]>("--quote-metric") { Description = "name=value measured elsewhere (e.g. loo_eer=0.12 from eval speech --loo) to keep in the manifest and cite in evidence.", AllowMultipleArgumentsPerToken = true, HelpName = "name=value" };
        var rowWeights = new Option<string>("--row-weights") { Description = "folder (every folder the same total weight within its class; every shipped model) or sqrt (each row 1/√(rows of its folder and class), normalised per class).", DefaultValueFactory = _ => "folder", HelpName = "folder|sqrt" };
        var annotate = new Option<string?>("--annotate") { Description = "Do not train: copy this model file to --output with the --quote-metric values added to its metrics (figures measured after training, e.g. by eval speech --loo); the command is recorded in the manifest.", HelpName = "model.zip" };
        var command = new Command("speech", "Train the synthetic-speech detector on folders of real and synthetic speech; writes a calibrated model file with the LFCC-GMM baseline.")
        {
            real, fake, corpus, corpusRoot, cache, output, seed, augment, conditions, vocoded, classifier, calibration, fpr, components, iterations, noGmm, limit, name, version, threads, decide, quote, gmmFrames, annotate, rowWeights,
        };
        command.SetAction(async (parse, ct) =>
        {
            try
            {
                var inv = CultureInfo.InvariantCulture;
                if (parse.GetValue(annotate) is { } source)
                {
                    var original = ModelBundle.Load(source);
                    var merged = new Dictionary<string, double>(original.Manifest.Metrics);
                    foreach (var q in parse.GetValue(quote) ?? [])
                    {
                        var parts = q.Split('=', 2);
                        merged[parts[0]] = parts.Length == 2 && double.TryParse(parts[1], NumberStyles.Float, inv, out var v) ? v : throw new FormatException($"--quote-metric wants name=value, got '{q}'.");
                    }

                    // --decide model switches the file to the utterance model (drops the GMM decision rule; the GMM stays for its
                    // score in the facts); --model-version renumbers. Both only when given explicitly. Switching to gmm or fusion
                    // needs out-of-fold GMM scores, i.e. training.
                    var attachments = new Dictionary<string, byte[]>(original.Attachments);
                    var manifest = original.Manifest with { Metrics = merged };
                    var extra = string.Empty;
                    if (parse.GetResult(decide) is { Implicit: false })
                    {
                        if (parse.GetValue(decide) != "model")
                        {
                            throw new ArgumentException("--annotate can only switch the decision to --decide model (gmm and fusion need out-of-fold GMM scores: train instead).");
                        }

                        attachments.Remove(SpeechDecision.Attachment);
                        merged.Remove("decision_threshold");
                        extra += " --decide model";
                    }

                    if (parse.GetResult(version) is { Implicit: false })
                    {
                        manifest = manifest with { Version = parse.GetValue(version) };
                        extra += $" --model-version {parse.GetValue(version)}";
                    }

                    var note = " ; then: fakelens train speech --annotate " + source + extra + string.Concat((parse.GetValue(quote) ?? []).Select(q => " --quote-metric " + q)) + " -o " + parse.GetValue(output);
                    new ModelBundle(manifest with { Metrics = merged, Command = original.Manifest.Command + note }, original.Model, attachments).Save(parse.GetValue(output)!);
                    await stdout.WriteLineAsync($"wrote {parse.GetValue(output)}: {original.Manifest.DisplayName} with {string.Join(", ", parse.GetValue(quote) ?? [])}").ConfigureAwait(false);
                    return CliApp.Ok;
                }

                var realDirs = parse.GetValue(real) ?? [];
                var fakeDirs = parse.GetValue(fake) ?? [];
                var samples = SpeechDataset.Limit(Samples(parse, real, fake, corpus, corpusRoot), parse.GetValue(limit));
                var s = parse.GetValue(seed);
                var cal = string.Equals(parse.GetValue(calibration), "isotonic", StringComparison.OrdinalIgnoreCase) ? CalibrationKind.Isotonic : CalibrationKind.Platt;
                var options = new SpeechTrainingOptions
                {
                    Kind = ImageModelBundles.ParseClassifier(parse.GetValue(classifier)),
                    Calibration = cal,
                    TargetFpr = parse.GetValue(fpr),
                    Seed = s,
                    GmmComponents = parse.GetValue(components),
                    GmmIterations = parse.GetValue(iterations),
                    TrainGmm = !parse.GetValue(noGmm),
                    Decision = parse.GetValue(decide) ?? "model",
                    MaxGmmFrames = parse.GetValue(gmmFrames),
                    RowWeights = SpeechModelTrainer.ParseWeighting(parse.GetValue(rowWeights)),
                };
                var extraction = new SpeechExtractionOptions { Seed = s, Augment = parse.GetValue(augment), Vocoded = parse.GetValue(vocoded), Threads = parse.GetValue(threads), CacheDirectory = parse.GetValue(cache) };
                var trainConditions = (parse.GetValue(conditions) ?? "clean").Split(',', StringSplitOptions.RemoveEmptyEntries).Select(FakeLens.Audio.Augmentation.CodecCondition.Parse).ToList();
                if (trainConditions.Count > 1 && extraction.Augment)
                {
                    throw new ArgumentException("--conditions with more than one condition does not combine with --augment (random codecs).");
                }

                var rows = new List<SpeechRow>();
                var failures = new List<string>();
                foreach (var c in trainConditions)
                {
                    var (r, f) = SpeechFeatureExtraction.Extract(samples, extraction with { Codec = c }, m => stderr.WriteLine(m), ct);
                    rows.AddRange(r);
                    failures.AddRange(f);
                }

                foreach (var failure in failures)
                {
                    await stderr.WriteLineAsync("skipped " + failure).ConfigureAwait(false);
                }

                if (rows.Count < 40 && options.Kind != ClassifierKind.Logistic)
                {
                    throw new ArgumentException($"{rows.Count} clips are too few for gradient-boosted trees (their folds need at least 5 clips per leaf); add data or use --classifier logistic.");
                }

                var (model, gmm, decision) = SpeechModelTrainer.Train(rows, options, m => stderr.WriteLine(m), ct);
                var oof = model.OutOfFoldProbabilities;
                var scored = Enumerable.Range(0, rows.Count).Where(i => i < oof.Length && !double.IsNaN(oof[i])).ToList();
                var oofP = scored.Select(i => oof[i]).ToList();
                var oofY = scored.Select(i => rows[i].IsFake).ToList();
                var metrics = new Dictionary<string, double>
                {
                    ["cv_auc"] = BinaryMetrics.Auc(oofP, oofY),
                    ["cv_eer"] = BinaryMetrics.Eer(oofP, oofY).Eer,
                    ["cv_tpr_at_threshold"] = BinaryMetrics.TprAtThreshold(oofP, oofY, model.Threshold),
                    ["cv_fpr_at_threshold"] = BinaryMetrics.FprAtThreshold(oofP, oofY, model.Threshold),
                    ["cv_ece"] = CalibrationMetrics.ExpectedCalibrationError(oofP, oofY),
                    ["rows_real"] = rows.Count(r => !r.IsFake),
                    ["rows_fake"] = rows.Count(r => r.IsFake),
                    ["rows_vocoded"] = rows.Count(r => r.Family == "vocoded"),
                };
                foreach (var q in parse.GetValue(quote) ?? [])
                {
                    var parts = q.Split('=', 2);
                    metrics[parts[0]] = parts.Length == 2 && double.TryParse(parts[1], NumberStyles.Float, inv, out var v) ? v : throw new FormatException($"--quote-metric wants name=value, got '{q}'.");
                }

                if (decision is not null)
                {
                    metrics["decision_threshold"] = decision.Threshold;
                }
                var commandLine = "fakelens train speech" + (realDirs.Length > 0 ? " --real " + string.Join(' ', realDirs) : string.Empty) + (fakeDirs.Length > 0 ? " --fake " + string.Join(' ', fakeDirs) : string.Empty) +
                    string.Concat((parse.GetValue(corpus) ?? []).Select(c => " --corpus " + c)) + (parse.GetValue(corpus) is { Length: > 0 } ? " --corpus-root " + parse.GetValue(corpusRoot) : string.Empty) +
                    $" -o {parse.GetValue(output)} --seed {s}{(extraction.Augment ? " --augment" : string.Empty)}{(trainConditions.Count > 1 || trainConditions[0] != FakeLens.Audio.Augmentation.CodecCondition.Clean ? " --conditions " + parse.GetValue(conditions) : string.Empty)}{(extraction.Vocoded ? " --vocoded" : string.Empty)}" +
                    $" --classifier {parse.GetValue(classifier)} --calibration {parse.GetValue(calibration)} --fpr {options.TargetFpr.ToString(inv)}" +
                    $" --gmm-components {options.GmmComponents} --gmm-iterations {options.GmmIterations} --gmm-frames {options.MaxGmmFrames}{(options.TrainGmm ? string.Empty : " --no-gmm")}" +
                    (parse.GetValue(limit) > 0 ? $" --limit {parse.GetValue(limit)}" : string.Empty) + $" --decide {options.Decision}" +
                    (options.RowWeights == RowWeighting.SqrtFolder ? " --row-weights sqrt" : string.Empty) +
                    string.Concat((parse.GetValue(quote) ?? []).Select(q => " --quote-metric " + q));
                var trainedOn = string.Join(", ", rows.GroupBy(r => (r.Folder, r.IsFake)).Select(g => $"{g.Key.Folder} ({(g.Key.IsFake ? "fake" : "real")}, {g.Count()})"));
                var bundle = SpeechModelBundles.Create(model, gmm, decision, cal, parse.GetValue(name)!, parse.GetValue(version), trainedOn, commandLine, s, metrics,
                    $"Utterance features {UtteranceFeatures.FeatureSetId} v{UtteranceFeatures.Version} at 16 kHz over voice-active frames; calibrated on {options.Folds} voice-grouped held-out folds; " +
                    "random trims for both classes" + (trainConditions.Count > 1 ? ", every clip under each of " + string.Join(", ", trainConditions.Select(c => c.Name)) + " (both classes)" : string.Empty) + (extraction.Augment ? ", random MP3/AAC/Opus round trips and noise for both classes" : string.Empty) +
                    (extraction.Vocoded ? ", Griffin-Lim vocoded copies of real clips as fakes" : string.Empty) + ".");
                bundle.Save(parse.GetValue(output)!);
                await stdout.WriteLineAsync(string.Format(inv,
                    "wrote {0} ({1} v{2}, {3}, {4} features{5}): {6} real + {7} fake rows ({8} vocoded); held-out (voice-grouped) AUC {9:0.000}, EER {10:0.0} %, threshold {11:0.000} (FPR {12:0.000}, TPR {13:0.000}), ECE {14:0.000}",
                    parse.GetValue(output), parse.GetValue(name), parse.GetValue(version), options.Kind, UtteranceFeatures.Count,
                    gmm is null ? string.Empty : $", LFCC-GMM {options.GmmComponents} components", metrics["rows_real"], metrics["rows_fake"], metrics["rows_vocoded"],
                    metrics["cv_auc"], 100 * metrics["cv_eer"], model.Threshold, metrics["cv_fpr_at_threshold"], metrics["cv_tpr_at_threshold"], metrics["cv_ece"])).ConfigureAwait(false);
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

    /// <summary>The corpus options shared by <c>train speech</c> and <c>eval speech</c>.</summary>
    internal static (Option<string[]> Corpus, Option<string> Root, Option<string?> Cache) CorpusOptions() =>
    (
        new Option<string[]>("--corpus") { Description = "Corpus manifests (CSV: repo, path, label, system, group …; data/speech-corpus.csv); system = family, group = voice.", AllowMultipleArgumentsPerToken = true, HelpName = "manifest.csv" },
        new Option<string>("--corpus-root") { Description = "Folder the corpus was rebuilt into (scripts/data/rebuild-speech-corpus.sh).", DefaultValueFactory = _ => "../data-cache/speech", HelpName = "dir" },
        new Option<string?>("--cache") { Description = "Keep analysed clips here (outside the repository) and reuse them in later runs.", HelpName = "dir" }
    );

    /// <summary>Clips from --real/--fake folders and --corpus manifests together.</summary>
    internal static IReadOnlyList<SpeechSample> Samples(ParseResult parse, Option<string[]> real, Option<string[]> fake, Option<string[]> corpus, Option<string> root)
    {
        var fromCorpus = (parse.GetValue(corpus) ?? []).SelectMany(c => SpeechCorpus.Load(c, parse.GetValue(root)!)).ToList();
        var realDirs = parse.GetValue(real) ?? [];
        var fakeDirs = parse.GetValue(fake) ?? [];
        if (fromCorpus.Count == 0 && (realDirs.Length == 0 || fakeDirs.Length == 0))
        {
            throw new ArgumentException("give --real and --fake folders, or a --corpus manifest.");
        }

        return SpeechDataset.Collect(realDirs, fakeDirs, fromCorpus);
    }
}
