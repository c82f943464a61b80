using System.Globalization;
using FakeLens.Core.Evidence;
using FakeLens.Video.Frames;

namespace FakeLens.Video.Timeline;

// Per-video evidence from one image detector's per-frame results. Frames of one video are strongly correlated (same
// scene, camera, codec), so 100 flagged frames are not 100 independent findings: the video gets ONE finding per image
// detector. Its likelihood ratio is the median ratio of the flagged frames in the longest flagged run (a typical
// frame of the most persistent stretch, not the single worst frame), and a flag that never persists for two
// consecutive samples counts with the square root of that ratio and half the reliability (a lone frame is the
// typical false positive of a frame classifier on motion blur, fades and text overlays). A decoded watermark
// (a decisive frame finding) stays decisive: one frame that carries the mark is the mark. Reliability: the mean of the
// flagged frames' reliabilities. These rules are conventions, not yet fitted on data (docs/video.md).
public static class FrameSeriesVerdict
{
    public static Evidence Summarise(string detectorId, EvidenceCategory category, string series, IReadOnlyList<FrameObservation> observations, double interval, IReadOnlyList<TimeSegment> segments)
    {
        ArgumentNullException.ThrowIfNull(observations);
        ArgumentNullException.ThrowIfNull(segments);
        var inv = CultureInfo.InvariantCulture;
        var id = "video.frames." + series;
        var scored = observations.Count;
        var flagged = observations.Where(o => o.Flagged && o.Finding is not null).ToList();
        var maxScore = scored == 0 ? 0 : observations.Max(o => o.Score);
        var meanScore = scored == 0 ? 0 : observations.Average(o => o.Score);
        var facts = new List<Fact>
        {
            new("frames scored", scored.ToString(inv)),
            new("frames flagged", flagged.Count.ToString(inv)),
            new("highest frame score", maxScore.ToString("0.000", inv)),
            new("mean frame score", meanScore.ToString("0.000", inv)),
            new("flagged segments", segments.Count == 0 ? "none" : string.Join(", ", segments.Take(8).Select(s => string.Create(inv, $"{Clock(s.StartSeconds)}–{Clock(s.EndSeconds)}")))),
        };
        if (scored == 0)
        {
            return Neutral(id, detectorId, category, $"{series}: no frame could be scored", $"The image detector {series} did not score any frame of this video.", facts, 0);
        }

        if (flagged.Count == 0)
        {
            var sample = observations.LastOrDefault(o => o.Finding is not null)?.Finding;
            var unavailable = sample is not null && sample.Reliability <= 0 ? " " + sample.Explanation : string.Empty;
            var reliability = observations.Where(o => o.Finding is not null).Select(o => o.Finding!.Reliability).DefaultIfEmpty(0).Average();
            return Neutral(id, detectorId, category, FormattableString.Invariant($"{series} on frames: nothing flagged in {scored} frames"),
                FormattableString.Invariant($"The image detector {series} looked at {scored} frames of the video and flagged none (highest score {maxScore:0.00}).{unavailable}"), facts, reliability);
        }

        var decisive = flagged.Where(o => o.Finding!.Decisive).ToList();
        var direction = flagged.GroupBy(o => o.Finding!.Direction).OrderByDescending(g => g.Sum(o => o.Finding!.Weight)).First().Key;
        var run = SegmentFinder.LongestRun(observations, interval);
        var longest = segments.OrderByDescending(s => s.EndSeconds - s.StartSeconds).First();
        var inRun = flagged.Where(o => o.TimeSeconds >= longest.StartSeconds - 1e-6 && o.TimeSeconds < longest.EndSeconds).ToList();
        var pick = inRun.Count > 0 ? inRun : flagged;
        var ratios = pick.Select(o => o.Finding!.LikelihoodRatio).Order().ToList();
        var median = ratios[ratios.Count / 2];
        var meanReliability = flagged.Average(o => o.Finding!.Reliability);
        var lr = median;
        var rel = meanReliability;
        var persistence = run >= 2 ? FormattableString.Invariant($"the longest flagged stretch holds {run} consecutive samples ({Clock(longest.StartSeconds)}–{Clock(longest.EndSeconds)})")
            : "no two consecutive samples were flagged, so the finding counts for less (a lone frame is the usual false alarm of a frame classifier)";
        if (decisive.Count > 0)
        {
            var best = decisive.OrderByDescending(o => o.Finding!.LikelihoodRatio).First();
            lr = best.Finding!.LikelihoodRatio;
            rel = best.Finding.Reliability;
        }
        else if (run < 2)
        {
            lr = Math.Sqrt(median);
            rel = meanReliability / 2;
        }

        var strongest = (decisive.Count > 0 ? decisive : flagged).OrderByDescending(o => o.Finding!.Weight).First();
        facts.Add(new Fact("longest flagged run (samples)", run.ToString(inv)));
        facts.Add(new Fact("strongest frame", FormattableString.Invariant($"{Clock(strongest.TimeSeconds)}: {strongest.Finding!.Title}")));
        var share = FormattableString.Invariant($"{flagged.Count} of {scored} sampled frames");
        return new Evidence
        {
            Id = id,
            DetectorId = detectorId,
            Category = category,
            Direction = direction,
            Title = decisive.Count > 0 ? $"In the video's frames: {strongest.Finding.Title}" : FormattableString.Invariant($"{series} flags {share}"),
            Explanation = $"The image detector {series} was run on the video's sampled frames and flagged {share}; {persistence}. " +
                $"The frames of one video are counted as one finding, not many. Strongest frame at {Clock(strongest.TimeSeconds)}: {strongest.Finding.Explanation}",
            LikelihoodRatio = Math.Max(1, lr),
            Probability = MedianProbability(pick),
            Reliability = Math.Clamp(rel, 0, 1),
            Decisive = decisive.Count > 0,
            Facts = facts,
        };
    }

    private static double? MedianProbability(IReadOnlyList<FrameObservation> frames)
    {
        var p = frames.Select(o => o.Finding!.Probability).OfType<double>().Order().ToList();
        return p.Count == 0 ? null : p[p.Count / 2];
    }

    /// <summary>m:ss.s for times in explanations.</summary>
    public static string Clock(double seconds)
    {
        var s = Math.Max(0, seconds);
        var minutes = (int)(s / 60);
        return minutes >= 60
            ? string.Create(CultureInfo.InvariantCulture, $"{minutes / 60}:{minutes % 60:00}:{s - (minutes * 60):00.0}")
            : string.Create(CultureInfo.InvariantCulture, $"{minutes}:{s - (minutes * 60):00.0}");
    }

    private static Evidence Neutral(string id, string detectorId, EvidenceCategory category, string title, string explanation, IReadOnlyList<Fact> facts, double reliability) => new()
    {
        Id = id,
        DetectorId = detectorId,
        Category = category,
        Direction = EvidenceDirection.Neutral,
        Title = title,
        Explanation = explanation,
        Reliability = Math.Clamp(reliability, 0, 1),
        Facts = facts,
    };
}
