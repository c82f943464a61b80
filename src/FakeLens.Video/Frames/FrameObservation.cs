using FakeLens.Core.Evidence;

namespace FakeLens.Video.Frames;

/// <summary>
/// One image detector's result on one frame: the score drawn on the timeline (0..1), whether it flagged the frame
/// (its main finding points to AI generation or manipulation) and that finding.
/// </summary>
public sealed record FrameObservation(double TimeSeconds, float Score, bool Flagged, Evidence? Finding)
{
    /// <summary>
    /// The main finding of a detector's output on a frame: the heaviest non-neutral one, else the first with a
    /// probability, else the first. Its score: the probability when there is one, else 1 − 1/LR for a flag, else 0.
    /// </summary>
    public static FrameObservation From(double time, IReadOnlyList<Evidence> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var flagged = output.Where(e => e.Direction is EvidenceDirection.AiGenerated or EvidenceDirection.Manipulated)
            .OrderByDescending(e => e.Weight).FirstOrDefault();
        var main = flagged ?? output.FirstOrDefault(e => e.Probability is not null) ?? output.FirstOrDefault();
        if (main is null)
        {
            return new FrameObservation(time, 0, false, null);
        }

        var score = main.Probability is { } p ? (float)p : flagged is not null ? (float)(1 - (1 / Math.Max(1, main.LikelihoodRatio))) : 0f;
        return new FrameObservation(time, Math.Clamp(score, 0f, 1f), flagged is not null, main);
    }
}
