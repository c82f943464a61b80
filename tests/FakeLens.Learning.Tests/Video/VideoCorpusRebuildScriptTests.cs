using System.Security.Cryptography;
using FakeLens.Learning.Tests.Data;
using FakeLens.TestSupport;

namespace FakeLens.Learning.Tests.Video;

/// <summary>
/// scripts/data/rebuild-video-corpus.sh against a throw-away git repository laid out as the fetch tool leaves a
/// snapshot: two files of one label and family that share a base name (a dozen Wav2Lip forks each ship
/// results/result_voice.mp4) keep apart — the first under its base name, the later one under owner_repo__path — where
/// before the second overwrote the first's raw file and reused its clip; ROWS_FILTER rebuilds only the matching rows
/// and names them the same way; a wrong SHA-256 fails the run by name.
/// </summary>
public sealed class VideoCorpusRebuildScriptTests
{
    [Fact]
    public void Two_files_with_one_base_name_in_one_family_get_two_raw_files_and_two_clips()
    {
        var root = Directory.CreateTempSubdirectory("fakelens-video-rebuild-").FullName;
        try
        {
            var (commit, shaA, bytesA, shaB, bytesB) = MakeSnapshot(root);
            var manifest = WriteManifest(root, [
                Row(commit, "a/result.mp4", shaA, bytesA, "fake", "talking-head:wav2lip", "first fork"),
                Row(commit, "b/result.mp4", shaB, bytesB, "fake", "talking-head:wav2lip", "second fork"),
                Row(commit, "b/result.mp4", shaB, bytesB, "real", "real-input", "same base name, other label")]);
            var output = Path.Combine(root, "out");

            var (code, stderr) = RunScript(manifest, output, root);

            Assert.True(code == 0, stderr);
            var raw = Path.Combine(output, "raw", "fake", "talking-head:wav2lip");
            Assert.Equal(shaA, Sha(Path.Combine(raw, "result.mp4")));
            Assert.Equal(shaB, Sha(Path.Combine(raw, "acme_gen__b_result.mp4")));
            Assert.Equal(shaB, Sha(Path.Combine(output, "raw", "real", "real-input", "result.mp4")));
            var clips = Path.Combine(output, "clips", "fake", "talking-head:wav2lip");
            var first = Path.Combine(clips, "result_mp4.mp4");
            var second = Path.Combine(clips, "acme_gen__b_result_mp4.mp4");
            Assert.True(File.Exists(first) && File.Exists(second), string.Join(", ", Directory.GetFiles(clips).Select(f => Path.GetFileName(f))));
            Assert.NotEqual(Sha(first), Sha(second));
            Assert.True(File.Exists(Path.Combine(output, "clips", "real", "real-input", "result_mp4.mp4")));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public void Rows_filter_rebuilds_only_matching_rows_under_the_names_of_a_full_run()
    {
        var root = Directory.CreateTempSubdirectory("fakelens-video-rebuild-").FullName;
        try
        {
            var (commit, shaA, bytesA, shaB, bytesB) = MakeSnapshot(root);
            var manifest = WriteManifest(root, [
                Row(commit, "a/result.mp4", shaA, bytesA, "fake", "faceswap:x", "earlier round"),
                Row(commit, "b/result.mp4", shaB, bytesB, "fake", "faceswap:x", "round 14 face video")]);
            var output = Path.Combine(root, "out");

            var (code, stderr) = RunScript(manifest, output, root, rowsFilter: "round 14 face video");

            Assert.True(code == 0, stderr);
            var clips = Path.Combine(output, "clips", "fake", "faceswap:x");
            Assert.Equal(["acme_gen__b_result_mp4.mp4"], Directory.GetFiles(clips).Select(f => Path.GetFileName(f)).ToArray());
            Assert.False(File.Exists(Path.Combine(output, "raw", "fake", "faceswap:x", "result.mp4")), "the filtered-out row was fetched");
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public void A_row_whose_file_has_another_sha256_fails_the_run_and_names_the_file()
    {
        var root = Directory.CreateTempSubdirectory("fakelens-video-rebuild-").FullName;
        try
        {
            var (commit, shaA, _, _, bytesB) = MakeSnapshot(root);
            var manifest = WriteManifest(root, [Row(commit, "b/result.mp4", shaA, bytesB, "fake", "reenact:fomm", "wrong digest")]);

            var (code, stderr) = RunScript(manifest, Path.Combine(root, "out"), root);

            Assert.Equal(1, code);
            Assert.Contains("SHA-256 mismatch: acme/gen b/result.mp4", stderr);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    // A git work tree (repo/.git, as some snapshots arrive) holding two different 1-second videos, both named result.mp4.
    private static (string Commit, string ShaA, long BytesA, string ShaB, long BytesB) MakeSnapshot(string root)
    {
        var repo = Directory.CreateDirectory(Path.Combine(root, "mirrors", "acme+gen", "repo")).FullName;
        var a = Directory.CreateDirectory(Path.Combine(repo, "a")).FullName;
        var b = Directory.CreateDirectory(Path.Combine(repo, "b")).FullName;
        Ffmpeg.Make(a, "result.mp4", "-f", "lavfi", "-i", "testsrc2=size=96x64:rate=8", "-t", "1", "-pix_fmt", "yuv420p");
        Ffmpeg.Make(b, "result.mp4", "-f", "lavfi", "-i", "mandelbrot=size=96x64:rate=8", "-t", "1", "-pix_fmt", "yuv420p");
        Git(repo, "init", "-q");
        Git(repo, "add", ".");
        Git(repo, "-c", "user.name=t", "-c", "user.email=t@example.invalid", "commit", "-q", "-m", "snapshot");
        var commit = Git(repo, "rev-parse", "HEAD").Trim();
        var fa = new FileInfo(Path.Combine(a, "result.mp4"));
        var fb = new FileInfo(Path.Combine(b, "result.mp4"));
        return (commit, Sha(fa.FullName), fa.Length, Sha(fb.FullName), fb.Length);
    }

    private static string Sha(string path) => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)));

    private static string Row(string commit, string path, string sha, long bytes, string label, string family, string notes) =>
        $"acme/gen,{commit},{path},{sha},{bytes},MIT,{label},{family},acme/gen,\"{notes}\"";

    private static string WriteManifest(string root, IEnumerable<string> rows)
    {
        var manifest = Path.Combine(root, "manifest.csv");
        File.WriteAllLines(manifest, ["repo,commit,path,sha256,bytes,licence,label,family,group,notes", .. rows]);
        return manifest;
    }

    private static (int Code, string Stderr) RunScript(string manifest, string output, string root, string? rowsFilter = null)
    {
        var environment = new Dictionary<string, string> { ["VIDEO_MANIFEST"] = manifest, ["FAKELENS_MIRROR"] = Path.Combine(root, "mirrors") };
        if (rowsFilter is not null)
        {
            environment["ROWS_FILTER"] = rowsFilter;
        }

        return RebuildScripts.Run("rebuild-video-corpus.sh", [output], environment);
    }

    private static string Git(string dir, params string[] args) => RebuildScripts.Git(dir, args);
}
