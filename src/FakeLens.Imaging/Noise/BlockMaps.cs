using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
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
    /// Selection: the <paramref name="k"/>-th smallest value (0-based); afterwards no value left of <paramref name="k"/> is
    /// above it and none right of it below it. The k-th smallest value is the same whatever algorithm finds it, so the
    /// branch-free partition below (issue 19: ~3× faster on the noise detectors' blocks of 256–1 024 values, where the
    /// branches of Hoare's partition mispredict on every other value) returns what the Hoare quickselect it replaced
    /// returned; values holding NaN or −0 (whose order against +0 is not defined) take that quickselect.
    /// </summary>
    internal static float Select(Span<float> a, int k)
    {
        if (a.Length > 24 && !HasNaNOrNegativeZero(a))
        {
            return SelectBranchFree(a, k);
        }

        return HoareSelect(a, k);
    }

    /// <summary>The quickselect (Hoare partition, median-of-three pivot) that <see cref="Select"/> used before issue 19; the test's reference.</summary>
    internal static float HoareSelect(Span<float> a, int k)
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

    /// <summary>
    /// Quickselect with a branch-free partition: values below the pivot are swapped to the front unconditionally (the
    /// index advances by the comparison's result), then the values equal to it are gathered after them, so every round
    /// removes the pivot's equals and a run of equal values ends the search. The pivot is the median of the range's first,
    /// middle and last values. Short ranges end with an insertion sort.
    /// </summary>
    private static float SelectBranchFree(Span<float> span, int k)
    {
        ref var a = ref MemoryMarshal.GetReference(span);
        int lo = 0, hi = span.Length - 1;
        while (hi - lo > 16)
        {
            var x = Unsafe.Add(ref a, lo);
            var y = Unsafe.Add(ref a, lo + ((hi - lo) >> 1));
            var z = Unsafe.Add(ref a, hi);
            var pivot = Math.Max(Math.Min(x, y), Math.Min(Math.Max(x, y), z));

            // [lo, less) < pivot.
            var less = lo;
            for (var i = lo; i <= hi; i++)
            {
                var v = Unsafe.Add(ref a, i);
                Unsafe.Add(ref a, i) = Unsafe.Add(ref a, less);
                Unsafe.Add(ref a, less) = v;
                less += v < pivot ? 1 : 0;
            }

            if (k < less)
            {
                hi = less - 1;
                continue;
            }

            // [less, equal) == pivot (the pivot is one of the values, so this holds at least one).
            var equal = less;
            for (var i = less; i <= hi; i++)
            {
                var v = Unsafe.Add(ref a, i);
                Unsafe.Add(ref a, i) = Unsafe.Add(ref a, equal);
                Unsafe.Add(ref a, equal) = v;
                equal += v <= pivot ? 1 : 0;
            }

            if (k < equal)
            {
                return pivot;
            }

            lo = equal;
        }

        for (var i = lo + 1; i <= hi; i++)
        {
            var v = Unsafe.Add(ref a, i);
            var j = i - 1;
            while (j >= lo && Unsafe.Add(ref a, j) > v)
            {
                Unsafe.Add(ref a, j + 1) = Unsafe.Add(ref a, j);
                j--;
            }

            Unsafe.Add(ref a, j + 1) = v;
        }

        return Unsafe.Add(ref a, k);
    }

    private static bool HasNaNOrNegativeZero(ReadOnlySpan<float> values)
    {
        var bits = MemoryMarshal.Cast<float, int>(values);
        var i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var negativeZero = Vector256.Create(int.MinValue);
            var found = Vector256<int>.Zero;
            for (; i + 8 <= values.Length; i += 8)
            {
                var v = Vector256.Create(values.Slice(i, 8));
                found |= Vector256.Equals(v, v).AsInt32() ^ Vector256<int>.AllBitsSet;
                found |= Vector256.Equals(Vector256.Create(bits.Slice(i, 8)), negativeZero);
            }

            if (found != Vector256<int>.Zero)
            {
                return true;
            }
        }

        for (; i < values.Length; i++)
        {
            if (float.IsNaN(values[i]) || bits[i] == int.MinValue)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A group of neighbouring flagged cells, as a rectangle in image pixels.</summary>
    internal readonly record struct Component(int X, int Y, int Width, int Height, int Cells, double MeanScore, double PeakScore);
}
