using System.Globalization;

namespace FakeLens.Learning.Image;

/// <summary>
/// Collects labelled image files from --real and --fake folders. A fake file's generator family is, in this
/// order: the <c>generator</c> column of a <c>labels.csv</c> in the folder given (matched by relative path),
/// the first sub-folder under the folder given (ai/sd1/x.png → sd1), or the folder's own name, prefixed by its
/// parent's when the name says nothing ("ml72/ai" → "ml72-ai"). A <c>source</c> column of the same
/// <c>labels.csv</c> (in real folders too) names the repository a file came from.
/// </summary>
public static class ImageDataset
{
    private static readonly string[] Extensions = [".png", ".jpg", ".jpeg", ".webp", ".bmp", ".gif"];
    private static readonly string[] GenericNames = ["ai", "fake", "fakes", "generated", "synthetic", "real", "images", "photos"];

    public static IReadOnlyList<ImageSample> Collect(IReadOnlyList<string> realDirs, IReadOnlyList<string> fakeDirs) => Collect(realDirs, fakeDirs, []);

    /// <summary>
    /// As <see cref="Collect(IReadOnlyList{string}, IReadOnlyList{string})"/>, leaving out every file under one of
    /// <paramref name="exclude"/> (folders or files; e.g. photos reserved for evaluation elsewhere). The files left out
    /// keep their place in the listing (<see cref="ImageSample.Stream"/>), so every other image keeps its random
    /// training crops and its cached features.
    /// </summary>
    public static IReadOnlyList<ImageSample> Collect(IReadOnlyList<string> realDirs, IReadOnlyList<string> fakeDirs, IReadOnlyList<string> exclude) => Collect(realDirs, fakeDirs, exclude, []);

    /// <summary>
    /// As <see cref="Collect(IReadOnlyList{string}, IReadOnlyList{string}, IReadOnlyList{string})"/>, with
    /// <paramref name="lateRealDirs"/>: real folders listed after the fake ones. A corpus that grows by a real folder
    /// added there shifts no earlier image's place in the listing, so every earlier image keeps its random training
    /// crops and its cached features (a folder added among the real ones would move every AI image).
    /// </summary>
    public static IReadOnlyList<ImageSample> Collect(IReadOnlyList<string> realDirs, IReadOnlyList<string> fakeDirs, IReadOnlyList<string> exclude, IReadOnlyList<string> lateRealDirs) =>
        Collect(realDirs, fakeDirs, exclude, lateRealDirs, []);

    /// <summary>
    /// As <see cref="Collect(IReadOnlyList{string}, IReadOnlyList{string}, IReadOnlyList{string}, IReadOnlyList{string})"/>,
    /// with <paramref name="lateFakeDirs"/>: AI folders listed last, after <paramref name="lateRealDirs"/>. A round that
    /// adds AI and real folders appends its real folders to the late real ones and its AI folders here, so every image
    /// of the earlier rounds keeps its place, its random training crops and its cached features.
    /// </summary>
    public static IReadOnlyList<ImageSample> Collect(IReadOnlyList<string> realDirs, IReadOnlyList<string> fakeDirs, IReadOnlyList<string> exclude, IReadOnlyList<string> lateRealDirs, IReadOnlyList<string> lateFakeDirs)
    {
        ArgumentNullException.ThrowIfNull(lateFakeDirs);
        ArgumentNullException.ThrowIfNull(realDirs);
        ArgumentNullException.ThrowIfNull(fakeDirs);
        ArgumentNullException.ThrowIfNull(exclude);
        ArgumentNullException.ThrowIfNull(lateRealDirs);
        var all = new List<ImageSample>();
        foreach (var dir in realDirs)
        {
            all.AddRange(FromFolder(dir, isFake: false));
        }

        foreach (var dir in fakeDirs)
        {
            all.AddRange(FromFolder(dir, isFake: true));
        }

        foreach (var dir in lateRealDirs)
        {
            all.AddRange(FromFolder(dir, isFake: false));
        }

        foreach (var dir in lateFakeDirs)
        {
            all.AddRange(FromFolder(dir, isFake: true));
        }

        if (exclude.Count == 0)
        {
            return all;
        }

        var prefixes = exclude.Select(e => Path.TrimEndingDirectorySeparator(Path.GetFullPath(e))).ToList();
        foreach (var prefix in prefixes.Where(p => !Directory.Exists(p) && !File.Exists(p)))
        {
            throw new DirectoryNotFoundException($"No such folder to exclude: {prefix}");
        }

        bool Excluded(string file)
        {
            var full = Path.GetFullPath(file);
            return prefixes.Any(p => full.Equals(p, StringComparison.Ordinal) || full.StartsWith(p + Path.DirectorySeparatorChar, StringComparison.Ordinal));
        }

        var kept = new List<ImageSample>(all.Count);
        for (var i = 0; i < all.Count; i++)
        {
            if (!Excluded(all[i].Path))
            {
                kept.Add(all[i] with { Stream = i });
            }
        }

        return kept;
    }

