using System.Globalization;
using FakeLens.Core.Evidence;
using FakeLens.Core.Media;
using FakeLens.Imaging.Decoding;

namespace FakeLens.Imaging.CopyMove;

/// <summary>Turns a <see cref="CopyMoveResult"/> into evidence: a mask heatmap, source/target region pairs, a score and words for a journalist.</summary>
internal static class CopyMoveReport
{
    public static IReadOnlyList<Evidence> Build(string detectorId, string method, CopyMoveResult result, DecodedImage decoded, double baseReliability)
    {
        var inv = CultureInfo.InvariantCulture;
        var heatmap = new Heatmap(result.MapWidth, result.MapHeight, result.Mask, "Areas that appear twice in the image (copied from / copied to)");
        var facts = new List<Fact>
        {
            new("score", result.Score.ToString("0.00", inv)),
            new(method == "keypoints" ? "keypoints" : "blocks compared", result.Features.ToString(inv)),
            new("candidate matches", result.Candidates.ToString(inv)),
        };
        var reliability = baseReliability;
        var caveat = string.Empty;
        if (result.Limitation is not null)
        {
            reliability = Math.Min(reliability, 0.15);
            caveat = $" The search was limited: {result.Limitation}.";
        }

        if (decoded.Incomplete)
        {
            reliability = Math.Min(reliability, 0.3);
            caveat += " The file is truncated, so part of the picture was not searched.";
        }

        if (decoded.Format == MediaFormat.Gif)
        {
            reliability = Math.Min(reliability, 0.3);
            caveat += " GIF palettes make unrelated areas look alike, so matches are less telling.";
        }

        if (result.Matches.Count == 0)
        {
            return
            [
                new Evidence
                {
                    Id = $"{detectorId}.none",
                    DetectorId = detectorId,
                    Category = EvidenceCategory.CopyMove,
                    Direction = EvidenceDirection.Neutral,
                    Title = "No copied areas found",
                    Explanation = $"FakeLens looked for parts of the picture that appear twice (cloned to hide or duplicate something) by comparing {Words(method)}; " +
                        $"none passed the geometric check (score {result.Score:0.00}). Cloning that was blurred, recoloured or heavily compressed afterwards can escape this search." + caveat,
                    Reliability = reliability,
                    Facts = facts,
                    Heatmap = heatmap,
                },
            ];
        }

        var regions = new List<Region>();
        for (var i = 0; i < result.Matches.Count; i++)
        {
            var m = result.Matches[i];
            var s = Math.Clamp(m.Support / 40.0, 0.2, 1.0);
            regions.Add(new Region(m.Source.X, m.Source.Y, m.Source.Width, m.Source.Height, s, $"copy {i + 1} source"));
            regions.Add(new Region(m.Target.X, m.Target.Y, m.Target.Width, m.Target.Height, s, $"copy {i + 1} target"));
            facts.Add(new Fact($"copy {i + 1}", $"{m.Transform}; {m.Support} {(method == "keypoints" ? "matching keypoints" : "matching blocks")}"));
        }

        var lead = result.Matches[0];
        return
        [
            new Evidence
            {
                Id = $"{detectorId}.duplicated",
                DetectorId = detectorId,
                Category = EvidenceCategory.CopyMove,
                Direction = EvidenceDirection.Manipulated,
                Title = result.Matches.Count == 1 ? "An area of the picture appears twice" : $"{result.Matches.Count} areas of the picture appear twice",
                Explanation = $"Comparing {Words(method)}, FakeLens found that the area at ({lead.Target.X}, {lead.Target.Y}), {lead.Target.Width} × {lead.Target.Height} px, " +
                    $"repeats the area at ({lead.Source.X}, {lead.Source.Y}) ({lead.Transform}; {lead.Support} {(method == "keypoints" ? "matching keypoints agree on one mapping" : "matching blocks share one shift")}). " +
                    "Cloning one part of a photo over another is a common way to hide or duplicate objects. Real scenes can repeat too (tiles, windows, printed patterns, " +
                    "crowds of identical items), so look at both marked areas: a duplicate of something that should be unique (a cloud, a person, a patch of grass) is the tell." + caveat,
                LikelihoodRatio = Math.Min(4.0, 1.0 + (3.0 * result.Score)),
                Reliability = reliability,
                Facts = facts,
                Heatmap = heatmap,
                Regions = regions,
            },
        ];
    }

    private static string Words(string method) => method == "keypoints"
        ? "distinctive points (SIFT keypoints) with each other"
        : "small overlapping blocks by their coarse content";
}
