using FakeLens.Core.Evidence;
using FakeLens.Video.Frames;

namespace FakeLens.Video.Timeline;

/// <summary>
/// Puts irregular per-frame scores (fixed-rate samples, scene cuts, windows over long videos) on a regular grid for a
/// <see cref="TimeSeries"/>: step = one sampling interval, widened so that a curve has at most 600 points; each
/// step holds the highest score of the frames in it, −1 where none was scored.
/// </summary>
public static class SeriesGrid
{
    public const int MaxPoints = 600;

    public static TimeSeries Build(IReadOnlyList<FrameObservation> observations, double durationSeconds, double interval, string label)
    {
        ArgumentNullException.ThrowIfNull(observations);
        var step = Math.Max(interval, durationSeconds / MaxPoints);
        var count = Math.Max(1, (int)Math.Ceiling(durationSeconds / step));
        var values = new float[count];
        Array.Fill(values, -1f);
        foreach (var o in observations)
        {
            var i = Math.Clamp((int)(o.TimeSeconds / step), 0, count - 1);
            values[i] = Math.Max(values[i], (float)Math.Round(o.Score, 4));
        }

        return new TimeSeries(0, Math.Round(step, 4), values, label);
    }
}
