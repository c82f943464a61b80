namespace FakeLens.TestSupport;

/// <summary>
/// The read-only shared data folder (real and AI images, audio, C2PA fixtures). FAKELENS_DATA overrides the
/// path; otherwise it is ../shared/data beside the checkout. Missing data is a hard failure, never a skip.
/// </summary>
public static class TestData
{
    public static string Root { get; } = Locate();

    /// <summary>Full path of a file or folder under the data root; throws when it does not exist.</summary>
    public static string Path(params string[] parts)
    {
        var p = System.IO.Path.Combine([Root, .. parts]);
        if (!File.Exists(p) && !Directory.Exists(p))
        {
            throw new FileNotFoundException($"Shared test data is missing: {p}. Set FAKELENS_DATA to the shared data folder.", p);
        }

        return p;
    }

    /// <summary>
    /// Files under a shared-data folder, sorted; throws when fewer than <paramref name="minimum"/> match, so a test
    /// that loops over a folder cannot pass on an empty or half-copied one.
    /// </summary>
    public static IReadOnlyList<string> Files(string folder, string pattern = "*", int minimum = 1)
    {
        var files = Directory.GetFiles(Path(folder), pattern, SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList();
        return files.Count >= minimum
            ? files
            : throw new FileNotFoundException($"Shared test data is incomplete: {Path(folder)} holds {files.Count} file(s) matching {pattern}, the test needs at least {minimum}.");
    }

    private static string Locate()
    {
        var env = Environment.GetEnvironmentVariable("FAKELENS_DATA");
        if (!string.IsNullOrEmpty(env))
        {
            return Directory.Exists(env)
                ? env
                : throw new DirectoryNotFoundException($"FAKELENS_DATA points to {env}, which does not exist.");
        }

        foreach (var start in new[] { AppContext.BaseDirectory, Environment.CurrentDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = System.IO.Path.Combine(dir.FullName, "shared", "data");
                if (File.Exists(System.IO.Path.Combine(candidate, "SOURCES.md")))
                {
                    return candidate;
                }
            }
        }

        throw new DirectoryNotFoundException("Shared test data not found: expected ../shared/data beside the checkout, or set FAKELENS_DATA.");
    }
}
