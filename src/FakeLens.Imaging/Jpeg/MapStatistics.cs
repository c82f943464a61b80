using FakeLens.Imaging.Noise;

namespace FakeLens.Imaging.Jpeg;

/// <summary>Statistics of detector maps shared by the JPEG-history detectors.</summary>
internal static class MapStatistics
{
    /// <summary>Mean of the top <paramref name="fraction"/> of <paramref name="values"/> (at least 4 values); <paramref name="scratch"/> is at least as long.</summary>
    /// <remarks>
    /// Issue 19: the top values are found by selection and only they are sorted (jpeg.nonaligned-double asks this of
    /// 756 maps of up to 8 192 cells; sorting each whole map took ~0.3 s at 16 MP). The same values are summed in the
    /// same ascending order as after a full sort, so the mean is bit-identical; a map holding NaN takes the full sort.
    /// </remarks>
    public static double TopMean(float[] values, float[] scratch, double fraction)
    {
        var n = values.Length;
        values.CopyTo(scratch, 0);
        var k = Math.Min(n, Math.Max(4, (int)(n * fraction)));
        var all = scratch.AsSpan(0, n);
        if (k < n && !HasNaN(all))
        {
            BlockMaps.Select(all, n - k);
            all[(n - k)..].Sort();
        }
        else
        {
            Array.Sort(scratch, 0, n);
        }

        double sum = 0;
        for (var i = n - k; i < n; i++)
        {
            sum += scratch[i];
        }

        return sum / k;
    }

    private static bool HasNaN(ReadOnlySpan<float> values)
    {
        foreach (var v in values)
        {
            if (float.IsNaN(v))
            {
                return true;
            }
        }

        return false;
    }
}
