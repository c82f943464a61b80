using FakeLens.Imaging.Decoding;

namespace FakeLens.Video.Frames;

/// <summary>
/// A 32 × 18 grid of mean luma over a frame: enough to tell "the same picture" from "a changed one" for a few
/// microseconds per comparison. Used to skip re-scoring frames where nothing changed (a static shot, a slide, a
/// frozen picture): a frame whose grid differs from the last scored frame's by less than
/// <see cref="UnchangedLevels"/> (mean absolute difference, 0–255 levels) reuses that frame's result. Sensor noise
/// alone moves a cell's mean by far less than a level; any motion or cut moves it by several.
/// </summary>
public sealed class FrameSignature
{
    public const int Columns = 32;
    public const int Rows = 18;

    /// <summary>Mean absolute grid difference below which two frames count as unchanged.</summary>
    public const double UnchangedLevels = 1.0;

    private readonly float[] _cells;

    private FrameSignature(float[] cells)
    {
        _cells = cells;
    }

    public static FrameSignature Of(RgbImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        var sums = new double[Columns * Rows];
        var counts = new int[Columns * Rows];
        var px = image.Pixels;
        var step = Math.Max(1, Math.Min(image.Width, image.Height) / 180);
        for (var y = 0; y < image.Height; y += step)
        {
            var row = Math.Min(Rows - 1, y * Rows / image.Height);
            for (var x = 0; x < image.Width; x += step)
            {
                var i = ((y * image.Width) + x) * 3;
                var cell = (row * Columns) + Math.Min(Columns - 1, x * Columns / image.Width);
                sums[cell] += (0.299 * px[i]) + (0.587 * px[i + 1]) + (0.114 * px[i + 2]);
                counts[cell]++;
            }
        }

        var cells = new float[sums.Length];
        for (var c = 0; c < cells.Length; c++)
        {
            cells[c] = counts[c] == 0 ? 0 : (float)(sums[c] / counts[c]);
        }

        return new FrameSignature(cells);
    }

    /// <summary>Mean absolute difference of the two grids, in luma levels.</summary>
    public double DistanceTo(FrameSignature other)
    {
        ArgumentNullException.ThrowIfNull(other);
        double d = 0;
        for (var c = 0; c < _cells.Length; c++)
        {
            d += Math.Abs(_cells[c] - other._cells[c]);
        }

        return d / _cells.Length;
    }

    public bool Unchanged(FrameSignature? previous) => previous is not null && DistanceTo(previous) < UnchangedLevels;
}
