using System.Text.RegularExpressions;
using Microsoft.VisualBasic.FileIO;

namespace FakeLens.Learning.Tests.Image;

/// <summary>
/// data/image-corpus.csv, the manifest scripts/data/rebuild-image-corpus.sh rebuilds the image training corpus from:
/// every row names a file at a commit with its digest, size, licence, label, family and group; no row names a
/// repository that ../shared/DATA.md keeps for independent evaluation; round 7 (rows 4,930 on) repeats no image.
/// </summary>
public sealed partial class ImageCorpusManifestTests
{
    private const int RowsBeforeRound7 = 4929;

    [Fact]
    public void Every_row_is_complete_and_names_its_file_at_a_commit_with_a_sha256()
    {
        var rows = Manifest();

        Assert.True(rows.Count > RowsBeforeRound7, $"the manifest has {rows.Count} rows");
        foreach (var (r, n) in rows.Select((r, i) => (r, i + 1)))
        {
            Assert.True(r.Length == 10, $"row {n} has {r.Length} fields");
            Assert.True(RepoName().IsMatch(r[0]), $"row {n}: repo '{r[0]}'");
            Assert.True(Hex40().IsMatch(r[1]), $"row {n}: commit '{r[1]}'");
            Assert.True(Hex64().IsMatch(r[3]), $"row {n}: sha256 '{r[3]}'");
            Assert.True(long.TryParse(r[4], out var bytes) && bytes > 0, $"row {n}: bytes '{r[4]}'");
            Assert.True(r[6] is "ai" or "real", $"row {n}: label '{r[6]}'");
            Assert.True(r[2].Length > 0 && r[5].Length > 0 && r[7].Length > 0 && r[8].Length > 0, $"row {n}: path, licence, family or group is empty");
        }
    }

    [Fact]
    public void No_row_names_a_repository_reserved_for_independent_evaluation()
    {
        var reserved = ReservedRepositories();
        Assert.True(reserved.Count >= 20, $"only {reserved.Count} reserved repositories read from DATA.md");

        var hits = Manifest().Select(r => r[0]).Where(reserved.Contains).Distinct().ToList();

        Assert.True(hits.Count == 0, "reserved repositories in the manifest: " + string.Join(", ", hits));
    }

    [Fact]
    public void Round7_rows_repeat_no_image_of_the_manifest()
    {
        var rows = Manifest();
        var seen = new HashSet<(string Sha, string Crop)>(rows.Take(RowsBeforeRound7).Select(Key));
        foreach (var (r, n) in rows.Skip(RowsBeforeRound7).Select((r, i) => (r, RowsBeforeRound7 + i + 1)))
        {
            Assert.True(seen.Add(Key(r)), $"row {n} ({r[0]}:{r[2]} {Key(r).Crop}) repeats an image already in the manifest");
        }
    }

    private static (string Sha, string Crop) Key(string[] r) => (r[3], Crop().Match(r[9]).Value);

    private static List<string[]> Manifest()
    {
        using var parser = new TextFieldParser(Find("data", "image-corpus.csv")) { TextFieldType = FieldType.Delimited, HasFieldsEnclosedInQuotes = true };
        parser.SetDelimiters(",");
        var header = parser.ReadFields() ?? [];
        Assert.Equal(["repo", "commit", "path", "sha256", "bytes", "licence", "label", "family", "group", "notes"], header);
        var rows = new List<string[]>();
        while (!parser.EndOfData)
        {
            rows.Add(parser.ReadFields() ?? []);
        }

        return rows;
    }

    // owner/name cells of the table in ../shared/DATA.md (the first column lists one or more repositories).
    private static HashSet<string> ReservedRepositories()
    {
        var set = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in File.ReadLines(Find("shared", "DATA.md")).Where(l => l.StartsWith('|')))
        {
            foreach (var cell in line.Split('|')[1].Split(','))
            {
                var name = cell.Trim();
                if (RepoName().IsMatch(name))
                {
                    set.Add(name);
                }
            }
        }

        return set;
    }

    private static string Find(string folder, string file)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, folder, file);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException($"{folder}/{file} not found above the test binaries");
    }

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9_.-]*/[A-Za-z0-9_.-]+$")]
    private static partial Regex RepoName();

    [GeneratedRegex("^[0-9a-f]{40}$")]
    private static partial Regex Hex40();

    [GeneratedRegex("^[0-9a-f]{64}$")]
    private static partial Regex Hex64();

    [GeneratedRegex(@"crop=\d+:\d+:\d+:\d+")]
    private static partial Regex Crop();
}
