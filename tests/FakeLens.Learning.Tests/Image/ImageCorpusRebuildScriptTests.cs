using System.Security.Cryptography;
using FakeLens.Learning.Tests.Data;
using FakeLens.TestSupport;

namespace FakeLens.Learning.Tests.Image;

/// <summary>
/// scripts/data/rebuild-image-corpus.sh against a throw-away git repository laid out as the fetch tool leaves a
/// snapshot: rows from manifest row 4,930 on land in the round-7 folder, rows from 6,140 on in the round-10 folder, from
/// 7,408 on in the round-14 folder and from 8,158 on in the round-15 folder,
/// FAKELENS_IMAGE_FROM_ROW leaves the earlier rows (and their folders) alone, grid cells are cut to their crop, and a
/// wrong SHA-256 fails the run by name.
/// </summary>
public sealed class ImageCorpusRebuildScriptTests
{
    private const int RowsBeforeRound7 = 4929;
    private const int RowsBeforeRound10 = 6139;
    private const int RowsBeforeRound14 = 7407;
    private const int RowsBeforeRound15 = 8157;

    [Fact]
    public void Round7_rows_land_in_the_r7_folder_and_from_row_leaves_earlier_rounds_untouched()
    {
        var root = Directory.CreateTempSubdirectory("fakelens-rebuild-").FullName;
        try
        {
            var (commit, shaA, bytesA, shaB, bytesB) = MakeSnapshot(root);
            var rows = Filler(commit, shaA, bytesA).ToList();
            rows.Add(Row(commit, "img/a.png", shaA, bytesA, "ai", "flux2", "acme/gen", "64x32"));
            rows.Add(Row(commit, "img/b.png", shaB, bytesB, "ai", "gpt-4o-image", "acme/gen", "grid cell crop=16:16:16:0"));
            rows.Add(Row(commit, "img/b.png", shaB, bytesB, "real", "camera-photo", "acme/photos", "camera photo"));
            var manifest = WriteManifest(root, rows);
            var output = Path.Combine(root, "out", "corpus");

            var (code, stderr) = RunScript(manifest, output, root);

            Assert.True(code == 0, stderr);
            Assert.Contains("3 written", stderr);
            Assert.False(Directory.Exists(output + "-r6"), "rows before 4,930 were skipped, so no round-6 folder");
            Assert.False(Directory.Exists(Path.Combine(output, "ai")), "rows before 4,930 were skipped, so no round-1 files");
            var r7 = output + "-r7";
            Assert.Equal(bytesA, new FileInfo(Path.Combine(r7, "ai", "flux2", "acme_gen__img_a.png")).Length);
            var cell = Path.Combine(r7, "ai", "gpt-4o-image", "acme_gen__img_b__16_16_16_0.png");
            Assert.Equal((16, 16), PngSize(cell));
            Assert.True(File.Exists(Path.Combine(r7, "real", "acme_photos", "img_b.png")));
            var labels = File.ReadAllLines(Path.Combine(r7, "ai", "labels.csv"));
            Assert.Equal("file,generator,family,source", labels[0]);
            Assert.Contains("flux2/acme_gen__img_a.png,recent-dit-flow,flux2,acme/gen", labels);
            Assert.Contains("gpt-4o-image/acme_gen__img_b__16_16_16_0.png,gpt-4o-image,gpt-4o-image,acme/gen", labels);
            Assert.Equal(["file,source", "acme_photos/img_b.png,acme/gen"], File.ReadAllLines(Path.Combine(r7, "real", "labels.csv")));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public void Round10_rows_land_in_the_r10_folder_with_their_leave_one_out_fold_and_round7_rows_stay_in_r7()
    {
        var root = Directory.CreateTempSubdirectory("fakelens-rebuild-").FullName;
        try
        {
            var (commit, shaA, bytesA, shaB, bytesB) = MakeSnapshot(root);
            var rows = Filler(commit, shaA, bytesA, RowsBeforeRound10 - 1).ToList();
            rows.Add(Row(commit, "img/b.png", shaB, bytesB, "ai", "flux2", "acme/gen", "last round-7 row"));
            rows.Add(Row(commit, "img/a.png", shaA, bytesA, "ai", "sit", "acme/gen", "64x32"));
            rows.Add(Row(commit, "img/b.png", shaB, bytesB, "real", "scan", "acme/scans", "scan"));
            var manifest = WriteManifest(root, rows);
            var output = Path.Combine(root, "out", "corpus");

            var (code, stderr) = RunScript(manifest, output, root, fromRow: RowsBeforeRound10 - 1); // FAKELENS_IMAGE_FROM_ROW=6139: the last round-7 row on

            Assert.True(code == 0, stderr);
            Assert.Contains("3 written", stderr);
            Assert.True(File.Exists(Path.Combine(output + "-r7", "ai", "flux2", "acme_gen__img_b.png")), "row 6,139 belongs to round 7");
            var r10 = output + "-r10";
            Assert.Equal(bytesA, new FileInfo(Path.Combine(r10, "ai", "sit", "acme_gen__img_a.png")).Length);
            Assert.Equal(["file,generator,family,source", "sit/acme_gen__img_a.png,dit,sit,acme/gen"], File.ReadAllLines(Path.Combine(r10, "ai", "labels.csv")));
            Assert.Equal(["file,source", "acme_scans/img_b.png,acme/gen"], File.ReadAllLines(Path.Combine(r10, "real", "labels.csv")));
            Assert.False(File.Exists(Path.Combine(output + "-r7", "ai", "sit", "acme_gen__img_a.png")));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public void Round14_rows_land_in_the_r14_folder_with_their_leave_one_out_fold_and_round10_rows_stay_in_r10()
    {
        var root = Directory.CreateTempSubdirectory("fakelens-rebuild-").FullName;
        try
        {
            var (commit, shaA, bytesA, shaB, bytesB) = MakeSnapshot(root);
            var rows = Filler(commit, shaA, bytesA, RowsBeforeRound14 - 1).ToList();
            rows.Add(Row(commit, "img/b.png", shaB, bytesB, "ai", "sit", "acme/gen", "last round-10 row"));
            rows.Add(Row(commit, "img/a.png", shaA, bytesA, "ai", "mindalle", "acme/gen", "round 14 unseen batch; 64x32"));
            rows.Add(Row(commit, "img/b.png", shaB, bytesB, "real", "camera-photo", "acme/photos", "round 14 unseen batch"));
            var manifest = WriteManifest(root, rows);
            var output = Path.Combine(root, "out", "corpus");

            var (code, stderr) = RunScript(manifest, output, root, fromRow: RowsBeforeRound14 - 1); // FAKELENS_IMAGE_FROM_ROW=7407: the last round-10 row on

            Assert.True(code == 0, stderr);
            Assert.Contains("3 written", stderr);
            Assert.True(File.Exists(Path.Combine(output + "-r10", "ai", "sit", "acme_gen__img_b.png")), "row 7,407 belongs to round 10");
            var r14 = output + "-r14";
            Assert.Equal(bytesA, new FileInfo(Path.Combine(r14, "ai", "mindalle", "acme_gen__img_a.png")).Length);
            Assert.Equal(["file,generator,family,source", "mindalle/acme_gen__img_a.png,dalle-mini,mindalle,acme/gen"], File.ReadAllLines(Path.Combine(r14, "ai", "labels.csv")));
            Assert.Equal(["file,source", "acme_photos/img_b.png,acme/gen"], File.ReadAllLines(Path.Combine(r14, "real", "labels.csv")));
            Assert.False(File.Exists(Path.Combine(output + "-r10", "ai", "mindalle", "acme_gen__img_a.png")));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public void Round15_rows_land_in_the_r15_folder_and_the_last_round14_row_stays_in_r14()
    {
        var root = Directory.CreateTempSubdirectory("fakelens-rebuild-").FullName;
        try
        {
            var (commit, shaA, bytesA, shaB, bytesB) = MakeSnapshot(root);
            var rows = Filler(commit, shaA, bytesA, RowsBeforeRound15 - 1).ToList();
            rows.Add(Row(commit, "img/b.png", shaB, bytesB, "ai", "mindalle", "acme/gen", "round 14 unseen batch; last round-14 row"));
            rows.Add(Row(commit, "img/a.png", shaA, bytesA, "ai", "gpt-image-2", "acme/gen", "round 15 unseen batch; 64x32"));
            rows.Add(Row(commit, "img/b.png", shaB, bytesB, "real", "wallpaper-photo", "acme/photos", "round 15 unseen batch"));
            var manifest = WriteManifest(root, rows);
            var output = Path.Combine(root, "out", "corpus");

            var (code, stderr) = RunScript(manifest, output, root, fromRow: RowsBeforeRound15 - 1); // from the last filler row on, as the round-14 test

            Assert.True(code == 0, stderr);
            Assert.Contains("3 written", stderr);
            Assert.True(File.Exists(Path.Combine(output + "-r14", "ai", "mindalle", "acme_gen__img_b.png")), "row 8,157 belongs to round 14");
            var r15 = output + "-r15";
            Assert.Equal(bytesA, new FileInfo(Path.Combine(r15, "ai", "gpt-image-2", "acme_gen__img_a.png")).Length);
            Assert.Equal(["file,generator,family,source", "gpt-image-2/acme_gen__img_a.png,gpt-4o-image,gpt-image-2,acme/gen"], File.ReadAllLines(Path.Combine(r15, "ai", "labels.csv")));
            Assert.Equal(["file,source", "acme_photos/img_b.png,acme/gen"], File.ReadAllLines(Path.Combine(r15, "real", "labels.csv")));
            Assert.False(File.Exists(Path.Combine(output + "-r14", "ai", "gpt-image-2", "acme_gen__img_a.png")));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public void A_row_whose_file_has_another_sha256_fails_the_run_and_names_the_file()
    {
        var root = Directory.CreateTempSubdirectory("fakelens-rebuild-").FullName;
        try
        {
            var (commit, shaA, bytesA, _, bytesB) = MakeSnapshot(root);
            var rows = Filler(commit, shaA, bytesA).ToList();
            rows.Add(Row(commit, "img/b.png", shaA, bytesB, "ai", "sdxl", "acme/gen", "wrong digest"));
            var manifest = WriteManifest(root, rows);
            var output = Path.Combine(root, "out", "corpus");

            var (code, stderr) = RunScript(manifest, output, root);

            Assert.Equal(1, code);
            Assert.Contains("SHA-256 MISMATCH acme/gen@" + commit + ":img/b.png", stderr);
            Assert.False(File.Exists(Path.Combine(output + "-r7", "ai", "sdxl", "acme_gen__img_b.png")));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    // A git work tree (repo/.git, as some snapshots arrive) holding two PNGs made with ffmpeg.
    private static (string Commit, string ShaA, long BytesA, string ShaB, long BytesB) MakeSnapshot(string root)
    {
        var repo = Directory.CreateDirectory(Path.Combine(root, "mirrors", "acme+gen", "repo")).FullName;
        var img = Directory.CreateDirectory(Path.Combine(repo, "img")).FullName;
        Ffmpeg.Make(img, "a.png", "-f", "lavfi", "-i", "testsrc2=size=64x32", "-frames:v", "1");
        Ffmpeg.Make(img, "b.png", "-f", "lavfi", "-i", "mandelbrot=size=48x32", "-frames:v", "1");
        Git(repo, "init", "-q");
        Git(repo, "add", ".");
        Git(repo, "-c", "user.name=t", "-c", "user.email=t@example.invalid", "commit", "-q", "-m", "snapshot");
        var commit = Git(repo, "rev-parse", "HEAD").Trim();
        var a = File.ReadAllBytes(Path.Combine(img, "a.png"));
        var b = File.ReadAllBytes(Path.Combine(img, "b.png"));
        return (commit, Convert.ToHexStringLower(SHA256.HashData(a)), a.Length, Convert.ToHexStringLower(SHA256.HashData(b)), b.Length);
    }

    // Rows 1-4,929 stand for rounds 1-6; FAKELENS_IMAGE_FROM_ROW=4930 must not read them.
    private static IEnumerable<string> Filler(string commit, string sha, long bytes, int count = RowsBeforeRound7) =>
        Enumerable.Range(0, count).Select(i => Row(commit, "img/a.png", sha, bytes, "ai", "earlier", "acme/gen", "row " + i));

    private static string Row(string commit, string path, string sha, long bytes, string label, string family, string group, string notes) =>
        $"acme/gen,{commit},{path},{sha},{bytes},MIT,{label},{family},{group},\"{notes}\"";

    private static string WriteManifest(string root, IEnumerable<string> rows)
    {
        var manifest = Path.Combine(root, "manifest.csv");
        File.WriteAllLines(manifest, ["repo,commit,path,sha256,bytes,licence,label,family,group,notes", .. rows]);
        return manifest;
    }

    private static (int Code, string Stderr) RunScript(string manifest, string output, string root, int fromRow = RowsBeforeRound7) =>
        RebuildScripts.Run("rebuild-image-corpus.sh", [manifest, output], new Dictionary<string, string>
        {
            ["FAKELENS_MIRRORS"] = Path.Combine(root, "mirrors"),
            ["FAKELENS_IMAGE_FROM_ROW"] = (fromRow + 1).ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["CLONES"] = Path.Combine(root, "no-clones"),
        });

    private static string Git(string dir, params string[] args) => RebuildScripts.Git(dir, args);

    // Width and height from the PNG IHDR chunk (big-endian at bytes 16-23).
    private static (int Width, int Height) PngSize(string path)
    {
        var b = File.ReadAllBytes(path);
        return ((b[16] << 24) | (b[17] << 16) | (b[18] << 8) | b[19], (b[20] << 24) | (b[21] << 16) | (b[22] << 8) | b[23]);
    }
}
