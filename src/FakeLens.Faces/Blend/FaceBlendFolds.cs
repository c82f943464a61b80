using System.Globalization;
using System.Text;

namespace FakeLens.Faces.Blend;

/// <summary>
/// Which source groups are held out together in the leave-one-out evaluation of <c>faces.blend</c> tracks. By default
/// every source group is its own fold; a fold map (CSV <c>source,fold</c>) puts several sources into one fold, so a
/// corpus with many tiny sources (1–4 faces each) trains fewer models, while still no source straddles a split (a fold
/// is a union of whole sources). <see cref="SmallSourcesTogether"/> is the round-13 rule: every source with fewer than
/// <c>minFaces</c> faces (real tracks) goes into ONE fold, every other source stays alone — decided by face count only,
/// never by scores. Tables stay per source; only the training splits change.
/// </summary>
public static class FaceBlendFolds
{
    /// <summary>The fold that <see cref="SmallSourcesTogether"/> puts the small sources in.</summary>
    public const string SmallSourcesFold = "small-sources";

    /// <summary>Reads a fold map: a header <c>source,fold</c>, then one line per source (no source twice, no empty names).</summary>
    public static Dictionary<string, string> Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var lines = File.ReadAllLines(path).Where(l => l.Trim().Length > 0).ToList();
        if (lines.Count == 0 || !lines[0].Trim().Equals("source,fold", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidDataException($"{path}: a fold map starts with the header 'source,fold'.");
        }

        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var n = 1; n < lines.Count; n++)
        {
            var parts = lines[n].Split(',');
            if (parts.Length != 2 || parts[0].Trim().Length == 0 || parts[1].Trim().Length == 0)
            {
                throw new InvalidDataException($"{path} line {n + 1}: expected 'source,fold', got '{lines[n]}'.");
            }

            if (!map.TryAdd(parts[0].Trim(), parts[1].Trim()))
            {
                throw new InvalidDataException($"{path} line {n + 1}: source '{parts[0].Trim()}' is mapped twice.");
            }
        }

        return map;
    }

    /// <summary>Writes a fold map (sorted by fold, then source) in the form <see cref="Read"/> reads.</summary>
    public static void Write(string path, IReadOnlyDictionary<string, string> map)
    {
        ArgumentNullException.ThrowIfNull(map);
        var sb = new StringBuilder("source,fold\n");
        foreach (var (source, fold) in map.OrderBy(p => p.Value, StringComparer.Ordinal).ThenBy(p => p.Key, StringComparer.Ordinal))
        {
            sb.Append(CultureInfo.InvariantCulture, $"{source},{fold}\n");
        }

        File.WriteAllText(path, sb.ToString());
    }

    /// <summary>
    /// The round-13 rule: sources with fewer than <paramref name="minFaces"/> real tracks share the fold
    /// <see cref="SmallSourcesFold"/>; every other source is a fold of its own (named as the source).
    /// </summary>
    public static Dictionary<string, string> SmallSourcesTogether(IEnumerable<BlendTrack> tracks, int minFaces)
    {
        ArgumentNullException.ThrowIfNull(tracks);
        ArgumentOutOfRangeException.ThrowIfLessThan(minFaces, 1);
        var list = tracks.ToList();
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var group in list.Select(t => t.Group).Distinct())
        {
            var faces = list.Count(t => t.Group == group && !t.Blended);
            map[group] = faces < minFaces ? SmallSourcesFold : group;
        }

        if (map.ContainsKey(SmallSourcesFold))
        {
            throw new InvalidDataException($"a source is named '{SmallSourcesFold}', the name of the shared fold.");
        }

        return map;
    }

    /// <summary>
    /// Each track's fold: its group without a map, else the group's fold. Every group of the tracks must be in the map
    /// (a mistyped or missing source is an error, not a silent fold of its own). Each source maps to one fold, so a
    /// fold is always a union of whole sources.
    /// </summary>
    public static string[] Of(IReadOnlyList<BlendTrack> tracks, IReadOnlyDictionary<string, string>? map)
    {
        ArgumentNullException.ThrowIfNull(tracks);
        if (map is null)
        {
            return tracks.Select(t => t.Group).ToArray();
        }

        var groups = tracks.Select(t => t.Group).Distinct().ToList();
        var missing = groups.Where(g => !map.ContainsKey(g)).ToList();
        if (missing.Count > 0)
        {
            throw new InvalidDataException($"the fold map does not name {missing.Count} source(s) of these tracks: {string.Join(", ", missing.Take(5))}{(missing.Count > 5 ? ", ..." : "")}");
        }

        return tracks.Select(t => map[t.Group]).ToArray();
    }
}
