using FakeLens.Imaging.Decoding;
using FakeLens.TestSupport;

namespace FakeLens.Cli.Tests.Commands;

/// <summary><c>fakelens compare</c> for videos with <c>--html</c>, and <c>bench compare</c>'s new rows (figures only; no speed is asserted).</summary>
public sealed class CompareCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("fakelens-compare-cli-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>Runs ffmpeg (a missing ffmpeg fails the test, it is not skipped).</summary>
    private string Ffmpeg(string name, params string[] args) => FakeLens.TestSupport.Ffmpeg.Make(_dir, name, args);

    [Fact]
    public async Task Compare_of_two_videos_writes_the_html_page_with_the_timeline_and_the_changed_segment()
    {
        var photo = TestData.Path("images", "real", "kodak24", "kodim23.png");
        var original = Ffmpeg("o.mp4", "-loop", "1", "-framerate", "10", "-t", "4", "-i", photo,
            "-vf", "scale=640:640,crop=320:240:x='t*30':y=200", "-c:v", "libx264", "-crf", "18", "-pix_fmt", "yuv420p");
        var suspect = Ffmpeg("s.mp4", "-i", original, "-vf", "drawbox=x=200:y=150:w=70:h=60:color=red@1:t=fill:enable='between(t,1,2)'",
            "-c:v", "libx264", "-crf", "23", "-pix_fmt", "yuv420p");
        var html = Path.Combine(_dir, "v.html");

        var (code, output, error) = await CliRun.Async("compare", suspect, original, "--html", html);

        Assert.True(code == 0, error);
        Assert.Contains("HTML written to", output, StringComparison.Ordinal);
        var page = await File.ReadAllTextAsync(html);
        Assert.Contains("Timeline of the suspect", page, StringComparison.Ordinal);
        Assert.Contains("class=\"seg\"", page, StringComparison.Ordinal);
        Assert.Contains("<h3>1.0–", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bench_compare_prints_both_orders_and_the_cpu_time_search_rate()
    {
        var photos = Path.Combine(_dir, "photos");
        Directory.CreateDirectory(photos);
        for (var i = 0; i < 3; i++)
        {
            await File.WriteAllBytesAsync(Path.Combine(photos, $"p{i}.png"), ImageEncoder.Png(Scenes.Natural(320, 240, seed: 20 + i)));
        }

        var (code, output, error) = await CliRun.Async("bench", "compare", "--from", photos, "--ops", "removal", "--both-orders", "--per-pair", "--index-size", "100", "--search-index", "10");

        Assert.True(code == 0, error);
        Assert.Contains("removal (rev)", output, StringComparison.Ordinal);
        Assert.Contains("(precision ", output, StringComparison.Ordinal);
        Assert.Contains("per CPU second", output, StringComparison.Ordinal);
        Assert.Contains("in one pass (as before)", output, StringComparison.Ordinal);
    }
}
