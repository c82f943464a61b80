using System.Text.RegularExpressions;

namespace FakeLens.Core.Tests.Documentation;

/// <summary>
/// Every documentation page that code comments, README.md or another page cite exists, so a figure or a rule the
/// code points to can be found (comments once cited pages that were never written).
/// </summary>
public sealed partial class DocumentationLinksTests
{
    [GeneratedRegex(@"(?<![\w/.-])(docs|models|schema|data)/[\w./-]+\.(md|json|csv)", RegexOptions.CultureInvariant)]
    private static partial Regex DocPath();

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "FakeLens.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException("FakeLens.slnx not found above " + AppContext.BaseDirectory);
    }

    [Fact]
    public void Every_cited_documentation_file_exists()
    {
        var root = RepositoryRoot();
        var sources = new[] { "src", "tests", "bench" }
            .Where(d => Directory.Exists(Path.Combine(root, d)))
            .SelectMany(d => Directory.EnumerateFiles(Path.Combine(root, d), "*.cs", SearchOption.AllDirectories))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Concat(Directory.EnumerateFiles(Path.Combine(root, "docs"), "*.md"))
            .Append(Path.Combine(root, "README.md"))
            .ToList();
        Assert.True(sources.Count > 100, $"only {sources.Count} files searched: the repository layout changed");

        var missing = new List<string>();
        var cited = 0;
        foreach (var file in sources)
        {
            foreach (Match m in DocPath().Matches(File.ReadAllText(file)))
            {
                cited++;
                if (!File.Exists(Path.Combine(root, m.Value)))
                {
                    missing.Add($"{Path.GetRelativePath(root, file)} cites {m.Value}");
                }
            }
        }

        Assert.True(cited >= 10, $"only {cited} citations found: the pattern no longer matches");
        Assert.True(missing.Count == 0, string.Join("\n", missing.Distinct()));
    }
}
