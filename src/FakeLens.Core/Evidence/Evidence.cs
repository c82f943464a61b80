namespace FakeLens.Core.Evidence;

/// <summary>
/// One finding of one detector: what was measured, which way it points, how strongly and how reliably,
/// and a sentence a journalist can read. Strength is a likelihood ratio: how many times more likely the
/// observation is if the <see cref="Direction"/> hypothesis is true than if it is not (1 = says nothing).
/// Heuristic detectors keep their ratios small (≤ 4); only cryptographic or decoded-mark evidence may claim
/// ratios in the thousands. <see cref="Reliability"/> (0..1) says how far the detector's own assumptions
/// hold for this file (e.g. ELA on a never-compressed PNG is unreliable); fusion scales by it.
/// </summary>
public sealed record Evidence
{
    /// <summary>Stable id in kebab case with a dot per level, e.g. <c>jpeg.quality</c>.</summary>
    public required string Id { get; init; }

    /// <summary>Id of the detector that produced it.</summary>
    public required string DetectorId { get; init; }

    public required EvidenceCategory Category { get; init; }

    public required EvidenceDirection Direction { get; init; }

    /// <summary>Short title for a card ("Edited with Adobe Photoshop").</summary>
    public required string Title { get; init; }

    /// <summary>Plain-language explanation, with the numbers that matter and what they usually look like.</summary>
    public required string Explanation { get; init; }

    /// <summary>Likelihood ratio ≥ 1 in favour of <see cref="Direction"/>; 1 for neutral findings.</summary>
    public double LikelihoodRatio { get; init; } = 1.0;

    /// <summary>A calibrated probability for the direction, when a trained model produced one.</summary>
    public double? Probability { get; init; }

    /// <summary>0..1: how far the method's assumptions hold for this file.</summary>
    public double Reliability { get; init; } = 1.0;

    /// <summary>Near-certain evidence (a valid signature, a decoded watermark): dominates signal cues in fusion.</summary>
    public bool Decisive { get; init; }

    /// <summary>
    /// A claim anyone can write into a file (camera EXIF, a capture label, a signature by a signer nobody vouches
    /// for). Fusion never weighs a forgeable claim of authenticity against evidence of AI generation: fakes are
    /// given camera data and home-made credentials on purpose.
    /// </summary>
    public bool Forgeable { get; init; }

    /// <summary>Measured or read values behind the finding.</summary>
    public IReadOnlyList<Fact> Facts { get; init; } = [];

    public Heatmap? Heatmap { get; init; }

    public IReadOnlyList<Region> Regions { get; init; } = [];

    public TimeSeries? TimeSeries { get; init; }

    /// <summary>Per-frame curves, flagged segments and thumbnails of a video (the video frame detectors' summary finding).</summary>
    public Timeline? Timeline { get; init; }

    /// <summary>Weight of evidence in natural-log units after reliability: reliability × ln(LR).</summary>
    public double Weight => Direction == EvidenceDirection.Neutral ? 0 : Reliability * Math.Log(Math.Max(1.0, LikelihoodRatio));

    public Severity Severity => Weight switch
    {
        <= 0.05 => Severity.Info,
        < 0.5 => Severity.Low,
        < 1.2 => Severity.Medium,
        < 5 => Severity.High,
        _ => Severity.Critical,
    };
}
