using System.Text.RegularExpressions;
using Microsoft.VisualBasic.FileIO;

namespace FakeLens.Learning.Tests.Image;

/// <summary>
/// data/image-corpus.csv, the manifest scripts/data/rebuild-image-corpus.sh rebuilds the image training corpus from:
/// every row names a file at a commit with its digest, size, licence, label, family and group; no row (of any corpus
/// manifest) names a repository that ../shared/DATA.md keeps for independent evaluation (data/reserved-repositories.txt); round 7 (rows 4,930 on) repeats no image; round 10 (rows 6,140 on) uses only repositories new to the corpus; round 14 (rows 7,408 on, an unseen batch) likewise, at most 80 rows a repository, every row noted as the batch; round 15 (rows 8,158 on, a second unseen batch) likewise; a row that is the same file as an
/// unseen-portrait test picture (data/unseen-portrait-repositories.txt) is marked so training can leave it out.
/// </summary>
public sealed partial class ImageCorpusManifestTests
{
    private const int RowsBeforeRound7 = 4929;
    private const int RowsBeforeRound10 = 6139;
    private const int RowsBeforeRound14 = 7407;
    private const int RowsBeforeRound15 = 8157;

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

    [Theory]
    [InlineData("image-corpus.csv")]
    [InlineData("speech-corpus.csv")]
    [InlineData("video-corpus.csv")]
    [InlineData("video-face-blend.csv")]
    public void No_manifest_row_names_a_repository_reserved_for_independent_evaluation(string manifest)
    {
        var reserved = ReservedRepositories();
        Assert.True(reserved.Count >= 20, $"only {reserved.Count} reserved repositories in data/reserved-repositories.txt");

        var hits = File.ReadLines(Find("data", manifest)).Skip(1).Select(l => l.Split(',')[0]).Where(reserved.Contains).Distinct().ToList();

        Assert.True(hits.Count == 0, $"reserved repositories in data/{manifest}: " + string.Join(", ", hits));
    }

