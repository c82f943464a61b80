using System.Globalization;
using System.Text.RegularExpressions;
using FakeLens.Core.Evidence;

namespace FakeLens.Core.Reporting;

/// <summary>
/// Reads the arrows a finding implies, by convention (docs/tamper.md), so that detectors need no
/// report code:
/// <list type="bullet">
/// <item>Pairs: in one finding, a region labelled <c>source…</c> and one labelled <c>target…</c> with the same rest
/// of the label ("source 1" / "target 1") are joined by an arrow source → target. A copy-move finding without such
/// labels pairs its regions in order (0 → 1, 2 → 3, …).</item>
/// <item>Directions: a fact named <c>angle</c>, <c>light direction</c> or <c>light angle</c> (optionally followed by a
/// 1-based region number, "angle 2", or ": region label") whose value starts with a number of degrees
/// (0° = towards the right, 90° = towards the top of the picture, counter-clockwise) draws an arrow from the centre
/// of that region (the first region when none is named; no arrow without a region) in that direction.</item>
/// </list>
/// </summary>
public static partial class ReportVectors
{
    public static IEnumerable<ReportVector> Of(Evidence.Evidence evidence)
    {
        ArgumentNullException.ThrowIfNull(evidence);
        return Pairs(evidence).Concat(Directions(evidence));
    }

    private static List<ReportVector> Pairs(Evidence.Evidence e)
    {
        var result = new List<ReportVector>();
        var regions = e.Regions;
        foreach (var s in regions.Where(r => r.Label.StartsWith("source", StringComparison.OrdinalIgnoreCase)))
        {
            var rest = s.Label["source".Length..];
            var t = regions.FirstOrDefault(r => r.Label.StartsWith("target", StringComparison.OrdinalIgnoreCase) && r.Label["target".Length..].Equals(rest, StringComparison.OrdinalIgnoreCase));
            if (t is not null)
            {
                result.Add(Arrow(ReportVectorKind.Pair, s, t, $"{e.Id}: copied from {s.Label} to {t.Label}"));
            }
        }

        if (result.Count == 0 && e.Category == EvidenceCategory.CopyMove)
        {
            for (var i = 0; i + 1 < regions.Count; i += 2)
            {
                result.Add(Arrow(ReportVectorKind.Pair, regions[i], regions[i + 1], $"{e.Id}: {regions[i].Label} → {regions[i + 1].Label}"));
            }
        }

        return result;
    }

    private static ReportVector Arrow(ReportVectorKind kind, Region from, Region to, string label) =>
        new(kind, from.X + (from.Width / 2.0), from.Y + (from.Height / 2.0), to.X + (to.Width / 2.0), to.Y + (to.Height / 2.0), label);

    private static List<ReportVector> Directions(Evidence.Evidence e)
    {
        var result = new List<ReportVector>();
        foreach (var fact in e.Facts)
        {
            var name = AngleName().Match(fact.Name);
            var value = LeadingNumber().Match(fact.Value);
            if (!name.Success || !value.Success || !double.TryParse(value.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var degrees))
            {
                continue;
            }

            var which = name.Groups["rest"].Value.Trim().TrimStart(':').Trim();
            Region? region = null;
            if (which.Length == 0)
            {
                region = e.Regions.Count > 0 ? e.Regions[0] : null;
            }
            else if (int.TryParse(which, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n))
            {
                region = n >= 1 && n <= e.Regions.Count ? e.Regions[n - 1] : null;
            }
            else
            {
                region = e.Regions.FirstOrDefault(r => r.Label.Equals(which, StringComparison.OrdinalIgnoreCase));
            }

            if (region is null)
            {
                continue;
            }

            var length = Math.Max(12, 0.75 * Math.Max(region.Width, region.Height));
            var rad = degrees * Math.PI / 180;
            double cx = region.X + (region.Width / 2.0), cy = region.Y + (region.Height / 2.0);
            result.Add(new ReportVector(ReportVectorKind.Direction, cx, cy, cx + (length * Math.Cos(rad)), cy - (length * Math.Sin(rad)), $"{e.Id}: {fact.Name} {fact.Value} at {region.Label}"));
        }

        return result;
    }

    [GeneratedRegex(@"^\s*(angle|light direction|light angle)\b(?<rest>.*)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex AngleName();

    [GeneratedRegex(@"^\s*[-+]?\d+(\.\d+)?")]
    private static partial Regex LeadingNumber();
}
