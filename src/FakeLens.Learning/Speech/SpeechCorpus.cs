using System.Globalization;

namespace FakeLens.Learning.Speech;

/// <summary>
/// Reads a corpus manifest (<c>data/speech-corpus.csv</c>: repo, commit, path, sha256, bytes, licence, label, family,
/// group, system, speaker, notes) into labelled clips. The file of a row is <c>ROOT/owner+name/path</c>, the layout
/// <c>scripts/data/rebuild-speech-corpus.sh</c> writes. Family is the synthesis system (what leave-one-system-out holds
/// out), Group the voice (what no split may straddle), Folder the source repository (what training weights balance).
/// A clip is voice-matched when its group holds both real and synthetic clips.
/// </summary>
public static class SpeechCorpus
{
    public static IReadOnlyList<SpeechSample> Load(string manifestPath, string root)
    {
        ArgumentNullException.ThrowIfNull(manifestPath);
        ArgumentNullException.ThrowIfNull(root);
        if (!File.Exists(manifestPath))
        {
            throw new FileNotFoundException($"no such corpus manifest: {manifestPath}", manifestPath);
        }

        if (!Directory.Exists(root))
        {
            throw new DirectoryNotFoundException($"no such corpus folder: {root} (build it with scripts/data/rebuild-speech-corpus.sh)");
        }

        using var reader = new StreamReader(manifestPath);
        var header = ParseLine(reader.ReadLine() ?? throw new InvalidDataException($"{manifestPath} is empty."));
        int Col(string name) => header.IndexOf(name) is var i and >= 0 ? i : throw new InvalidDataException($"{manifestPath} has no '{name}' column.");
        var (repo, path, label, system, group) = (Col("repo"), Col("path"), Col("label"), Col("system"), Col("group"));
        var rows = new List<(string File, bool Fake, string Repo, string System, string Group)>();
        var line = 0;
        while (reader.ReadLine() is { } text)
        {
            line++;
            if (text.Length == 0)
            {
                continue;
            }

            var f = ParseLine(text);
            if (f.Count != header.Count)
            {
                throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture, $"{manifestPath} line {line + 1}: {f.Count} fields, expected {header.Count}."));
            }

            var fake = f[label] switch
            {
                "real" => false,
                "fake" or "ai" => true,
                _ => throw new InvalidDataException($"{manifestPath} line {line + 1}: unknown label '{f[label]}'."),
            };
            var file = System.IO.Path.Combine(root, f[repo].Replace('/', '+'), f[path]);
            rows.Add((file, fake, f[repo], f[system], f[group]));
        }

        var matched = rows.GroupBy(r => r.Group).Where(g => g.Any(r => r.Fake) && g.Any(r => !r.Fake)).Select(g => g.Key).ToHashSet(StringComparer.Ordinal);
        return rows.Select(r => new SpeechSample(r.File, r.Fake, r.Repo.Split('/')[^1], r.Fake ? r.System : "real", r.Group) { Matched = matched.Contains(r.Group) }).ToList();
    }

    /// <summary>One CSV line (RFC 4180 quoting).</summary>
    public static List<string> ParseLine(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        var fields = new List<string>();
        var sb = new System.Text.StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"')
                {
                    sb.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    sb.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                fields.Add(sb.ToString());
                sb.Clear();
            }
            else
            {
                sb.Append(c);
            }
        }

        fields.Add(sb.ToString());
        return fields;
    }
}
