using FakeLens.Core.Evidence;

namespace FakeLens.Imaging.Tampering;

/// <summary>
/// Brings a <see cref="Heatmap"/> (its own cell grid; cell (x, y) covers the image area from x·W/Width, y·H/Height)
/// onto another grid, e.g. a ground-truth mask at full resolution: bilinear between cell centres, clamped at the borders.
/// </summary>
public static class HeatmapSampler
{
    /// <summary>The map's values at every cell of a <paramref name="width"/> × <paramref name="height"/> grid over the same image.</summary>
    public static float[] Resample(Heatmap map, int width, int height)
    {
        ArgumentNullException.ThrowIfNull(map);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        var result = new float[checked(width * height)];
        int mw = map.Width, mh = map.Height;
        var v = map.Values;
        var x0s = new int[width];
        var x1s = new int[width];
        var fxs = new float[width];
        for (var x = 0; x < width; x++)
        {
            var u = Math.Clamp((((x + 0.5) * mw) / width) - 0.5, 0, mw - 1);
            x0s[x] = (int)u;
            x1s[x] = Math.Min(x0s[x] + 1, mw - 1);
            fxs[x] = (float)(u - x0s[x]);
        }

        for (var y = 0; y < height; y++)
        {
            var t = Math.Clamp((((y + 0.5) * mh) / height) - 0.5, 0, mh - 1);
            var y0 = (int)t;
            var y1 = Math.Min(y0 + 1, mh - 1);
            var fy = (float)(t - y0);
            var r0 = y0 * mw;
            var r1 = y1 * mw;
            var row = y * width;
            for (var x = 0; x < width; x++)
            {
                float fx = fxs[x];
                var top = (v[r0 + x0s[x]] * (1 - fx)) + (v[r0 + x1s[x]] * fx);
                var bottom = (v[r1 + x0s[x]] * (1 - fx)) + (v[r1 + x1s[x]] * fx);
                result[row + x] = (top * (1 - fy)) + (bottom * fy);
            }
        }

        return result;
    }
}
