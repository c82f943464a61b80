using FakeLens.Faces.Blend;

namespace FakeLens.Cli.Tests.Commands;

/// <summary><c>train face-blend --video</c> with <c>--fold-map-out</c> / <c>--fold-map</c> on a small synthetic tracks file.</summary>
public sealed class TrainFaceBlendFoldMapTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("fakelens-folds-cli-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string TracksCsv()
    {
        // Sources "big" (6 faces), "mid" (5), "small" (2), "one" (1): per face a real and a blended track of 4 frames.
        var rng = new Random(5);
        var tracks = new List<BlendTrack>();
        foreach (var (group, faces) in new[] { ("big", 6), ("mid", 5), ("small", 2), ("one", 1) })
        {
            for (var k = 0; k < faces; k++)
            {
                for (var copy = 0; copy < 2; copy++)
                {
                    var frames = Enumerable.Range(0, 4).Select(_ =>
                    {
                        var f = Enumerable.Range(0, FaceBlendFeatures.Count).Select(_ => (float)rng.NextDouble()).ToArray();
                        f[0] += copy;
                        return (float[]?)f;
                    }).ToList();
                    tracks.Add(new BlendTrack(group, $"{group}/{k}.jpg", 0, copy, 24, 150, frames));
                }
            }
        }

        var path = Path.Combine(_dir, "tracks.csv");
        FaceBlendTrackEvaluation.WriteCsv(path, tracks);
        return path;
    }

    [Fact]
    public async Task Fold_map_out_groups_small_sources_and_fold_map_holds_them_out_together()
    {
        var csv = TracksCsv();
        var map = Path.Combine(_dir, "folds.csv");

        var (code, stdout, stderr) = await CliRun.Async("train", "face-blend", "--video", "--features-in", csv, "--fold-map-out", map, "--fold-min-faces", "5");

        Assert.True(code == 0, stderr);
        Assert.Equal("source,fold\nbig,big\nmid,mid\none,small-sources\nsmall,small-sources\n", File.ReadAllText(map));
        Assert.Contains("4 sources in 3 folds", stdout, StringComparison.Ordinal);
        Assert.Contains("holds 2 sources with fewer than 5 real faces (3 faces)", stdout, StringComparison.Ordinal);

        (code, stdout, stderr) = await CliRun.Async("train", "face-blend", "--video", "--features-in", csv, "--fold-map", map, "--hidden", "0", "--epochs", "40");
        Assert.True(code == 0, stderr);
        Assert.Contains("folds: 3 from 4 sources", stdout, StringComparison.Ordinal);
        // Tables stay per source: the grouped sources still have their own rows.
        Assert.Contains("\nsmall ", stdout, StringComparison.Ordinal);
        Assert.Contains("\none ", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_fold_map_missing_a_source_is_refused_with_its_name()
    {
        var csv = TracksCsv();
        var map = Path.Combine(_dir, "partial.csv");
        File.WriteAllText(map, "source,fold\nbig,big\nmid,mid\nsmall,small-sources\n");

        var (code, _, stderr) = await CliRun.Async("train", "face-blend", "--video", "--features-in", csv, "--fold-map", map, "--hidden", "0", "--epochs", "40");

        Assert.Equal(2, code);
        Assert.Contains("--fold-map", stderr, StringComparison.Ordinal);
        Assert.Contains("one", stderr, StringComparison.Ordinal);
    }
}
