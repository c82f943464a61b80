namespace FakeLens.Core.Evidence;

/// <summary>
/// Per-frame results of a video over time: score curves (<see cref="Series"/>, values 0..1 on a regular grid, −1 where no
/// frame was scored in that step), flagged stretches (<see cref="Segments"/>) and the sampled frames themselves as small thumbnails with
/// their heatmaps (<see cref="Frames"/>), so a report can show where in the video a detector saw something.
/// </summary>
/// <param name="DurationSeconds">Length of the video (or of what was read, when the length is unknown).</param>
/// <param name="CoveredSeconds">How many seconds the sampled windows cover (less than the duration for long videos).</param>
public sealed record Timeline(double DurationSeconds, double CoveredSeconds, IReadOnlyList<TimeSeries> Series, IReadOnlyList<TimeSegment> Segments, IReadOnlyList<TimelineFrame> Frames);
