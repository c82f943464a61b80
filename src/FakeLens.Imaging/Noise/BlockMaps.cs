using FakeLens.Core.Evidence;

namespace FakeLens.Imaging.Noise;

/// <summary>
/// Small numeric helpers shared by the block-map detectors (noise residual, error level analysis): robust
/// statistics, box smoothing of a block map, and connected components of blocks above a threshold.
/// </summary>
internal static class BlockMaps
{
    /// <summary>Normal-consistency factor: MAD × 1.4826 estimates the standard deviation of Gaussian data.</summary>
    public const float MadToSigma = 1.4826f;

    /// <summary>Median of <paramref name="values"/> (quickselect; the span is reordered). NaN when empty.</summary>
    public static float Median(Span<float> values)
    {
        if (values.IsEmpty)
        {
            return float.NaN;
        }

        var k = values.Length / 2;
        var hi = Select(values, k);
        if ((values.Length & 1) == 1)
        {
            return hi;
        }

        // After selection every value left of k is ≤ hi: the lower middle is their maximum.
        var lo = float.MinValue;
        for (var i = 0; i < k; i++)
        {
            lo = Math.Max(lo, values[i]);
        }

        return 0.5f * (lo + hi);
    }

    /// <summary>Median and MAD (not scaled) of the finite values among <paramref name="values"/>; (NaN, NaN) when none.</summary>
    public static (float Median, float Mad) MedianAndMad(ReadOnlySpan<float> values, ReadOnlySpan<bool> use)
    {
        var scratch = new float[values.Length];
        var n = 0;
        for (var i = 0; i < values.Length; i++)
        {
            if (use[i] && float.IsFinite(values[i]))
            {
                scratch[n++] = values[i];
            }
        }

        if (n == 0)
        {
            return (float.NaN, float.NaN);
        }

        var med = Median(scratch.AsSpan(0, n));
        for (var i = 0; i < n; i++)
        {
            scratch[i] = Math.Abs(scratch[i] - med);
        }

        return (med, Median(scratch.AsSpan(0, n)));
    }

    /// <summary>Mean over a (2r+1)² window of the cells where <paramref name="use"/> is true; unused cells stay NaN-free (0 weight).</summary>
    public static float[] BoxMean(float[] map, bool[] use, int width, int height, int radius)
    {
        var result = new float[map.Length];
        for (var y = 0; y < height; y++)
        {
            var y0 = Math.Max(0, y - radius);
            var y1 = Math.Min(height - 1, y + radius);
            for (var x = 0; x < width; x++)
            {
                var x0 = Math.Max(0, x - radius);
                var x1 = Math.Min(width - 1, x + radius);
                float sum = 0;
                var count = 0;
                for (var yy = y0; yy <= y1; yy++)
                {
                    var row = yy * width;
                    for (var xx = x0; xx <= x1; xx++)
                    {
                        if (use[row + xx])
                        {
                            sum += map[row + xx];
                            count++;
                        }
                    }
                }

                result[(y * width) + x] = count > 0 ? sum / count : 0f;
            }
        }

        return result;
    }

    /// <summary>
    /// 4-connected components of cells whose <paramref name="score"/> is at least <paramref name="threshold"/>,
    /// largest evidence first (cells × mean score). Each component is reported in image pixels.
    /// </summary>
    public static List<Component> Components(float[] score, int width, int height, float threshold, int cellWidth, int cellHeight, int imageWidth, int imageHeight)
    {
        var label = new int[score.Length];
        var stack = new int[score.Length];
        var result = new List<Component>();
        var next = 0;
        var top = 0;
        for (var start = 0; start < score.Length; start++)
        {
            if (label[start] != 0 || !(score[start] >= threshold))
            {
                continue;
            }

            next++;
            top = 0;
            stack[top++] = start;
            label[start] = next;
            int minX = int.MaxValue, minY = int.MaxValue, maxX = -1, maxY = -1, cells = 0;
            double sum = 0, peak = 0;
            while (top > 0)
            {
                var c = stack[--top];
                int cx = c % width, cy = c / width;
                cells++;
                sum += score[c];
                peak = Math.Max(peak, score[c]);
                minX = Math.Min(minX, cx);
                maxX = Math.Max(maxX, cx);
                minY = Math.Min(minY, cy);
                maxY = Math.Max(maxY, cy);
                if (cx > 0)
                {
                    Push(c - 1);
                }

                if (cx < width - 1)
                {
                    Push(c + 1);
                }

                if (cy > 0)
                {
                    Push(c - width);
                }

                if (cy < height - 1)
                {
                    Push(c + width);
                }
            }

            var px = minX * cellWidth;
            var py = minY * cellHeight;
            var pw = Math.Min(imageWidth, (maxX + 1) * cellWidth) - px;
            var ph = Math.Min(imageHeight, (maxY + 1) * cellHeight) - py;
            result.Add(new Component(px, py, pw, ph, cells, sum / cells, peak));
        }

        result.Sort((a, b) => (b.Cells * b.MeanScore).CompareTo(a.Cells * a.MeanScore));
        return result;

        void Push(int n)
        {
            if (label[n] == 0 && score[n] >= threshold)
            {
                label[n] = next;
                stack[top++] = n;
            }
        }
    }

    /// <summary>Rescales a map to a heatmap (block resolution) between <paramref name="low"/> and <paramref name="high"/>.</summary>
    public static Heatmap ToHeatmap(float[] map, int width, int height, float low, float high, string legend) =>
        Heatmap.FromValues(width, height, map, low, high, legend);

    /// <summary>
    /// Quickselect: the <paramref name="k"/>-th smallest value (0-based); afterwards no value left of <paramref name="k"/> is
    /// above it and none right of it below it. The values must not be NaN.
    /// </summary>
    internal static float Select(Span<float> a, int k)
    {
        int lo = 0, hi = a.Length - 1;
        while (hi > lo)
        {
            // Median-of-three pivot keeps sorted and constant inputs linear on average.
            var mid = lo + ((hi - lo) / 2);
            if (a[mid] < a[lo])
            {
                (a[mid], a[lo]) = (a[lo], a[mid]);
            }

            if (a[hi] < a[lo])
            {
                (a[hi], a[lo]) = (a[lo], a[hi]);
            }

            if (a[hi] < a[mid])
            {
                (a[hi], a[mid]) = (a[mid], a[hi]);
            }

            var pivot = a[mid];
            int i = lo, j = hi;
            while (i <= j)
            {
                while (a[i] < pivot)
                {
                    i++;
                }

                while (a[j] > pivot)
                {
                    j--;
                }

                if (i <= j)
                {
                    (a[i], a[j]) = (a[j], a[i]);
                    i++;
                    j--;
                }
            }

            if (k <= j)
            {
                hi = j;
            }
            else if (k >= i)
            {
                lo = i;
            }
            else
            {
                return a[k];
            }
        }

        return a[k];
    }

    /// <summary>A group of neighbouring flagged cells, as a rectangle in image pixels.</summary>
    internal readonly record struct Component(int X, int Y, int Width, int Height, int Cells, double MeanScore, double PeakScore);
}
