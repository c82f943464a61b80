namespace FakeLens.Core.Evidence;

/// <summary>
/// A map of per-location scores over the image. <see cref="Values"/> is row-major, <see cref="Width"/> ×
/// <see cref="Height"/> cells, each cell covering the image area <c>(x·W/Width, y·H/Height)</c>; values are
/// normalised to 0..1 where 1 is "most suspicious". <see cref="ColourPng"/> is the same map rendered as a
/// colour PNG at cell resolution, ready to overlay on the image.
/// </summary>
public sealed record Heatmap(int Width, int Height, float[] Values, string Legend)
{
    /// <summary>Colour rendering (PNG bytes, RGBA: transparent where the value is 0).</summary>
    public byte[] ColourPng => _png ??= HeatmapRenderer.RenderPng(this);

    private byte[]? _png;

    /// <summary>Builds a heatmap from raw values, rescaling them to 0..1 between <paramref name="low"/> and <paramref name="high"/>.</summary>
    public static Heatmap FromValues(int width, int height, ReadOnlySpan<float> raw, float low, float high, string legend)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        if (raw.Length != width * height)
        {
            throw new ArgumentException($"expected {width * height} values, got {raw.Length}", nameof(raw));
        }

        var span = high > low ? high - low : 1f;
        var values = new float[raw.Length];
        for (var i = 0; i < raw.Length; i++)
        {
            var v = (raw[i] - low) / span;
            values[i] = float.IsNaN(v) ? 0f : Math.Clamp(v, 0f, 1f);
        }

        return new Heatmap(width, height, values, legend);
    }

    /// <summary>A copy no larger than <paramref name="maxSide"/> on its longer side (mean pooling), for JSON.</summary>
    public Heatmap Downsample(int maxSide)
    {
        var factor = (int)Math.Ceiling(Math.Max(Width, Height) / (double)maxSide);
        if (factor <= 1)
        {
            return this;
        }

        var w = (Width + factor - 1) / factor;
        var h = (Height + factor - 1) / factor;
        var sums = new float[w * h];
        var counts = new int[w * h];
        for (var y = 0; y < Height; y++)
        {
            var row = y / factor * w;
            for (var x = 0; x < Width; x++)
            {
                sums[row + (x / factor)] += Values[(y * Width) + x];
                counts[row + (x / factor)]++;
            }
        }

        for (var i = 0; i < sums.Length; i++)
        {
            sums[i] /= Math.Max(1, counts[i]);
        }

        return new Heatmap(w, h, sums, Legend);
    }
}
