using System.Globalization;
using FakeLens.Faces.Learned;
using FakeLens.TestSupport;

namespace FakeLens.Cli.Tests.Commands;

/// <summary><c>fakelens eval face-crops</c> and <c>eval face-crops-lofo</c> (round 15): per-track face-crop features, and their leave-one-family-out scoring.</summary>
public sealed class EvalFaceCropsCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("fakelens-face-crops-cli-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task A_portrait_clip_gives_one_track_row_and_its_blend_twin_and_a_broken_file_is_a_per_file_error()
    {
        var source = Path.Combine(_dir, "clips", "studio");
        Directory.CreateDirectory(source);
        var photo = TestData.Path("images", "ai-vs-real", "ml72", "real", "people_4.jpg");
        Ffmpeg.Make(source, "portrait.mp4", "-loop", "1", "-framerate", "10", "-t", "3", "-i", photo,
            "-vf", "scale=-2:900,crop=640:720:x='40+t*8':y=60", "-c:v", "libx264", "-crf", "20", "-pix_fmt", "yuv420p");
        await File.WriteAllBytesAsync(Path.Combine(source, "broken.mp4"), [0, 0, 0, 24, 0x66, 0x74, 0x79, 0x70, 1, 2, 3]);
        var csv = Path.Combine(_dir, "crops.csv");

        var (code, output, error) = await CliRun.Async("eval", "face-crops", "--clips", Path.Combine(_dir, "clips"), "--out", csv, "--seconds", "3", "--fps", "2", "--blend-twins");

        Assert.True(code == 0, error + output);
        Assert.Contains(Path.Combine("studio", "broken.mp4") + "\terror: ", output, StringComparison.Ordinal);
        var lines = await File.ReadAllLinesAsync(csv);
        Assert.Equal(3, lines.Length);
        var width = 5 + FaceCropFeatures.ConfoundTrackNames.Count + FaceCropFeatures.DeepTrackNames.Count;
        Assert.Equal(width, lines[0].Split(',').Length);
        var clip = lines[1].Split(',');
        var twin = lines[2].Split(',');
        Assert.Equal(["studio", "clip"], [clip[0], clip[3]]);
        Assert.Equal("blend", twin[3]);
        Assert.True(int.Parse(clip[4], CultureInfo.InvariantCulture) >= 5);
        var a = clip[5..].Select(v => float.Parse(v, CultureInfo.InvariantCulture)).ToArray();
        var b = twin[5..].Select(v => float.Parse(v, CultureInfo.InvariantCulture)).ToArray();
        Assert.All(a, v => Assert.True(float.IsFinite(v)));
        Assert.NotEqual(a, b); // the blended twin is measured on other pixels
    }

    [Fact]
    public async Task Lofo_scores_every_fold_from_the_others_and_a_source_without_a_fold_is_a_clear_error()
    {
        // Three folds of 4 real and 4 fake tracks: the fakes differ from the reals in 100 deep values; the confound values are noise.
        var rng = new Random(3);
        var header = string.Join(',', ["source", "path", "track", "kind", "frames", .. FaceCropFeatures.ConfoundTrackNames, .. FaceCropFeatures.DeepTrackNames]);
        string Row(string source, int i, bool fake) => string.Join(',', [source, $"\"{source}/{i}.mp4\"", "1", "clip", "12",
            .. Enumerable.Range(0, FaceCropFeatures.ConfoundTrackNames.Count + FaceCropFeatures.DeepTrackNames.Count)
                .Select(j => ((j >= 12 && j < 112 && fake ? 3.0 : 0.0) + rng.NextDouble()).ToString("R", CultureInfo.InvariantCulture))]);
        var real = Path.Combine(_dir, "real.csv");
        var fake = Path.Combine(_dir, "fake.csv");
        var folds = Path.Combine(_dir, "folds.txt");
        await File.WriteAllLinesAsync(real, [header, .. new[] { "ra", "rb", "rc" }.SelectMany(s => Enumerable.Range(0, 4).Select(i => Row(s, i, false)))]);
        await File.WriteAllLinesAsync(fake, [header, .. new[] { "fa", "fb", "fc" }.SelectMany(s => Enumerable.Range(0, 4).Select(i => Row(s, i, true)))]);
        await File.WriteAllLinesAsync(folds, ["ra A", "fa A", "rb B", "fb B", "rc C", "fc C"]);

        var (code, output, error) = await CliRun.Async("eval", "face-crops-lofo", "--real", real, "--fake", fake, "--folds", folds);

        Assert.True(code == 0, error + output);
        Assert.Contains("tracks: 12 fake, 12 real; folds: A B C", output, StringComparison.Ordinal);
        var pooled = output.Split('\n').First(l => l.StartsWith("(pooled, all fakes)", StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var learnedLogistic = double.Parse(pooled[4], CultureInfo.InvariantCulture);
        Assert.True(learnedLogistic > 0.95, string.Join(' ', pooled));

        await File.WriteAllLinesAsync(folds, ["ra A", "fa A", "rb B", "fb B", "rc C"]);
        var (code2, _, error2) = await CliRun.Async("eval", "face-crops-lofo", "--real", real, "--fake", fake, "--folds", folds);
        Assert.Equal(2, code2);
        Assert.Contains("source fc has no fold", error2, StringComparison.Ordinal);
    }
}
