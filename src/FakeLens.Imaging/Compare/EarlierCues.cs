using System.Globalization;

namespace FakeLens.Imaging.Compare;

/// <summary>
/// Which file came first, from cues that each shift the log-odds that the original is the earlier one:
/// a crop keeps less of the picture (the file showing more is earlier, weight 1.5), a plain border is added
/// later (1.0), resampling loses detail (the file with more pixels for the same content is earlier, 1.0),
/// and each JPEG save lowers quality (the file of clearly lower quality is later, 0.7). The weights are
/// judgement, not fitted; with no cue the answer is "undetermined".
/// </summary>
internal static class EarlierCues
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static EarlierVerdict Judge(Geometry g, CompareInput suspect, CompareInput original, IReadOnlyList<GlobalOperation> ops)
    {
        double logit = 0;
        var reasons = new List<string>();
        var extension = ops.FirstOrDefault(o => o.Kind == "extension");
        if (g.OriginalVisible < 0.95 && g.SuspectCovered > 0.97)
        {
            logit += 1.5;
            reasons.Add(string.Create(Inv, $"the suspect shows only {g.OriginalVisible * 100:0} % of the original (a crop comes later)"));
        }
        else if (extension is not null && g.OriginalVisible > 0.97)
        {
            logit -= 1.5;
            reasons.Add(string.Create(Inv, $"the original shows only {g.SuspectCovered * 100:0} % of the suspect (it looks like a crop of it)"));
        }

        if (ops.Any(o => o.Kind == "border"))
        {
            logit += 1.0;
            reasons.Add("the suspect has a plain border or fill the original lacks");
        }

        if (g.Scale < 0.9)
        {
            logit += 1.0;
            reasons.Add(string.Create(Inv, $"the suspect has fewer pixels for the same content (scale {g.Scale:0.00})"));
        }
        else if (g.Scale > 1.1)
        {
            logit -= 1.0;
            reasons.Add(string.Create(Inv, $"the original has fewer pixels for the same content (scale {g.Scale:0.00})"));
        }

        if (suspect.JpegQuality is { } qs && original.JpegQuality is { } qo && Math.Abs(qs - qo) >= 5)
        {
            logit += qs < qo ? 0.7 : -0.7;
            reasons.Add(string.Create(Inv, $"the {(qs < qo ? "suspect" : "original")} was saved at the lower JPEG quality ({Math.Min(qs, qo)} vs {Math.Max(qs, qo)})"));
        }
        else if (suspect.JpegQuality is not null && original.JpegQuality is null && original.Bytes > 0)
        {
            logit += 0.3;
            reasons.Add("the suspect is a JPEG, the original is stored without lossy compression");
        }

        var p = 1 / (1 + Math.Exp(-logit));
        var which = p > 0.6 ? "original" : p < 0.4 ? "suspect" : "undetermined";
        return new EarlierVerdict(which, Math.Round(p, 3), reasons);
    }
}
