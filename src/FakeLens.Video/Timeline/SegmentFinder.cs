using FakeLens.Core.Evidence;
using FakeLens.Video.Frames;

namespace FakeLens.Video.Timeline;

/// <summary>
/// Flagged stretches of one curve: runs of flagged frames in time order, where a gap of up to 1.5 sampling
/// intervals between two flagged frames keeps them in one run (one unflagged frame between them splits it). A
/// segment lasts from its first flagged frame to one interval after its last.
/// </summary>
public static class SegmentFinder
{
    public static IReadOnlyList<TimeSegment> Find(IReadOnlyList<FrameObservation> observations, double interval, string series, string label)
    {
        ArgumentNullException.ThrowIfNull(observations);
        var ordered = observations.OrderBy(o => o.TimeSeconds).ToList();
        var segments = new List<TimeSegment>();
        var i = 0;
        while (i < ordered.Count)
        {
            if (!ordered[i].Flagged)
            {
                i++;
                continue;
            }

            var start = ordered[i].TimeSeconds;
            var end = start;
            var peak = ordered[i].Score;
            var j = i + 1;
            while (j < ordered.Count && ordered[j].Flagged && ordered[j].TimeSeconds - end <= 1.5 * interval)
            {
                end = ordered[j].TimeSeconds;
                peak = Math.Max(peak, ordered[j].Score);
                j++;
            }

            segments.Add(new TimeSegment(Math.Round(start, 3), Math.Round(end + interval, 3), Math.Round(peak, 3), series, label));
            i = j;
        }

        return segments;
    }

    /// <summary>Number of frames in the longest run of flagged frames.</summary>
    public static int LongestRun(IReadOnlyList<FrameObservation> observations, double interval)
    {
        ArgumentNullException.ThrowIfNull(observations);
        var best = 0;
        var run = 0;
        var last = double.NegativeInfinity;
        foreach (var o in observations.OrderBy(o => o.TimeSeconds))
        {
            run = o.Flagged ? (o.TimeSeconds - last <= 1.5 * interval ? run + 1 : 1) : 0;
            last = o.Flagged ? o.TimeSeconds : double.NegativeInfinity;
            best = Math.Max(best, run);
        }

        return best;
    }
}
