using System.CommandLine;
using System.Globalization;
using FakeLens.Imaging.Features;
using FakeLens.Learning.Calibration;
using FakeLens.Learning.Evaluation;
using FakeLens.Learning.Image;

namespace FakeLens.Cli.Commands;

/// <summary>
/// <c>fakelens train image</c>: extracts augmented patch features of real and AI images (identical random
/// crops, down-scaling and JPEG re-encoding for both classes), trains the patch classifier, calibrates it per
/// image on held-out folds, sets the threshold at the target false-positive rate and writes a model file.
/// </summary>
internal static class TrainImageCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var real = new Option<string[]>("--real") { Description = "Folders (or files) of real photos.", AllowMultipleArgumentsPerToken = true, Required = true, HelpName = "dir" };
        var fake = new Option<string[]>("--fake") { Description = "Folders (or files) of AI-generated images; a labels.csv with file,generator columns names families.", AllowMultipleArgumentsPerToken = true, Required = true, HelpName = "dir" };
        var output = new Option<string>("--output", "-o") { Description = "Model file to write (.zip).", Required = true, HelpName = "model.zip" };
        var seed = new Option<int>("--seed") { Description = "Random seed (crops, augmentation, folds, learner).", DefaultValueFactory = _ => 7 };
        var classifier = new Option<string>("--classifier") { Description = "lgbm, fasttree or logistic.", DefaultValueFactory = _ => "lgbm" };
        var features = new Option<string>("--features") { Description = "Feature families: all (v7's set: handmade and resnet), or a list of spectral,npr,spam,colour,noise,resnet,resnet-layers,resnet-npr (e.g. all,resnet-layers; resnet-npr, the ResNet-18 pass on the NPR residual, is in no default set).", DefaultValueFactory = _ => "all" };
        var calibration = new Option<string>("--calibration") { Description = "platt or isotonic.", DefaultValueFactory = _ => "platt" };
        var fpr = new Option<double>("--fpr") { Description = "Target false-positive rate on real photos for the threshold.", DefaultValueFactory = _ => 0.01 };
        var patches = new Option<int>("--patches") { Description = "Random augmented patches per image.", DefaultValueFactory = _ => 6 };
        var pseudo = new Option<int>("--pseudo-fakes") { Description = "Pseudo-fake patches (2× up-sampled real crops) per real image.", DefaultValueFactory = _ => 0 };
        var name = new Option<string>("--name") { Description = "Model name quoted in evidence.", DefaultValueFactory = _ => "default-image" };
        var version = new Option<int>("--model-version") { Description = "Model version quoted in evidence.", DefaultValueFactory = _ => 1 };
        var threads = new Option<int>("--threads") { Description = "Feature-extraction threads.", DefaultValueFactory = _ => 2 };
        var looPatches = new Option<int>("--loo-max-patches") { Description = "Patches per test image in --loo (the scan grid takes up to 16; fewer is cheaper).", DefaultValueFactory = _ => LearnedImageModel.MaxPatches };
        var cacheDir = new Option<string?>("--feature-cache") { Description = "Folder caching patch features between runs (default: $FAKELENS_FEATURE_CACHE; none when unset).", HelpName = "dir" };
        var loo = new Option<bool>("--loo") { Description = "Also measure leave-one-generator-out AUC with every test image centre-cropped to at most 512 px and re-encoded as JPEG 85 (see --loo-perturb), and record it in the model file (scan quotes it). Each family's result is written to stderr as its fold ends." };
        var looPerturb = new Option<string>("--loo-perturb") { Description = "Transforms applied to both classes' test images in --loo.", DefaultValueFactory = _ => "crop:512,jpeg:85", HelpName = "steps" };
        var maxShare = new Option<double>("--max-source-share") { Description = "No source (repository, from a labels.csv source column, else the folder) carries more than this share of its class's training weight (1 = no cap).", DefaultValueFactory = _ => 1.0 };
        var exclude = new Option<string[]>("--exclude") { Description = "Folders (or files) under --real/--fake to leave out (e.g. photos reserved for evaluation); they keep their place in the listing, so the other images' random crops and cached features do not change.", AllowMultipleArgumentsPerToken = true, HelpName = "dir" };
        var lateFake = new Option<string[]>("--fake-late") { Description = "Folders of AI images listed last, after --real-late (added in a later round together with its real folders, which go at the end of --real-late): no earlier image moves in the listing.", AllowMultipleArgumentsPerToken = true, HelpName = "dir" };
        var augment = new Option<string>("--augment") { Description = "Training-patch augmentation for both classes: v7 (rescale p 0.3, JPEG p 0.75 at q 65-100) or format-matched (JPEG p 0.7 at q 70-95, WebP p 0.1, lossless p 0.2, rescale p 0.2: the held-out protocol's codec mix).", DefaultValueFactory = _ => "v7", HelpName = "recipe" };
        var lateReal = new Option<string[]>("--real-late") { Description = "Folders of real photos listed after the --fake folders (added in a later round): they shift no earlier image in the listing, so its random crops and cached features do not change.", AllowMultipleArgumentsPerToken = true, HelpName = "dir" };
        var command = new Command("image", "Train the learned AI-image detector on folders of real and AI images; writes a calibrated model file.")
        {
            real, fake, output, seed, classifier, features, calibration, fpr, patches, pseudo, name, version, threads, loo, cacheDir, looPatches, looPerturb, maxShare, exclude, lateReal, lateFake, augment,
        };
        command.SetAction(async (parse, ct) =>
        {
            try
            {
                var kind = ImageModelBundles.ParseClassifier(parse.GetValue(classifier));
                var families = ImagePatchFeatures.ParseFamilies(parse.GetValue(features));
                var cal = string.Equals(parse.GetValue(calibration), "isotonic", StringComparison.OrdinalIgnoreCase) ? CalibrationKind.Isotonic : CalibrationKind.Platt;
                var realDirs = parse.GetValue(real) ?? [];
                var fakeDirs = parse.GetValue(fake) ?? [];
                var excluded = parse.GetValue(exclude) ?? [];
                var late = parse.GetValue(lateReal) ?? [];
                var lateFakes = parse.GetValue(lateFake) ?? [];
                var augmentation = PatchAugmentation.Parse(parse.GetValue(augment));
                var samples = ImageDataset.Collect(realDirs, fakeDirs, excluded, late, lateFakes);
                var extractor = new ImagePatchFeatures(families);
                var s = parse.GetValue(seed);
                var cache = PatchFeatureCache.From(parse.GetValue(cacheDir));
                var table = ImageFeatureExtraction.Training(samples, extractor, augmentation, parse.GetValue(patches), parse.GetValue(pseudo), s, parse.GetValue(threads), m => stderr.WriteLine(m), ct, cache);
                foreach (var failure in table.Failures)
                {
                    await stderr.WriteLineAsync("skipped " + failure).ConfigureAwait(false);
                }

                var share = parse.GetValue(maxShare);
                var model = ImageModelTrainer.Train(table, kind, cal, parse.GetValue(fpr), 5, s, ct, out var oof, parse.GetValue(threads), share);
                var labels = samples.Select(x => x.IsFake).ToList();
                var scored = Enumerable.Range(0, samples.Count).Where(i => !double.IsNaN(oof[i])).ToList();
                var oofP = scored.Select(i => oof[i]).ToList();
                var oofY = scored.Select(i => labels[i]).ToList();
                var metrics = new Dictionary<string, double>
                {
                    ["cv_auc"] = BinaryMetrics.Auc(oofP, oofY),
                    ["cv_tpr_at_threshold"] = BinaryMetrics.TprAtThreshold(oofP, oofY, model.Threshold),
                    ["cv_fpr_at_threshold"] = BinaryMetrics.FprAtThreshold(oofP, oofY, model.Threshold),
                    ["cv_ece"] = CalibrationMetrics.ExpectedCalibrationError(oofP, oofY),
                    ["images_real"] = oofY.Count(y => !y),
                    ["images_fake"] = oofY.Count(y => y),
                    ["patch_rows"] = table.Rows.Count,
                    ["max_source_share"] = share,
                };
                if (parse.GetValue(loo))
                {
                    // The number that matters for unseen generators (issue 5): each family held out in turn, both classes
                    // re-encoded identically, so the figure the evidence quotes is not an in-domain one.
                    // A whole-corpus run fits one model per family for an hour or more: each family's line is written
                    // (stderr, with the clock) as its fold ends, so a run stopped early still reports what it measured.
                    var started = DateTime.UtcNow;
                    var progressLock = new object();
                    void Progress(LooResult r)
                    {
                        lock (progressLock)
                        {
                            stderr.WriteLine(string.Format(CultureInfo.InvariantCulture, "loo {0:HH:mm:ss} (+{1:0.0} min) {2}: {3} AI / {4} real, AUC {5:0.000}, TPR@5% {6:0.000}", DateTime.UtcNow, (DateTime.UtcNow - started).TotalMinutes, r.Family, r.Fakes, r.Reals, r.Auc, r.TprAt5));
                        }
                    }

                    var test = ImageFeatureExtraction.Grid(samples, extractor, ImagePerturbation.Parse(parse.GetValue(looPerturb)), parse.GetValue(looPatches), parse.GetValue(threads), m => stderr.WriteLine(m), ct, cache);
                    var rows = ImageEvaluation.LeaveOneGeneratorOut(table, test, kind, s, ct, out var heldOut, parse.GetValue(threads), share, Progress).Where(r => !double.IsNaN(r.Auc)).ToList();
                    if (rows.Count > 0)
                    {
                        metrics[LearnedImageModel.LooMetric] = rows.Average(r => r.Auc);
                        metrics[LearnedImageModel.LooMetric + "_min"] = rows.Min(r => r.Auc);
                        var pooled = ImageEvaluation.Pooled(samples, heldOut);
                        metrics[LearnedImageModel.LooPooledMetric] = pooled.Auc;
                        metrics["loo_pooled_tpr_at_1pct_fpr"] = pooled.TprAt1;
                        metrics["loo_pooled_tpr_at_5pct_fpr"] = pooled.TprAt5;
                        metrics["loo_pooled_ece_crossfitted"] = ImageEvaluation.CrossFittedEce(samples, heldOut, s);
                        metrics["loo_families"] = rows.Count;
                        metrics["loo_max_patches"] = parse.GetValue(looPatches);
                        await stdout.WriteLineAsync(ImageEvaluation.LooTable(rows)).ConfigureAwait(false);
                        await stdout.WriteLineAsync(ImageEvaluation.PooledLine(pooled)).ConfigureAwait(false);
                        await stdout.WriteLineAsync(ImageEvaluation.CrossFittedReport(samples, heldOut, s)).ConfigureAwait(false);
                    }
                }

                var inv = CultureInfo.InvariantCulture;
                var commandLine = "fakelens train image --real " + string.Join(' ', realDirs) + " --fake " + string.Join(' ', fakeDirs) + (late.Length > 0 ? " --real-late " + string.Join(' ', late) : string.Empty) + (lateFakes.Length > 0 ? " --fake-late " + string.Join(' ', lateFakes) : string.Empty) + (augmentation != PatchAugmentation.Default ? " --augment " + parse.GetValue(augment) : string.Empty) + (excluded.Length > 0 ? " --exclude " + string.Join(' ', excluded) : string.Empty) +
                    $" -o {parse.GetValue(output)} --seed {s} --classifier {parse.GetValue(classifier)} --features {ImagePatchFeatures.Describe(families)}" +
                    $" --calibration {parse.GetValue(calibration)} --fpr {parse.GetValue(fpr).ToString(inv)} --patches {parse.GetValue(patches)} --pseudo-fakes {parse.GetValue(pseudo)}" + (share < 1 ? " --max-source-share " + share.ToString(inv) : string.Empty) + (parse.GetValue(loo) ? $" --loo --loo-perturb {parse.GetValue(looPerturb)} --loo-max-patches {parse.GetValue(looPatches)}" : string.Empty) + $" --model-version {parse.GetValue(version)}";
                var trainedOn = string.Join(", ", samples.GroupBy(x => (x.Folder, x.IsFake)).Select(g => $"{g.Key.Folder} ({(g.Key.IsFake ? "AI" : "real")}, {g.Count()})"));
                var bundle = ImageModelBundles.Create(model, extractor, table, cal, parse.GetValue(name)!, parse.GetValue(version), trainedOn, commandLine, s, metrics,
                    "Patch features at native resolution (256 px), mean of patch logits per image; calibrated on 5 held-out image folds; training crops rescaled and re-encoded identically for both classes (" + augmentation + ").");
                bundle.Save(parse.GetValue(output)!);
                await stdout.WriteLineAsync(string.Format(inv,
                    "wrote {0} ({1} v{2}, {3}, {4} features): {5} real + {6} AI images, {7} patch rows; held-out AUC {8:0.000}, threshold {9:0.000} (FPR {10:0.000}, TPR {11:0.000}), ECE {12:0.000}",
                    parse.GetValue(output), parse.GetValue(name), parse.GetValue(version), kind, extractor.Count, metrics["images_real"], metrics["images_fake"], table.Rows.Count,
                    metrics["cv_auc"], model.Threshold, metrics["cv_fpr_at_threshold"], metrics["cv_tpr_at_threshold"], metrics["cv_ece"])).ConfigureAwait(false);
                return CliApp.Ok;
            }
            catch (Exception e) when (e is ArgumentException or FormatException or DirectoryNotFoundException or IOException)
            {
                await stderr.WriteLineAsync("fakelens: " + e.Message).ConfigureAwait(false);
                return CliApp.UsageError;
            }
        });
        return command;
    }
}
