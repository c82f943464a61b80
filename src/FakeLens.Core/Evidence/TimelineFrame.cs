namespace FakeLens.Core.Evidence;

/// <summary>
/// A sampled frame in a <see cref="Timeline"/>: its time, a small JPEG thumbnail (a data URI, at most 240 px wide) of
/// <paramref name="Width"/> × <paramref name="Height"/> px, each curve's score on this frame, and the detectors' maps on it.
/// </summary>
public sealed record TimelineFrame(double TimeSeconds, string Thumbnail, int Width, int Height, IReadOnlyDictionary<string, float> Scores, IReadOnlyList<Heatmap> Heatmaps);