    /// <summary>
    /// Every <paramref name="k"/>-th image of the listing (by <see cref="ImageSample.StreamAt"/>), each keeping its
    /// stream, so its random training crops and cached features are those of the full run: a cheap ablation of a
    /// recipe on a fixed share of the corpus (<c>eval image --sample-every k</c>).
    /// </summary>
    public static IReadOnlyList<ImageSample> EveryKth(IReadOnlyList<ImageSample> samples, int k)
    {
        ArgumentNullException.ThrowIfNull(samples);
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        return k == 1 ? samples : samples.Select((s, i) => s with { Stream = s.StreamAt(i) }).Where(s => s.Stream % k == 0).ToList();
    }

    public static IEnumerable<ImageSample> FromFolder(string dir, bool isFake)
    {
        ArgumentNullException.ThrowIfNull(dir);
        if (File.Exists(dir))
        {
            var name = FolderName(Path.GetDirectoryName(Path.GetFullPath(dir)) ?? dir);
            return [new ImageSample(dir, isFake, name, isFake ? name : "real")];
        }

        if (!Directory.Exists(dir))
        {
            throw new DirectoryNotFoundException($"No such folder: {dir}");
        }

        var root = Path.GetFullPath(dir);
        var rootName = FolderName(root);
        var labels = isFake ? ReadLabels(Path.Combine(root, "labels.csv"), "generator") : null;
        var sources = ReadLabels(Path.Combine(root, "labels.csv"), "source", lower: false);
        var files = Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .Where(f => Extensions.Contains(Path.GetExtension(f).ToLowerInvariant()))
            .Order(StringComparer.Ordinal)
            .ToList();
        var samples = new List<ImageSample>(files.Count);
        foreach (var file in files)
        {
            var relative = Path.GetRelativePath(root, file).Replace('\\', '/');
            var slash = relative.IndexOf('/', StringComparison.Ordinal);
            var folder = slash > 0 ? relative[..slash] : rootName;
            var family = !isFake ? "real" : labels is not null && labels.TryGetValue(relative, out var g) ? g : folder;
            samples.Add(new ImageSample(file, isFake, folder, family, sources is not null && sources.TryGetValue(relative, out var src) ? src : null));
        }

        return samples;
    }

    private static string FolderName(string path)
    {
        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(path));
        var name = Path.GetFileName(full);
        if (GenericNames.Contains(name.ToLowerInvariant()))
        {
            var parent = Path.GetFileName(Path.GetDirectoryName(full) ?? string.Empty);
            if (!string.IsNullOrEmpty(parent))
            {
                return parent + "-" + name;
            }
        }

        return name;
    }

    /// <summary>file → <paramref name="column"/> from a labels.csv with a header naming "file" and that column (quoted fields allowed).</summary>
    private static Dictionary<string, string>? ReadLabels(string path, string column, bool lower = true)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        var lines = File.ReadAllLines(path);
        if (lines.Length == 0)
        {
            return null;
        }

        var header = SplitCsv(lines[0]);
        var fileColumn = header.FindIndex(h => h.Equals("file", StringComparison.OrdinalIgnoreCase));
        var generatorColumn = header.FindIndex(h => h.Equals(column, StringComparison.OrdinalIgnoreCase));
        if (fileColumn < 0 || generatorColumn < 0)
        {
            return null;
        }

        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in lines.Skip(1))
        {
            var fields = SplitCsv(line);
            if (fields.Count > Math.Max(fileColumn, generatorColumn) && fields[generatorColumn].Length > 0)
            {
                map[fields[fileColumn].Replace('\\', '/')] = lower ? fields[generatorColumn].ToLower(CultureInfo.InvariantCulture) : fields[generatorColumn];
            }
        }

        return map;
    }

    private static List<string> SplitCsv(string line)
    {
        var fields = new List<string>();
        var current = new System.Text.StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"')
                {
                    current.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    current.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                fields.Add(current.ToString());
                current.Clear();
            }
            else
            {
                current.Append(c);
            }
        }

        fields.Add(current.ToString());
        return fields;
    }
}
