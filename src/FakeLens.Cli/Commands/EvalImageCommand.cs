using System.CommandLine;
using System.Globalization;
using System.Text;
using FakeLens.Imaging.Features;
using FakeLens.Learning.Classifiers;
using FakeLens.Learning.Evaluation;
using FakeLens.Learning.Image;
using FakeLens.Learning.Models;
using FakeLens.Learning.Plotting;

namespace FakeLens.Cli.Commands;

/// <summary>
/// <c>fakelens eval image</c>: scores labelled folders with a model (the shipped default unless --model),
/// after an optional perturbation applied identically to both classes; prints AUC, accuracy, TPR/FPR at the
/// model's threshold, ECE and a per-folder table; writes ROC and reliability PNGs and a CSV. <c>--loo</c>
/// trains without one generator family at a time and tests on it against unseen real photos; <c>--compare</c>
/// prints cross-validated and leave-one-out AUC per classifier and per feature family.
/// </summary>
internal static class EvalImageCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var real = new Option<string[]>("--real") { Description = "Folders (or files) of real photos.", AllowMultipleArgumentsPerToken = true, Required = true, HelpName = "dir" };
        var fake = new Option<string[]>("--fake") { Description = "Folders (or files) of AI-generated images.", AllowMultipleArgumentsPerToken = true, Required = true, HelpName = "dir" };
        var modelPath = new Option<string?>("--model") { Description = "Model file (default: the shipped default-image model).", HelpName = "model.zip" };
        var modelPatches = new Option<int>("--max-patches") { Description = "Patches per image when scoring with the model (the scan grid takes up to 16; 1 = the --loo test treatment, one centre patch).", DefaultValueFactory = _ => LearnedImageModel.MaxPatches };
        var perturb = new Option<string?>("--perturb") { Description = "Transforms applied to both classes before scoring, e.g. jpeg:85,resize:0.5,crop:512.", HelpName = "steps" };
        var loo = new Option<bool>("--loo") { Description = "Leave-one-generator-out: train without each generator family, test on it against unseen real photos." };
        var compare = new Option<bool>("--compare") { Description = "Cross-validated and leave-one-out AUC per classifier and per feature family." };
        var roc = new Option<string?>("--roc") { Description = "Write the ROC curve (PNG).", HelpName = "roc.png" };
        var reliability = new Option<string?>("--reliability") { Description = "Write the reliability diagram (PNG).", HelpName = "rel.png" };
        var csv = new Option<string?>("--csv") { Description = "Write per-file scores (CSV).", HelpName = "scores.csv" };
        var skipModel = new Option<bool>("--no-model") { Description = "Only run --loo/--compare, do not score with a model." };
        var seed = new Option<int>("--seed") { Description = "Seed for --loo/--compare training.", DefaultValueFactory = _ => 7 };
        var classifier = new Option<string>("--classifier") { Description = "Classifier for --loo (and per-family rows of --compare): lgbm, fasttree, logistic.", DefaultValueFactory = _ => "lgbm" };
        var features = new Option<string>("--features") { Description = "Feature families for --loo/--compare.", DefaultValueFactory = _ => "all" };
        var patches = new Option<int>("--patches") { Description = "Augmented training patches per image (--loo/--compare).", DefaultValueFactory = _ => 6 };
        var pseudo = new Option<int>("--pseudo-fakes") { Description = "Pseudo-fake patches per real image (--loo/--compare).", DefaultValueFactory = _ => 0 };
        var looPatches = new Option<int>("--loo-max-patches") { Description = "Patches per test image in --loo (the scan grid takes up to 16; fewer is cheaper).", DefaultValueFactory = _ => LearnedImageModel.MaxPatches };
        var looTest = new Option<string>("--loo-test") { Description = "Test rows of --loo/--compare: grid (the scan grid after --perturb) or train-patches (the held-out images' own augmented training patches: no extra feature extraction).", DefaultValueFactory = _ => "grid" };
        var compareConfigs = new Option<string?>("--compare-configs") { Description = "Only these classifier:features pairs in --compare, e.g. lgbm:all,logistic:all,lgbm:resnet,lgbm:handmade (skips the CV column).", HelpName = "pairs" };
        var looCsv = new Option<string?>("--loo-csv") { Description = "Write every image's leave-one-generator-out held-out score and cross-fitted calibrated probability (CSV); with --compare --compare-configs and without --loo, every pair's held-out score, one column each.", HelpName = "heldout.csv" };
        var cacheDir = new Option<string?>("--feature-cache") { Description = "Folder caching patch features between runs (default: $FAKELENS_FEATURE_CACHE; none when unset).", HelpName = "dir" };
        var threads = new Option<int>("--threads") { Description = "Feature-extraction threads.", DefaultValueFactory = _ => 2 };
        var maxShare = new Option<double>("--max-source-share") { Description = "In --loo/--compare/--source-disjoint training, no source (repository) carries more than this share of its class's weight (1 = no cap).", DefaultValueFactory = _ => 1.0 };
        var sourceDisjoint = new Option<int>("--source-disjoint") { Description = "Also a source-disjoint split: sources (repositories) of each class dealt to this many folds; train on the others, test on one (0 = off).", DefaultValueFactory = _ => 0 };
        var formats = new Option<string?>("--loo-formats") { Description = "Leave-one-generator-out once per test treatment, one summary row each: name=steps;name=steps, e.g. png=crop:512;jpeg70=crop:512,jpeg:70.", HelpName = "rows" };
        var formatsEvery = new Option<int>("--formats-every") { Description = "--loo-formats tests every k-th image only (each row is one more feature extraction pass).", DefaultValueFactory = _ => 1 };
        var useFeatures = new Option<string?>("--use-features") { Description = "--loo/--source-disjoint/--loo-formats train and test on these feature families only, taken from the full table (e.g. resnet, handmade, spectral,npr): no new extraction, cached features stay valid.", HelpName = "families" };
        var exclude = new Option<string[]>("--exclude") { Description = "Folders (or files) under --real/--fake to leave out; they keep their place in the listing, so the other images' random crops and cached features do not change.", AllowMultipleArgumentsPerToken = true, HelpName = "dir" };
        var sdCsv = new Option<string?>("--source-disjoint-csv") { Description = "Write every image's source-disjoint held-out score (CSV: file,label,folder,family,source,heldout_raw_score).", HelpName = "heldout.csv" };
        var sampleEvery = new Option<int>("--sample-every") { Description = "Train and test on every k-th image of the listing only (each keeps its crops and cached features): a cheap ablation on a fixed share of the corpus.", DefaultValueFactory = _ => 1, HelpName = "k" };
        var lateFake = new Option<string[]>("--fake-late") { Description = "Folders of AI images listed last, after --real-late (added in a later round together with its real folders, which go at the end of --real-late): no earlier image moves in the listing.", AllowMultipleArgumentsPerToken = true, HelpName = "dir" };
        var augment = new Option<string>("--augment") { Description = "Training-patch augmentation for both classes: v7 (rescale p 0.3, JPEG p 0.75 at q 65-100) or format-matched (JPEG p 0.7 at q 70-95, WebP p 0.1, lossless p 0.2, rescale p 0.2: the held-out protocol's codec mix).", DefaultValueFactory = _ => "v7", HelpName = "recipe" };
        var lateReal = new Option<string[]>("--real-late") { Description = "Folders of real photos listed after the --fake folders (added in a later round): they shift no earlier image in the listing, so its random crops and cached features do not change.", AllowMultipleArgumentsPerToken = true, HelpName = "dir" };
        var command = new Command("image", "Evaluate the learned AI-image detector: AUC, TPR at the model's FPR, per-folder table, calibration, ROC, leave-one-generator-out.")
        {
            real, fake, modelPath, perturb, loo, compare, roc, reliability, csv, skipModel, seed, classifier, features, patches, pseudo, threads, cacheDir, looPatches, looTest, looCsv, compareConfigs,
            maxShare, sourceDisjoint, formats, formatsEvery, exclude, useFeatures, lateReal, sdCsv, lateFake, augment, sampleEvery, modelPatches,
        };
        command.SetAction(async (parse, ct) =>
        {
            try
            {
                var inv = CultureInfo.InvariantCulture;
                var scorePatches = parse.GetValue(modelPatches);
                if (scorePatches < 1)
                {
                    throw new ArgumentException("--max-patches must be at least 1, got " + scorePatches.ToString(inv) + ".");
                }

                var samples = ImageDataset.Collect(parse.GetValue(real) ?? [], parse.GetValue(fake) ?? [], parse.GetValue(exclude) ?? [], parse.GetValue(lateReal) ?? [], parse.GetValue(lateFake) ?? []);
                samples = ImageDataset.EveryKth(samples, parse.GetValue(sampleEvery));
                var perturbation = ImagePerturbation.Parse(parse.GetValue(perturb));
                var nThreads = parse.GetValue(threads);
                var cache = PatchFeatureCache.From(parse.GetValue(cacheDir));
                void Progress(string m) => stderr.WriteLine(m);
                await stdout.WriteLineAsync($"{samples.Count(s => !s.IsFake)} real and {samples.Count(s => s.IsFake)} AI images; perturbation applied to both classes: {perturbation}\n").ConfigureAwait(false);
                if (!parse.GetValue(skipModel))
                {
                    var path = parse.GetValue(modelPath);
                    var model = path is null ? LearnedImageModel.LoadDefault() : LearnedImageModel.Load(path);
                    var table = ImageFeatureExtraction.Grid(samples, model.Extractor, perturbation, scorePatches, nThreads, Progress, ct, cache);
                    foreach (var failure in table.Failures)
                    {
                        await stderr.WriteLineAsync("skipped " + failure).ConfigureAwait(false);
                    }

                    var raw = ImageModelTrainer.ScoreImages(model.Model.Classifier, table);
                    var probabilities = raw.Select(r => double.IsNaN(r) ? double.NaN : model.Model.Calibrator.Calibrate(r)).ToArray();
                    await stdout.WriteLineAsync($"## Model {model.Bundle.Manifest.DisplayName} ({model.Bundle.Manifest.Classifier}, {model.Bundle.Manifest.Calibration}; up to {scorePatches} patches per image)\n").ConfigureAwait(false);
                    await stdout.WriteLineAsync("Trained on: " + model.Bundle.Manifest.TrainedOn + " — scores on those files are in-sample.\n").ConfigureAwait(false);
                    await stdout.WriteLineAsync(ImageEvaluation.Report(samples, probabilities, model.Model.Threshold, model.Model.TargetFpr)).ConfigureAwait(false);
                    var ok = Enumerable.Range(0, samples.Count).Where(i => !double.IsNaN(probabilities[i])).ToList();
                    var p = ok.Select(i => probabilities[i]).ToList();
                    var y = ok.Select(i => samples[i].IsFake).ToList();
                    if (parse.GetValue(roc) is { } rocPath && y.Contains(true) && y.Contains(false))
                    {
                        Plots.Roc(rocPath, $"{model.Bundle.Manifest.DisplayName}, perturbation {perturbation}", [new ScoreCurve("all", p, y)]);
                    }

                    if (parse.GetValue(reliability) is { } relPath && y.Count > 0)
                    {
                        Plots.Reliability(relPath, $"{model.Bundle.Manifest.DisplayName}: reliability", p, y);
                    }

                    if (parse.GetValue(csv) is { } csvPath)
                    {
                        var sb = new StringBuilder("file,label,folder,family,probability,raw_score,called_fake\n");
                        for (var i = 0; i < samples.Count; i++)
                        {
                            var s = samples[i];
                            sb.Append(inv, $"\"{s.Path.Replace("\"", "\"\"", StringComparison.Ordinal)}\",{(s.IsFake ? "fake" : "real")},{s.Folder},{s.Family},")
                              .Append(inv, $"{probabilities[i]:0.######},{raw[i]:0.######},{(probabilities[i] >= model.Model.Threshold ? 1 : 0)}\n");
                        }

                        await File.WriteAllTextAsync(csvPath, sb.ToString(), ct).ConfigureAwait(false);
                    }
                }

                var share = parse.GetValue(maxShare);
                var formatRows = ParseFormats(parse.GetValue(formats));
                if (parse.GetValue(loo) || parse.GetValue(compare) || parse.GetValue(sourceDisjoint) > 0 || formatRows.Count > 0)
                {
                    var kind = ImageModelBundles.ParseClassifier(parse.GetValue(classifier));
                    var extractor = new ImagePatchFeatures(ImagePatchFeatures.ParseFamilies(parse.GetValue(features)));
                    var s = parse.GetValue(seed);
                    var train = ImageFeatureExtraction.Training(samples, extractor, PatchAugmentation.Parse(parse.GetValue(augment)), parse.GetValue(patches), parse.GetValue(pseudo), s, nThreads, Progress, ct, cache);
                    var subset = parse.GetValue(useFeatures) is { } only ? ImagePatchFeatures.ParseFamilies(only) : extractor.Families;
                    if ((subset & ~extractor.Families) != ImageFeatureFamilies.None)
                    {
                        throw new ArgumentException("--use-features names families that --features does not extract.");
                    }

                    if (subset != extractor.Families)
                    {
                        train = train.Select(subset);
                    }

                    var needTest = parse.GetValue(loo) || parse.GetValue(compare) || parse.GetValue(sourceDisjoint) > 0;
                    var test = !needTest || string.Equals(parse.GetValue(looTest), "train-patches", StringComparison.OrdinalIgnoreCase)
                        ? train
                        : Subset(ImageFeatureExtraction.Grid(samples, extractor, perturbation, parse.GetValue(looPatches), nThreads, Progress, ct, cache), subset, extractor.Families);
                    var weighting = share < 1 ? string.Format(inv, ", each source capped at {0:0.##} of its class's weight", share) : string.Empty;
                    if (parse.GetValue(loo))
                    {
                        await stdout.WriteLineAsync($"## Leave-one-generator-out ({kind}, features {ImagePatchFeatures.Describe(subset)}, pseudo-fakes {parse.GetValue(pseudo)}, test rows {parse.GetValue(looTest)}, test perturbation {perturbation}{weighting})\n").ConfigureAwait(false);
                        await stdout.WriteLineAsync(ImageEvaluation.LooTable(ImageEvaluation.LeaveOneGeneratorOut(train, test, kind, s, ct, out var heldOut, nThreads, share))).ConfigureAwait(false);
                        await stdout.WriteLineAsync(ImageEvaluation.PooledLine(ImageEvaluation.Pooled(samples, heldOut))).ConfigureAwait(false);
                        await stdout.WriteLineAsync("Per source (repository) of the pooled held-out scores:\n").ConfigureAwait(false);
                        await stdout.WriteLineAsync(ImageEvaluation.SourceTable(samples, heldOut)).ConfigureAwait(false);

                        // Calibration as a model that never saw the family would show it: each fold's held-out scores mapped by a
                        // Platt fit on the other folds' held-out scores; the per-folder table shows every real source and family.
                        var crossFitted = ImageEvaluation.CrossFittedProbabilities(samples, heldOut, s);
                        await stdout.WriteLineAsync(ImageEvaluation.CrossFittedReport(samples, heldOut, s)).ConfigureAwait(false);
                        if (parse.GetValue(looCsv) is { } looPath)
                        {
                            var sb = new StringBuilder("file,label,folder,family,heldout_raw_score,heldout_probability\n");
                            for (var i = 0; i < samples.Count; i++)
                            {
                                var x = samples[i];
                                sb.Append(inv, $"\"{x.Path.Replace("\"", "\"\"", StringComparison.Ordinal)}\",{(x.IsFake ? "fake" : "real")},{x.Folder},{x.Family},{heldOut[i]:0.######},{crossFitted[i]:0.######}\n");
                            }

                            await File.WriteAllTextAsync(looPath, sb.ToString(), ct).ConfigureAwait(false);
                        }
                    }

                    if (parse.GetValue(sourceDisjoint) is > 0 and var k)
                    {
                        await stdout.WriteLineAsync($"## Source-disjoint split ({k} folds of whole repositories per class, {kind}, features {ImagePatchFeatures.Describe(subset)}, test perturbation {perturbation}{weighting})\n").ConfigureAwait(false);
                        var rows = ImageEvaluation.SourceDisjoint(train, test, kind, k, s, ct, out var heldOut, nThreads, share);
                        await stdout.WriteLineAsync(ImageEvaluation.LooTable(rows).Replace("held-out generator", "held-out sources (AI side)", StringComparison.Ordinal)).ConfigureAwait(false);
                        await stdout.WriteLineAsync(ImageEvaluation.PooledLine(ImageEvaluation.Pooled(samples, heldOut))).ConfigureAwait(false);
                        await stdout.WriteLineAsync(ImageEvaluation.SourceTable(samples, heldOut)).ConfigureAwait(false);
                        if (parse.GetValue(sdCsv) is { } sdPath)
                        {
                            var sb = new StringBuilder("file,label,folder,family,source,heldout_raw_score\n");
                            for (var i = 0; i < samples.Count; i++)
                            {
                                var x = samples[i];
                                sb.Append(inv, $"\"{x.Path.Replace("\"", "\"\"", StringComparison.Ordinal)}\",{(x.IsFake ? "fake" : "real")},{x.Folder},{x.Family},{x.SourceName},{heldOut[i]:0.######}\n");
                            }

                            await File.WriteAllTextAsync(sdPath, sb.ToString(), ct).ConfigureAwait(false);
                        }
                    }

                    if (formatRows.Count > 0)
                    {
                        var every = Math.Max(1, parse.GetValue(formatsEvery));
                        await stdout.WriteLineAsync($"## Leave-one-generator-out per test format ({kind}, every {every}. image tested, {parse.GetValue(looPatches)} patch(es) each{weighting})\n").ConfigureAwait(false);
                        var sb = new StringBuilder("| format | steps (both classes) | AI / real tested | LOO mean AUC | LOO min | pooled AUC | pooled TPR at 1 % FPR | cross-fitted ECE |\n|---|---|---|---|---|---|---|---|\n");
                        foreach (var (name, steps) in formatRows)
                        {
                            var grid = Subset(ImageFeatureExtraction.Grid(samples, extractor, steps, parse.GetValue(looPatches), nThreads, Progress, ct, cache, i => i % every == 0), subset, extractor.Families);
                            var rows = ImageEvaluation.LeaveOneGeneratorOut(train, grid, kind, s, ct, out var heldOut, nThreads, share).Where(r => !double.IsNaN(r.Auc)).ToList();
                            var pooled = ImageEvaluation.Pooled(samples, heldOut);
                            var line = string.Format(inv, "| {0} | {1} | {2} / {3} | {4:0.000} | {5:0.000} | {6:0.000} | {7:0.000} | {8:0.000} |", name, steps, pooled.Fakes, pooled.Reals,
                                rows.Count == 0 ? double.NaN : rows.Average(r => r.Auc), rows.Count == 0 ? double.NaN : rows.Min(r => r.Auc), pooled.Auc, pooled.TprAt1, ImageEvaluation.CrossFittedEce(samples, heldOut, s));
                            sb.AppendLine(line);
                            Progress(line);
                        }

                        await stdout.WriteLineAsync(sb.ToString()).ConfigureAwait(false);
                    }

                    if (parse.GetValue(compare))
                    {
                        await stdout.WriteLineAsync($"## Classifiers and feature families (5-fold image CV and leave-one-generator-out, test perturbation {perturbation})\n").ConfigureAwait(false);
                        var pairs = parse.GetValue(compareConfigs);
                        var configs = string.IsNullOrWhiteSpace(pairs) ? null : ParseConfigs(pairs);
                        var scores = new List<double[]>();
                        var table = configs is null
                            ? ImageEvaluation.Compare(train, test, kind, 5, s, Progress, ct)
                            : ImageEvaluation.Compare(train, test, configs, 0, s, Progress, ct, nThreads, share, scores);
                        await stdout.WriteLineAsync(table).ConfigureAwait(false);

                        // Without --loo, --loo-csv takes every pair's held-out scores (one column each) for paired comparisons.
                        if (configs is not null && !parse.GetValue(loo) && parse.GetValue(looCsv) is { } pairsPath)
                        {
                            var sb = new StringBuilder("file,label,folder,family");
                            foreach (var (ck, cf) in configs)
                            {
                                sb.Append(inv, $",{ck}:{ImagePatchFeatures.Describe(cf).Replace(',', '+')}");
                            }

                            sb.Append('\n');
                            for (var i = 0; i < samples.Count; i++)
                            {
                                var x = samples[i];
                                sb.Append(inv, $"\"{x.Path.Replace("\"", "\"\"", StringComparison.Ordinal)}\",{(x.IsFake ? "fake" : "real")},{x.Folder},{x.Family}");
                                foreach (var column in scores)
                                {
                                    sb.Append(inv, $",{column[i]:0.######}");
                                }

                                sb.Append('\n');
                            }

                            await File.WriteAllTextAsync(pairsPath, sb.ToString(), ct).ConfigureAwait(false);
                        }
                    }
                }

                return CliApp.Ok;
            }
            catch (Exception e) when (e is ArgumentException or FormatException or DirectoryNotFoundException or IOException or ModelMismatchException)
            {
                await stderr.WriteLineAsync("fakelens: " + e.Message).ConfigureAwait(false);
                return CliApp.UsageError;
            }
        });
        return command;
    }

    private static PatchFeatureTable Subset(PatchFeatureTable table, ImageFeatureFamilies subset, ImageFeatureFamilies extracted) =>
        subset == extracted ? table : table.Select(subset);

    /// <summary>"png=crop:512;jpeg70=crop:512,jpeg:70" → named perturbations (empty when the option is absent).</summary>
    private static List<(string Name, ImagePerturbation Steps)> ParseFormats(string? text) =>
        string.IsNullOrWhiteSpace(text) ? [] : text.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(entry =>
        {
            var eq = entry.IndexOf('=', StringComparison.Ordinal);
            return eq <= 0
                ? throw new FormatException($"--loo-formats entry '{entry}' needs name=steps, e.g. jpeg70=crop:512,jpeg:70.")
                : (entry[..eq].Trim(), ImagePerturbation.Parse(entry[(eq + 1)..]));
        }).ToList();

    private static List<(ClassifierKind Kind, ImageFeatureFamilies Families)> ParseConfigs(string text) =>
        text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(pair =>
        {
            var colon = pair.IndexOf(':', StringComparison.Ordinal);
            return colon < 0
                ? throw new FormatException($"--compare-configs entry '{pair}' needs classifier:features, e.g. lgbm:resnet.")
                : (ImageModelBundles.ParseClassifier(pair[..colon]), ImagePatchFeatures.ParseFamilies(pair[(colon + 1)..].Replace('+', ',')));
        }).ToList();
}
