using FakeLens.Imaging.Compare;

namespace FakeLens.Compare;

/// <summary>
/// The outcome of <see cref="VideoComparer.Compare"/> (JSON schema <c>fakelens.compare-video/1</c>). Times are the
/// suspect's; <see cref="OffsetSeconds"/> is where the suspect's first sampled frame falls in the original (positive:
/// the suspect starts later, i.e. the beginning was cut).
/// </summary>
public sealed record VideoComparison
{
    /// <summary>Value of <see cref="Schema"/>.</summary>
    public const string SchemaVersion = "fakelens.compare-video/1";

    /// <summary>JSON schema name and version.</summary>
    public string Schema { get; init; } = SchemaVersion;

    /// <summary>Path of the suspect video.</summary>
    public required string Suspect { get; init; }

    /// <summary>Path of the candidate original.</summary>
    public required string Original { get; init; }

    /// <summary>Whether the two are the same video (most paired frames align).</summary>
    public required bool Related { get; init; }

    /// <summary>Plain sentences for a reader.</summary>
    public required string Summary { get; init; }

    /// <summary>Duration of the suspect (seconds).</summary>
    public double SuspectSeconds { get; init; }

    /// <summary>Duration of the original (seconds).</summary>
    public double OriginalSeconds { get; init; }

    /// <summary>Original time minus suspect time of paired frames.</summary>
    public double OffsetSeconds { get; init; }

    /// <summary>Mean perceptual-hash distance (0–128 bits) of the frames paired at that offset.</summary>
    public double HashDistance { get; init; }

    /// <summary>Global operations of the middle related frame pair (crop, scale, mirror, tone ...).</summary>
    public IReadOnlyList<GlobalOperation> Operations { get; init; } = [];

    /// <summary>Every compared frame pair, in suspect time order.</summary>
    public IReadOnlyList<VideoFrameChange> Frames { get; init; } = [];

    /// <summary>Runs of frames with local changes.</summary>
    public IReadOnlyList<VideoSegment> Segments { get; init; } = [];

    /// <summary>
    /// Per compared frame pair (same order as <see cref="Frames"/>), small JPEG thumbnails of the suspect frame and of
    /// the original frame aligned onto it, for the HTML report (<see cref="VideoCompareHtmlWriter"/>); not in the JSON.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public IReadOnlyList<VideoThumbnail> Thumbnails { get; init; } = [];
}

/// <summary>
/// Thumbnails of one compared frame pair: the suspect frame and the original aligned onto it (null when the pair did
/// not align: then the original's frame as sampled), both <see cref="Width"/> × <see cref="Height"/> JPEG, and the
/// scale from change-map pixels (region boxes) to thumbnail pixels.
/// </summary>
public sealed record VideoThumbnail(int Width, int Height, byte[] Suspect, byte[] Original, double MapScale);

/// <summary>One compared frame pair: suspect time, original time, whether it aligned, changed fraction and regions.</summary>
public sealed record VideoFrameChange(double Seconds, double OriginalSeconds, bool Related, double ChangedFraction, IReadOnlyList<ChangeRegion> Regions);

/// <summary>A run of consecutive compared frames with local changes, on the suspect's timeline.</summary>
public sealed record VideoSegment(double StartSeconds, double EndSeconds, double MaxChangedFraction, string Position, string Sentence);
