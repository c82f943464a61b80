using System.Globalization;
using System.Text;

namespace FakeLens.Imaging.Tampering;

/// <summary>Reads and writes manifest.csv of a tamper set (RFC 4180 quoting, header row, invariant numbers).</summary>
public static class TamperManifest
{
    public const string FileName = "manifest.csv";

    private static readonly string[] Header = ["file", "kind", "source", "donor", "parameters", "mask", "tampered_fraction", "final_format"];

    public static string ToCsv(IEnumerable<TamperManifestEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var sb = new StringBuilder();
        sb.AppendJoin(',', Header).Append('\n');
        foreach (var e in entries)
        {
            string[] cells =
            [
                e.File, TamperKinds.Name(e.Kind), e.Source, e.Donor, e.Parameters, e.Mask,
                e.TamperedFraction.ToString("0.#####", CultureInfo.InvariantCulture), e.FinalFormat,
            ];
            sb.AppendJoin(',', cells.Select(Quote)).Append('\n');
        }

        return sb.ToString();
    }

    /// <summary>Parses manifest.csv text; throws <see cref="FormatException"/> naming the line on a malformed row.</summary>
    public static IReadOnlyList<TamperManifestEntry> Parse(string csv)
    {
        ArgumentNullException.ThrowIfNull(csv);
        var lines = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToList();
        if (lines.Count == 0 || !Split(lines[0]).SequenceEqual(Header, StringComparer.OrdinalIgnoreCase))
        {
            throw new FormatException($"{FileName} must start with the header: {string.Join(',', Header)}");
        }

        var result = new List<TamperManifestEntry>(lines.Count - 1);
        for (var i = 1; i < lines.Count; i++)
        {
            var c = Split(lines[i]);
            if (c.Count != Header.Length || TamperKinds.Parse(c[1]) is not { } kind
                || !double.TryParse(c[6], NumberStyles.Float, CultureInfo.InvariantCulture, out var fraction))
            {
                throw new FormatException($"{FileName} line {i + 1} is malformed: {lines[i]}");
            }

            result.Add(new TamperManifestEntry(c[0], kind, c[2], c[3], c[4], c[5], fraction, c[7]));
        }

        return result;
    }

    private static string Quote(string s) =>
        s.AsSpan().IndexOfAny(",\"\n\r") >= 0 ? "\"" + s.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : s;

    private static List<string> Split(string line)
    {
        var cells = new List<string>();
        var sb = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var ch = line[i];
            if (quoted)
            {
                if (ch == '"' && i + 1 < line.Length && line[i + 1] == '"')
                {
                    sb.Append('"');
                    i++;
                }
                else if (ch == '"')
                {
                    quoted = false;
                }
                else
                {
                    sb.Append(ch);
                }
            }
            else if (ch == '"')
            {
                quoted = true;
            }
            else if (ch == ',')
            {
                cells.Add(sb.ToString());
                sb.Clear();
            }
            else
            {
                sb.Append(ch);
            }
        }

        cells.Add(sb.ToString());
        return cells;
    }
}
