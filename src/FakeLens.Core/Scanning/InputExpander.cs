using System.Text.RegularExpressions;
using FakeLens.Core.Media;

namespace FakeLens.Core.Scanning;

/// <summary>
/// Turns command-line inputs (files, folders, globs such as <c>photos/**/*.jpg</c>) into a list of files.
/// Folders are walked recursively; hidden entries are skipped; a folder reached twice through symbolic links
/// (a loop) is walked once. Inside folders only files that look like media (by extension or magic bytes)
/// are taken; a file named explicitly is always taken, so that a wrong-type file gets its own error entry.
/// Inputs that match nothing are returned as-is so the scan reports them as "not found".
/// </summary>
public static class InputExpander
{
    public static IReadOnlyList<string> Expand(IEnumerable<string> inputs, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var files = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var input in inputs)
        {
            if (Directory.Exists(input))
            {
                Walk(input, files, seen, new HashSet<string>(StringComparer.Ordinal), cancellationToken);
            }
            else if (IsGlob(input))
            {
                var matches = ExpandGlob(input, cancellationToken);
                if (matches.Count == 0)
                {
                    Add(input, files, seen);
                }

                foreach (var m in matches)
                {
                    Add(m, files, seen);
                }
            }
            else
            {
                Add(input, files, seen);
            }
        }

        return files;
    }

    public static bool IsGlob(string input) => input.AsSpan().IndexOfAny('*', '?', '[') >= 0;

    private static void Add(string path, List<string> files, HashSet<string> seen)
    {
        if (seen.Add(path))
        {
            files.Add(path);
        }
    }

    /// <summary>Deepest folder nesting walked; a safety net against link structures that defeat the loop check.</summary>
    private const int MaxDepth = 64;

    private static void Walk(string dir, List<string> files, HashSet<string> seen, HashSet<string> visitedDirs, CancellationToken ct, int depth = 0)
    {
        ct.ThrowIfCancellationRequested();
        if (depth > MaxDepth)
        {
            return;
        }

        string real;
        try
        {
            real = RealPath(dir);
        }
        catch (IOException)
        {
            return; // a link loop or a vanished folder: nothing to walk
        }

        if (!visitedDirs.Add(real))
        {
            return;
        }

        IEnumerable<string> entries;
        try
        {
            entries = Directory.EnumerateFileSystemEntries(dir).Order(StringComparer.Ordinal).ToList();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Add(dir, files, seen); // reported as unreadable by the scanner
            return;
        }

        foreach (var entry in entries)
        {
            if (Path.GetFileName(entry).StartsWith('.'))
            {
                continue;
            }

            if (Directory.Exists(entry))
            {
                Walk(entry, files, seen, visitedDirs, ct, depth + 1);
            }
            else if (LooksLikeMedia(entry))
            {
                Add(entry, files, seen);
            }
        }
    }

    /// <summary>True for a file with a media extension, or whose first bytes are a known media format, or that cannot be read (so its error is reported).</summary>
    private static bool LooksLikeMedia(string path)
    {
        if (MediaSniffer.FromExtension(path) is not null)
        {
            return true;
        }

        try
        {
            Span<byte> head = stackalloc byte[MediaSniffer.HeaderLength];
            using var s = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1);
            var n = s.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
            return MediaSniffer.FromBytes(head[..n]) != MediaFormat.Unknown;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return true;
        }
    }

    private static string RealPath(string path)
    {
        var info = new DirectoryInfo(Path.GetFullPath(path));
        return info.LinkTarget is null ? info.FullName : info.ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? info.FullName;
    }

    private static List<string> ExpandGlob(string pattern, CancellationToken ct)
    {
        var normalized = pattern.Replace('\\', '/');
        var parts = normalized.Split('/');
        var fixedParts = parts.TakeWhile(p => !IsGlob(p)).ToList();
        var root = fixedParts.Count == 0 ? "." : string.Join('/', fixedParts);
        if (normalized.StartsWith('/') && fixedParts.Count == 1)
        {
            root = "/";
        }

        if (!Directory.Exists(root))
        {
            return [];
        }

        var regex = new Regex("^" + GlobToRegex(string.Join('/', parts.Skip(fixedParts.Count))) + "$", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
        var all = new List<string>();
        Walk(root, all, new HashSet<string>(StringComparer.Ordinal), new HashSet<string>(StringComparer.Ordinal), ct);
        var prefix = root == "/" ? "/" : root.TrimEnd('/') + "/";
        return all.Where(f => File.Exists(f) && regex.IsMatch(f.Replace('\\', '/')[prefix.Length..])).ToList();
    }

    private static string GlobToRegex(string glob)
    {
        var sb = new System.Text.StringBuilder();
        for (var i = 0; i < glob.Length; i++)
        {
            var c = glob[i];
            if (c == '*' && i + 1 < glob.Length && glob[i + 1] == '*')
            {
                // "**/" matches zero or more folders; a trailing "**" matches anything.
                if (i + 2 < glob.Length && glob[i + 2] == '/')
                {
                    sb.Append("(?:.*/)?");
                    i += 2;
                }
                else
                {
                    sb.Append(".*");
                    i++;
                }
            }
            else if (c == '*')
            {
                sb.Append("[^/]*");
            }
            else if (c == '?')
            {
                sb.Append("[^/]");
            }
            else if (c == '[')
            {
                var end = glob.IndexOf(']', i + 1);
                if (end < 0)
                {
                    sb.Append(@"\[");
                }
                else
                {
                    sb.Append('[').Append(glob[(i + 1)..end].Replace("\\", @"\\", StringComparison.Ordinal)).Append(']');
                    i = end;
                }
            }
            else
            {
                sb.Append(Regex.Escape(c.ToString()));
            }
        }

        return sb.ToString();
    }
}
