using System.Text.RegularExpressions;

namespace FakeLens.Learning.Speech;

/// <summary>
/// Collects labelled audio from folders (recursively; files given directly are taken as they are) and names each
/// clip's voice from the file-name conventions of the shared data: LibriSpeech <c>speaker-chapter-utt</c>, FSDD
/// <c>digit_speaker_take</c>, SpeechBrain <c>spkN_sntM</c>, LJSpeech (one voice), vits-demo (<c>ss_</c>/<c>as_</c> = the
/// LJSpeech voice, <c>ms_</c>, <c>vc_</c>, <c>sv_</c> = the VCTK voices, one group),
/// classic TTS <c>engine_index_voice</c>. Anything else is its own group (folder + file name).
/// </summary>
public static partial class SpeechDataset
{
    private static readonly HashSet<string> Extensions = new(StringComparer.OrdinalIgnoreCase) { ".wav", ".flac", ".mp3", ".ogg", ".opus", ".m4a", ".aac", ".mp4", ".webm", ".mkv", ".mov" };

    public static IReadOnlyList<SpeechSample> Collect(IEnumerable<string> realRoots, IEnumerable<string> fakeRoots) => Collect(realRoots, fakeRoots, []);

    /// <summary>Folders of real and fake clips plus clips from corpus manifests (<see cref="SpeechCorpus"/>); both classes must be present in the union.</summary>
    public static IReadOnlyList<SpeechSample> Collect(IEnumerable<string> realRoots, IEnumerable<string> fakeRoots, IEnumerable<SpeechSample> corpus)
    {
        ArgumentNullException.ThrowIfNull(corpus);
        ArgumentNullException.ThrowIfNull(realRoots);
        ArgumentNullException.ThrowIfNull(fakeRoots);
        var result = new List<SpeechSample>();
        foreach (var (roots, fake) in new[] { (realRoots, false), (fakeRoots, true) })
        {
            foreach (var root in roots)
            {
                var full = Path.GetFullPath(root);
                var files = File.Exists(full) ? [full]
                    : Directory.Exists(full) ? Directory.EnumerateFiles(full, "*", SearchOption.AllDirectories).Where(f => Extensions.Contains(Path.GetExtension(f))).Order(StringComparer.Ordinal).ToList()
                    : throw new DirectoryNotFoundException($"no such folder or file: {root}");
                var dir = File.Exists(full) ? Path.GetDirectoryName(full)! : full.TrimEnd(Path.DirectorySeparatorChar);
                var name = Path.GetFileName(dir);
                var parent = Path.GetFileName(Path.GetDirectoryName(dir) ?? string.Empty);
                var folder = string.IsNullOrEmpty(parent) ? name : $"{parent}/{name}";
                var family = name.ToLowerInvariant() is "real" or "synthetic" or "fake" or "bonafide" or "spoof" ? parent : name;
                foreach (var f in files)
                {
                    result.Add(new SpeechSample(f, fake, folder, family, VoiceGroup(folder, f)));
                }
            }
        }

        result.AddRange(corpus);
        if (!result.Any(s => s.IsFake) || result.All(s => s.IsFake))
        {
            throw new ArgumentException($"need both real and fake audio; found {result.Count(s => !s.IsFake)} real and {result.Count(s => s.IsFake)} fake files.");
        }

        return result;
    }

    /// <summary>At most <paramref name="perFolder"/> clips of each folder, spread evenly over it (quick runs).</summary>
    /// <summary>Every <paramref name="every"/>-th clip of each folder and class, in list order from the first (all when 1 or less): a thinned set that keeps each folder's share.</summary>
    public static IReadOnlyList<SpeechSample> EveryNth(IReadOnlyList<SpeechSample> samples, int every)
    {
        ArgumentNullException.ThrowIfNull(samples);
        if (every <= 1)
        {
            return samples;
        }

        return samples.GroupBy(s => (s.IsFake, s.Folder))
            .SelectMany(g => g.Where((_, i) => i % every == 0))
            .ToList();
    }

    public static IReadOnlyList<SpeechSample> Limit(IReadOnlyList<SpeechSample> samples, int perFolder)
    {
        ArgumentNullException.ThrowIfNull(samples);
        if (perFolder <= 0)
        {
            return samples;
        }

        return samples.GroupBy(s => (s.IsFake, s.Folder))
            .SelectMany(g =>
            {
                var list = g.ToList();
                return list.Count <= perFolder ? list : Enumerable.Range(0, perFolder).Select(i => list[i * list.Count / perFolder]);
            })
            .ToList();
    }

    /// <summary>The speaker or voice a clip belongs to, from the folder and file name.</summary>
    public static string VoiceGroup(string folder, string path)
    {
        ArgumentNullException.ThrowIfNull(folder);
        ArgumentNullException.ThrowIfNull(path);
        var stem = Path.GetFileNameWithoutExtension(path).ToLowerInvariant();
        var f = folder.ToLowerInvariant();
        if (f.Contains("ljspeech", StringComparison.Ordinal))
        {
            return "lj";
        }

        if (f.Contains("vits", StringComparison.Ordinal))
        {
            if (stem.StartsWith("ss_", StringComparison.Ordinal) || stem.StartsWith("as_", StringComparison.Ordinal) || stem == "abs")
            {
                return "lj";
            }

            // The VCTK-based clips (ms_, vc_, sv_) share one group: the demo numbers speakers differently per section
            // (vc_01_01 is the same recording as ms_02_gt), so finer groups would put one recording in two folds.
            if (VitsPattern().IsMatch(stem))
            {
                return "vctk";
            }
        }

        var libri = LibriPattern().Match(stem);
        if (libri.Success)
        {
            return "libri-" + libri.Groups[1].Value;
        }

        var fsdd = FsddPattern().Match(stem);
        if (fsdd.Success)
        {
            return "fsdd-" + fsdd.Groups[1].Value;
        }

        var sb = SpeechBrainPattern().Match(stem);
        if (sb.Success)
        {
            return "sb-" + sb.Groups[1].Value;
        }

        var tts = TtsPattern().Match(stem);
        if (tts.Success && f.Contains("tts", StringComparison.Ordinal))
        {
            return $"tts-{tts.Groups[1].Value}-{tts.Groups[2].Value}";
        }

        if (f.Contains("tortoise", StringComparison.Ordinal))
        {
            return "tortoise-" + stem;
        }

        return $"{f}/{stem}";
    }

    [GeneratedRegex(@"^(ms|vc|sv)_\d+")]
    private static partial Regex VitsPattern();

    [GeneratedRegex(@"^(\d+)-\d+-\d+$")]
    private static partial Regex LibriPattern();

    [GeneratedRegex(@"^\d_([a-z]+)_\d+$")]
    private static partial Regex FsddPattern();

    [GeneratedRegex(@"^(spk\d+)_snt\d+$")]
    private static partial Regex SpeechBrainPattern();

    [GeneratedRegex(@"^([a-z-]+)_\d+_(.+)$")]
    private static partial Regex TtsPattern();
}