    [Fact]
    public void The_committed_reserved_list_holds_every_repository_DATA_md_names()
    {
        // ../shared/DATA.md is beside the checkout on the developers' machines; CI may carry only ../shared/data, and
        // there the committed copy (checked here whenever DATA.md is present) is what the manifest tests read.
        var dataMd = TryFind("shared", "DATA.md");
        if (dataMd is null)
        {
            return;
        }

        var missing = ReservedIn(File.ReadLines(dataMd)).Except(ReservedRepositories(), StringComparer.OrdinalIgnoreCase).ToList();

        Assert.True(missing.Count == 0, "add to data/reserved-repositories.txt: " + string.Join(", ", missing));
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

    [Fact]
    public void Round10_rows_come_from_repositories_new_to_the_corpus_none_above_200_rows()
    {
        var rows = Manifest();
        Assert.True(rows.Count > RowsBeforeRound10, $"the manifest has {rows.Count} rows, round 10 starts at row {RowsBeforeRound10 + 1}");
        var earlier = rows.Take(RowsBeforeRound10).Select(r => r[0]).ToHashSet(StringComparer.OrdinalIgnoreCase);

        var round10 = rows.Skip(RowsBeforeRound10).GroupBy(r => r[0]).ToList();

        Assert.Empty(round10.Where(g => earlier.Contains(g.Key)).Select(g => g.Key));
        Assert.Empty(round10.Where(g => g.Count() > 200).Select(g => $"{g.Key} ({g.Count()} rows)"));
    }

    [Fact]
    public void Round14_rows_are_an_unseen_batch_of_new_repositories_none_above_80_rows()
    {
        // Round 14 measures the shipped model on repositories it never trained on, so none may appear earlier; the rows say
        // so in their notes (the next round trains on them), and no repository dominates (the brief's cap, ~80).
        var rows = Manifest();
        Assert.True(rows.Count > RowsBeforeRound14, $"the manifest has {rows.Count} rows, round 14 starts at row {RowsBeforeRound14 + 1}");
        var earlier = rows.Take(RowsBeforeRound14).Select(r => r[0]).ToHashSet(StringComparer.OrdinalIgnoreCase);
        Assert.DoesNotContain(rows.Take(RowsBeforeRound14), r => r[9].StartsWith("round 14 unseen batch", StringComparison.Ordinal));

        var round14 = rows.Skip(RowsBeforeRound14).Take(RowsBeforeRound15 - RowsBeforeRound14).ToList();

        var repeated = round14.Select(r => r[0]).Distinct().Where(earlier.Contains).ToList();
        Assert.True(repeated.Count == 0, "already in rows 1-7,407: " + string.Join(", ", repeated));
        Assert.Empty(round14.GroupBy(r => r[0]).Where(g => g.Count() > 80).Select(g => $"{g.Key} ({g.Count()} rows)"));
        Assert.Empty(round14.Where(r => !r[9].StartsWith("round 14 unseen batch", StringComparison.Ordinal)).Select(r => $"{r[0]}:{r[2]}"));
        var reserved = round14.Select(r => r[0]).Distinct().Where(ReservedRepositories().Contains).ToList();
        Assert.True(reserved.Count == 0, "reserved: " + string.Join(", ", reserved));
    }

    [Fact]
    public void Round15_rows_are_a_second_unseen_batch_of_repositories_new_after_round14_none_above_80_rows()
    {
        // Round 15 measures the shipped model on repositories that neither it nor round 14's batch (v11's training data)
        // holds; the rows say so in their notes, and no repository gives more than the brief's ~80 rows.
        var rows = Manifest();
        Assert.True(rows.Count > RowsBeforeRound15, $"the manifest has {rows.Count} rows, round 15 starts at row {RowsBeforeRound15 + 1}");
        Assert.DoesNotContain(rows.Take(RowsBeforeRound15), r => r[9].StartsWith("round 15 unseen batch", StringComparison.Ordinal));
        var earlier = rows.Take(RowsBeforeRound15).Select(r => r[0]).ToHashSet(StringComparer.OrdinalIgnoreCase);

        var round15 = rows.Skip(RowsBeforeRound15).ToList();

        var repeated = round15.Select(r => r[0]).Distinct().Where(earlier.Contains).ToList();
        Assert.True(repeated.Count == 0, "already in rows 1-8,157: " + string.Join(", ", repeated));
        Assert.Empty(round15.GroupBy(r => r[0]).Where(g => g.Count() > 80).Select(g => $"{g.Key} ({g.Count()} rows)"));
        Assert.Empty(round15.Where(r => !r[9].StartsWith("round 15 unseen batch", StringComparison.Ordinal)).Select(r => $"{r[0]}:{r[2]}"));
        var reserved = round15.Select(r => r[0]).Distinct().Where(ReservedRepositories().Contains).ToList();
        Assert.True(reserved.Count == 0, "reserved: " + string.Join(", ", reserved));
    }

    [Fact]
    public void Rows_identical_to_an_unseen_portrait_test_file_are_marked_and_only_they()
    {
        // The unseen-portrait check scores the image models on these repositories' rows of data/video-face-blend.csv, so
        // an image-corpus row with the same bytes must say so (training excludes it); round 10 added 78 such rows unmarked.
        var repos = File.ReadLines(Find("data", "unseen-portrait-repositories.txt")).Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')).ToHashSet(StringComparer.Ordinal);
        Assert.True(repos.Count >= 7, $"only {repos.Count} repositories in data/unseen-portrait-repositories.txt");
        var tests = Rows("video-face-blend.csv").Where(r => repos.Contains(r[0])).Select(r => r[3]).ToHashSet(StringComparer.Ordinal);
        Assert.True(tests.Count >= 100, $"only {tests.Count} unseen-portrait test files in data/video-face-blend.csv");

        var wrong = Manifest().Select((r, i) => (r, n: i + 1))
            .Where(x => tests.Contains(x.r[3]) != x.r[9].Contains("unseen-portrait test file", StringComparison.Ordinal))
            .Select(x => $"row {x.n} ({x.r[0]}:{x.r[2]}) " + (tests.Contains(x.r[3]) ? "is a test file but not marked" : "is marked but no test file"))
            .ToList();

        Assert.True(wrong.Count == 0, "run scripts/data/portrait-test-duplicates.py --mark: " + string.Join("; ", wrong.Take(10)));
    }

    private static (string Sha, string Crop) Key(string[] r) => (r[3], Crop().Match(r[9]).Value);

    private static List<string[]> Manifest() => Rows("image-corpus.csv");

    private static List<string[]> Rows(string manifest)
    {
        using var parser = new TextFieldParser(Find("data", manifest)) { TextFieldType = FieldType.Delimited, HasFieldsEnclosedInQuotes = true };
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

    private static HashSet<string> ReservedRepositories() =>
        new(File.ReadLines(Find("data", "reserved-repositories.txt")).Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')),
            StringComparer.OrdinalIgnoreCase);

    // owner/name cells of the table in DATA.md (the first column lists one or more repositories).
    private static IEnumerable<string> ReservedIn(IEnumerable<string> dataMd) =>
        dataMd.Where(l => l.StartsWith('|')).SelectMany(l => l.Split('|')[1].Split(',')).Select(c => c.Trim()).Where(c => RepoName().IsMatch(c));

    private static string Find(string folder, string file) =>
        TryFind(folder, file) ?? throw new FileNotFoundException($"{folder}/{file} not found above the test binaries");

    private static string? TryFind(string folder, string file)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, folder, file);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
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
