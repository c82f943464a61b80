namespace FakeLens.Learning.Video;

/// <summary>
/// Collects labelled videos from folders: every video file under each --real / --fake folder; the family (and the
/// group, so one source never straddles a split) is the first sub-folder below the given folder, or the folder's own
/// name for files directly in it (the layout scripts/data/rebuild-video-corpus.sh writes: clips/fake/&lt;family&gt;/…).
/// </summary>
public static class VideoDataset
{
    private static readonly HashSet<string> Extensions = new(StringComparer.OrdinalIgnoreCase) { ".mp4", ".mov", ".m4v", ".mkv", ".webm", ".avi", ".gif" };

    public static IReadOnlyList<VideoSample> Collect(IReadOnlyList<string> real, IReadOnlyList<string> fake)
    {
        ArgumentNullException.ThrowIfNull(real);
        ArgumentNullException.ThrowIfNull(fake);
        var samples = real.SelectMany(d => From(d, false)).Concat(fake.SelectMany(d => From(d, true))).ToList();
        if (!samples.Any(s => s.IsFake) || samples.All(s => s.IsFake))
        {
            throw new ArgumentException("Need videos of both classes (--real and --fake folders with video files).");
        }

        return samples;
    }

    private static IEnumerable<VideoSample> From(string folder, bool fake)
    {
        if (File.Exists(folder))
        {
            var name = Path.GetFileName(Path.GetDirectoryName(Path.GetFullPath(folder))) ?? "files";
            return [new VideoSample(folder, fake, name, name)];
        }

        if (!Directory.Exists(folder))
        {
            throw new DirectoryNotFoundException($"no such folder: {folder}");
        }

        var root = Path.GetFullPath(folder);
        return Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .Where(f => Extensions.Contains(Path.GetExtension(f)))
            .Order(StringComparer.Ordinal)
            .Select(f =>
            {
                var rel = Path.GetRelativePath(root, f);
                var parts = rel.Split(Path.DirectorySeparatorChar);
                var family = parts.Length > 1 ? parts[0] : Path.GetFileName(root);
                return new VideoSample(f, fake, family, family);
            })
            .ToList();
    }
}
