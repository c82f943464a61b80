using FakeLens.Imaging.Decoding;
using FakeLens.TestSupport;

namespace FakeLens.Cli.Tests.Commands;

/// <summary>
/// `train image` then `eval image` end to end on a small set drawn here: camera-like scenes against 2× up-sampled
/// scenes (two "generators": nearest up-sampling of clean and of noisier scenes), all PNG of one size.
/// </summary>
public sealed class ImageModelCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("fakelens-imgcmd-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static Task<(int Code, string Out, string Err)> Run(params string[] args) => CliRun.Async(args);

    private (string Real, string Fake) MakeSet(int perFolder)
    {
        var real = Directory.CreateDirectory(Path.Combine(_dir, "real")).FullName;
        var nearest = Directory.CreateDirectory(Path.Combine(_dir, "fake", "nearest")).FullName;
        var noisy = Directory.CreateDirectory(Path.Combine(_dir, "fake", "noisy")).FullName;
        for (var i = 0; i < perFolder; i++)
        {
            File.WriteAllBytes(Path.Combine(real, $"r{i}.png"), ImageEncoder.Png(Scenes.Natural(288, 288, seed: 100 + i)));
            File.WriteAllBytes(Path.Combine(nearest, $"n{i}.png"), ImageEncoder.Png(ImageResizer.NearestUp2x(Scenes.Natural(144, 144, seed: 200 + i))));
            File.WriteAllBytes(Path.Combine(noisy, $"g{i}.png"), ImageEncoder.Png(ImageResizer.NearestUp2x(Scenes.Natural(144, 144, seed: 300 + i, noiseSigma: 4))));
        }

        return (real, Path.Combine(_dir, "fake"));
    }

    [Fact]
    public async Task Train_then_eval_writes_a_model_metrics_plots_and_scores()
    {
        var (real, fake) = MakeSet(8);
        var model = Path.Combine(_dir, "m.zip");
        var (code, output, err) = await Run("train", "image", "--real", real, "--fake", fake, "-o", model, "--seed", "3", "--patches", "2", "--classifier", "logistic", "--name", "test-image", "--loo");
        Assert.True(code == 0, err);
        Assert.True(File.Exists(model));
        Assert.Contains("held-out AUC", output, StringComparison.Ordinal);
        Assert.Contains("8 real + 16 AI images", output, StringComparison.Ordinal);
        Assert.Contains("| held-out generator |", output, StringComparison.Ordinal);
        // each family's result reaches stderr as its fold ends (a stopped whole-corpus run still reports what it measured)
        Assert.Matches(@"loo \d\d:\d\d:\d\d \(\+[0-9.]+ min\) nearest: 8 AI / \d+ real, AUC [0-9.]+", err);
        Assert.Matches(@"loo \d\d:\d\d:\d\d \(\+[0-9.]+ min\) noisy: 8 AI / \d+ real, AUC [0-9.]+", err);

        var roc = Path.Combine(_dir, "roc.png");
        var csv = Path.Combine(_dir, "scores.csv");
        (code, output, err) = await Run("eval", "image", "--real", real, "--fake", fake, "--model", model, "--perturb", "jpeg:85", "--roc", roc, "--csv", csv, "--loo", "--patches", "2", "--classifier", "logistic");
        Assert.True(code == 0, err);
        Assert.Contains("perturbation applied to both classes: jpeg:85", output, StringComparison.Ordinal);
        Assert.Contains("## Model test-image v1", output, StringComparison.Ordinal);

        // The model file carries its leave-one-generator-out figure, and scan quotes it.
        var scanned = Path.Combine(_dir, "real", "r0.png");
        var learned = FakeLens.Learning.Image.LearnedImageModel.Load(model);
        Assert.InRange(learned.Bundle.Manifest.Metrics[FakeLens.Learning.Image.LearnedImageModel.LooMetric], 0, 1);
        var evidence = new FakeLens.Learning.Image.AiImageModelDetector(learned).Analyze(
            FakeLens.Imaging.Decoding.ImageDecoder.Decode(File.ReadAllBytes(scanned), 1_000_000), null, CancellationToken.None);
        Assert.Contains("left out of its training", evidence.Explanation, StringComparison.Ordinal);
        Assert.Contains(evidence.Facts, f => f.Name.StartsWith("AUC on generators it never saw", StringComparison.Ordinal));
        Assert.Contains("| nearest | fake | 8 |", output, StringComparison.Ordinal);
        Assert.Contains("## Leave-one-generator-out", output, StringComparison.Ordinal);
        Assert.Contains("| noisy |", output, StringComparison.Ordinal);
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], File.ReadAllBytes(roc).Take(4));
        var lines = File.ReadAllLines(csv);
        Assert.Equal(25, lines.Length);
        Assert.StartsWith("file,label,folder,family,probability", lines[0], StringComparison.Ordinal);

        // --max-patches 1 scores one centre patch per image (the --loo test treatment): on these 288 px images the scan
        // grid takes more than one 256 px patch, so the per-file scores are not those of the full grid.
        var onePatch = Path.Combine(_dir, "one-patch.csv");
        (code, output, err) = await Run("eval", "image", "--real", real, "--fake", fake, "--model", model, "--perturb", "jpeg:85", "--csv", onePatch, "--max-patches", "1");
        Assert.True(code == 0, err);
        Assert.Contains("up to 1 patches per image", output, StringComparison.Ordinal);
        var single = File.ReadAllLines(onePatch);
        Assert.Equal(lines.Length, single.Length);
        Assert.Contains(Enumerable.Range(1, lines.Length - 1), i => lines[i].Split(',')[4] != single[i].Split(',')[4]);
    }

    [Theory]
    [InlineData("--perturb", "blur:3")]
    [InlineData("--classifier", "svm")]
    [InlineData("--use-features", "colourz")]
    [InlineData("--exclude", "/no/such/folder/to/exclude")]
    [InlineData("--max-patches", "0")]
    public async Task Bad_options_are_usage_errors(string option, string value)
    {
        var (real, fake) = MakeSet(1);
        var (code, _, err) = await Run("eval", "image", "--real", real, "--fake", fake, "--no-model", "--loo", option, value);
        Assert.Equal(2, code);
        Assert.Contains("fakelens:", err, StringComparison.Ordinal);
    }

    /// <summary>
    /// `train image-map` with a rule: the copy of the model stores the rule it was measured with and the contrast it
    /// printed, the window CSV holds every photo's map windows, and an impossible baseline quantile is a usage error.
    /// </summary>
    [Fact]
    public async Task Train_image_map_stores_the_rule_it_measured_and_the_contrast_it_printed()
    {
        var photos = Directory.CreateDirectory(Path.Combine(_dir, "photos")).FullName;
        for (var i = 0; i < 3; i++)
        {
            File.WriteAllBytes(Path.Combine(photos, $"p{i}.png"), ImageEncoder.Png(Scenes.Natural(520, 400, seed: 40 + i)));
        }

        var model = Path.Combine(_dir, "v7.zip");
        FakeLens.Learning.Models.ModelBundle.LoadEmbedded("default-image-v7.zip").Save(model);
        var output = Path.Combine(_dir, "v7-map.zip");
        var windows = Path.Combine(_dir, "windows.csv");
        var (code, stdout, err) = await Run("train", "image-map", "--model", model, "--real", photos, "--baseline-quantile", "0.25", "--cell", "best", "--windows-csv", windows, "-o", output);
        Assert.True(code == 0, err);
        var stored = FakeLens.Learning.Image.LearnedImageModel.Load(output);
        Assert.Equal(0.25, stored.MapBaselineQuantile);
        Assert.True(stored.MapCellFromBestWindow);
        var printed = stdout.Split('\n').Single(l => l.StartsWith("wrote ", StringComparison.Ordinal));
        Assert.EndsWith(stored.MapMinContrast.ToString("0.000", System.Globalization.CultureInfo.InvariantCulture), printed.TrimEnd());
        Assert.Contains("--baseline-quantile 0.25 --cell best", stored.Bundle.Manifest.Command, StringComparison.Ordinal);
        var rows = File.ReadAllLines(windows);
        Assert.StartsWith("path,sets_contrast,width,height,side,coarse,x,y,raw_score,probability", rows[0], StringComparison.Ordinal);
        Assert.Equal(3, rows.Skip(1).Select(r => r.Split(',')[0]).Distinct().Count());
        Assert.All(rows.Skip(1), r => Assert.Equal("1", r.Split(',')[5]));

        var (bad, _, badErr) = await Run("train", "image-map", "--model", model, "--real", photos, "--baseline-quantile", "1.5");
        Assert.Equal(2, bad);
        Assert.Contains("--baseline-quantile", badErr, StringComparison.Ordinal);
    }

    /// <summary>
    /// <c>--map-model</c>: the written file names the map model by file name, the command records it, and the per-folder
    /// table and CSV count where the scoring model has a candidate and what the shown map reports (the scan's own rule).
    /// </summary>
    [Fact]
    public async Task Train_image_map_stores_a_map_model_and_counts_the_trigger_rule()
    {
        var photos = Directory.CreateDirectory(Path.Combine(_dir, "photos-map")).FullName;
        for (var i = 0; i < 3; i++)
        {
            File.WriteAllBytes(Path.Combine(photos, $"p{i}.png"), ImageEncoder.Png(Scenes.Natural(520, 400, seed: 50 + i)));
        }

        var model = Path.Combine(_dir, "v8.zip");
        FakeLens.Learning.Models.ModelBundle.LoadEmbedded("default-image-v8.zip").Save(model);
        var output = Path.Combine(_dir, "v8-with-map.zip");
        var csv = Path.Combine(_dir, "photos.csv");
        var (code, stdout, err) = await Run("train", "image-map", "--model", model, "--real", photos, "--map-model", "default-image-v7.zip", "--csv", csv, "-o", output);
        Assert.True(code == 0, err);
        Assert.Contains("map model: default-image v7 draws the map where default-image v8 has a candidate window", stdout, StringComparison.Ordinal);
        Assert.Contains("with a candidate (default-image v7 runs) | with an area on the shown map |", stdout, StringComparison.Ordinal);
        var stored = FakeLens.Learning.Image.LearnedImageModel.Load(output);
        Assert.Equal("default-image-v7.zip", stored.MapModelName);
        Assert.Equal("default-image v7", stored.MapModel!.Bundle.Manifest.DisplayName);
        Assert.Contains("--map-model default-image-v7.zip -o ", stored.Bundle.Manifest.Command, StringComparison.Ordinal);
        var rows = File.ReadAllLines(csv);
        Assert.EndsWith(",candidate,map_drawn_by,shown_regions,shown_cells", rows[0], StringComparison.Ordinal);
        Assert.Equal(3, rows.Length - 1);

        var (bad, _, badErr) = await Run("train", "image-map", "--model", model, "--real", photos, "--map-model", Path.Combine(_dir, "no-such-model.zip"));
        Assert.Equal(2, bad);
        Assert.Contains("no-such-model.zip", badErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_folder_is_a_usage_error()
    {
        var (code, _, err) = await Run("train", "image", "--real", Path.Combine(_dir, "nope"), "--fake", _dir, "-o", Path.Combine(_dir, "m.zip"));
        Assert.Equal(2, code);
        Assert.Contains("nope", err, StringComparison.Ordinal);
    }
}
