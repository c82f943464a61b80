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
    }

    [Theory]
    [InlineData("--perturb", "blur:3")]
    [InlineData("--classifier", "svm")]
    [InlineData("--use-features", "colourz")]
    [InlineData("--exclude", "/no/such/folder/to/exclude")]
    public async Task Bad_options_are_usage_errors(string option, string value)
    {
        var (real, fake) = MakeSet(1);
        var (code, _, err) = await Run("eval", "image", "--real", real, "--fake", fake, "--no-model", "--loo", option, value);
        Assert.Equal(2, code);
        Assert.Contains("fakelens:", err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_folder_is_a_usage_error()
    {
        var (code, _, err) = await Run("train", "image", "--real", Path.Combine(_dir, "nope"), "--fake", _dir, "-o", Path.Combine(_dir, "m.zip"));
        Assert.Equal(2, code);
        Assert.Contains("nope", err, StringComparison.Ordinal);
    }
}
