using System.Diagnostics;
using FakeLens.TestSupport;

namespace FakeLens.Cli.Tests.Commands;

public sealed class SpeechCommandsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("fakelens-speech-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static async Task<(int Code, string Out, string Err)> Run(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = await CliApp.RunAsync(args, stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }

    private static void Espeak(string text, string voice, string path)
    {
        var info = new ProcessStartInfo("espeak-ng") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var a in new[] { "-v", voice, "-w", path, text })
        {
            info.ArgumentList.Add(a);
        }

        using var p = Process.Start(info) ?? throw new InvalidOperationException("espeak-ng did not start (install the Debian package espeak-ng)");
        Assert.True(p.WaitForExit(30_000), "espeak-ng timed out");
        Assert.Equal(0, p.ExitCode);
    }

    [Fact]
    public async Task Train_then_eval_speech_runs_end_to_end_on_espeak_against_real_clips()
    {
        var real = Directory.CreateDirectory(Path.Combine(_dir, "real")).FullName;
        var fake = Directory.CreateDirectory(Path.Combine(_dir, "espeak")).FullName;
        foreach (var f in new[] { "spk1_snt1.wav", "spk1_snt2.wav", "spk2_snt1.wav", "spk2_snt2.wav" })
        {
            File.Copy(TestData.Path("audio", "real", "speechbrain", f), Path.Combine(real, f));
        }

        string[] voices = ["en-us", "en-gb", "en-us+f3", "en-gb+m3"];
        for (var i = 0; i < voices.Length; i++)
        {
            Espeak($"The committee will publish its report on the harbour project next spring, number {i + 2}.", voices[i], Path.Combine(fake, $"espeak_{i}.wav"));
        }

        var model = Path.Combine(_dir, "m.zip");
        var (tooFew, _, why) = await Run("train", "speech", "--real", real, "--fake", fake, "-o", model, "--threads", "1");
        Assert.Equal(2, tooFew);
        Assert.Contains("too few", why, StringComparison.Ordinal);

        (var code, var stdout, var stderr) = await Run("train", "speech", "--real", real, "--fake", fake, "-o", model, "--gmm-components", "4", "--gmm-iterations", "3", "--threads", "1", "--classifier", "logistic");
        Assert.True(code == 0, stderr);
        Assert.Contains("4 real + 4 fake rows", stdout, StringComparison.Ordinal);
        Assert.True(File.Exists(model));

        var csv = Path.Combine(_dir, "scores.csv");
        var det = Path.Combine(_dir, "det.png");
        (code, stdout, stderr) = await Run("eval", "speech", "--real", real, "--fake", fake, "--model", model, "--codecs", "clean", "--csv", csv, "--det", det, "--threads", "1");
        Assert.True(code == 0, stderr);
        Assert.Contains("EER model", stdout, StringComparison.Ordinal);
        Assert.Contains("/real |", stdout, StringComparison.Ordinal);
        Assert.Contains("/espeak |", stdout, StringComparison.Ordinal);
        Assert.Equal(9, File.ReadAllLines(csv).Length);
        Assert.True(new FileInfo(det).Length > 1000);

        // A GMM-decided file switched to its utterance model by --annotate keeps both models, drops the rule, renumbers.
        var gmmDecided = Path.Combine(_dir, "g.zip");
        (code, _, stderr) = await Run("train", "speech", "--real", real, "--fake", fake, "-o", gmmDecided, "--gmm-components", "4", "--gmm-iterations", "3", "--threads", "1", "--classifier", "logistic", "--decide", "gmm");
        Assert.True(code == 0, stderr);
        Assert.Equal("gmm", FakeLens.Learning.Speech.LearnedSpeechModel.Load(gmmDecided).Decision?.Rule);
        var switched = Path.Combine(_dir, "s.zip");
        (code, _, stderr) = await Run("train", "speech", "--annotate", gmmDecided, "--decide", "model", "--model-version", "5", "--quote-metric", "loo_eer=0.25", "-o", switched);
        Assert.True(code == 0, stderr);
        var loaded = FakeLens.Learning.Speech.LearnedSpeechModel.Load(switched);
        Assert.Null(loaded.Decision);
        Assert.NotNull(loaded.Gmm);
        Assert.Equal(5, loaded.Bundle.Manifest.Version);
        Assert.Equal(0.25, loaded.Bundle.Manifest.Metrics["loo_eer"]);
        Assert.Contains("--decide model --model-version 5", loaded.Bundle.Manifest.Command, StringComparison.Ordinal);
        (code, _, stderr) = await Run("train", "speech", "--annotate", gmmDecided, "--decide", "fusion", "-o", switched);
        Assert.Equal(2, code);
        Assert.Contains("train instead", stderr, StringComparison.Ordinal);

        // --train-conditions picks among the --codecs rows of multi-condition training; anything else is a usage error.
        (code, _, stderr) = await Run("eval", "speech", "--real", real, "--fake", fake, "--no-model", "--codecs", "clean", "--cv", "--train-conditions", "clean", "--threads", "1");
        Assert.Equal(2, code);
        Assert.Contains("add --multi-condition", stderr, StringComparison.Ordinal);
        (code, _, stderr) = await Run("eval", "speech", "--real", real, "--fake", fake, "--no-model", "--codecs", "clean", "--cv", "--multi-condition", "--train-conditions", "opus:24", "--threads", "1");
        Assert.Equal(2, code);
        Assert.Contains("opus 24k is not among the test conditions", stderr, StringComparison.Ordinal);

        (code, _, stderr) = await Run("eval", "speech", "--real", real, "--fake", Path.Combine(_dir, "missing"));
        Assert.Equal(2, code);
        Assert.Contains("missing", stderr, StringComparison.Ordinal);
    }
}
