using FakeLens.Imaging.Decoding;
using FakeLens.TestSupport;

namespace FakeLens.Cli.Tests.Commands;

/// <summary><c>bench tamper make --ai-from</c> makes AI-filled composites and <c>eval tamper</c> then measures the learned map on them.</summary>
public sealed class BenchTamperCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("fakelens-bench-tamper-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Ai_fills_are_made_from_shared_ai_images_and_measured_with_the_learned_map()
    {
        var photos = Path.Combine(_dir, "photos");
        Directory.CreateDirectory(photos);
        await File.WriteAllBytesAsync(Path.Combine(photos, "a.png"), ImageEncoder.Png(Scenes.Natural(320, 300, seed: 5)));
        var set = Path.Combine(_dir, "set");
        var ai = TestData.Path("images", "ai", "ldm");

        var (code, output, error) = await CliRun.Async("bench", "tamper", "make", "--from", photos, "--ai-from", ai, "--out", set, "--count", "2", "--seed", "3");
        Assert.True(code == 0, error);
        Assert.Contains("ai-fill", output, StringComparison.Ordinal);
        var manifest = await File.ReadAllLinesAsync(Path.Combine(set, "manifest.csv"));
        Assert.StartsWith("img0001.jpg,ai-fill,photos/a.png,ldm/", manifest[2], StringComparison.Ordinal);

        (code, output, error) = await CliRun.Async("eval", "tamper", set);
        Assert.True(code == 0, error);
        Assert.Contains("| ai-image.model | 2/2 |", output, StringComparison.Ordinal);
        Assert.Contains("AI-filled files by the share of the picture in the mask", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ai_fill_without_ai_images_or_an_unknown_kind_is_a_usage_error()
    {
        var photos = Path.Combine(_dir, "photos");
        Directory.CreateDirectory(photos);
        await File.WriteAllBytesAsync(Path.Combine(photos, "a.png"), ImageEncoder.Png(Scenes.Natural(128, 128, seed: 5)));

        var (code, _, error) = await CliRun.Async("bench", "tamper", "make", "--from", photos, "--out", Path.Combine(_dir, "x"), "--kinds", "control,ai-fill");
        Assert.Equal(2, code);
        Assert.Contains("--kinds ai-fill needs --ai-from", error, StringComparison.Ordinal);

        (code, _, error) = await CliRun.Async("bench", "tamper", "make", "--from", photos, "--out", Path.Combine(_dir, "y"), "--kinds", "control,magic");
        Assert.Equal(2, code);
        Assert.Contains("unknown kind 'magic'", error, StringComparison.Ordinal);
    }
}
