namespace FakeLens.Imaging.Jpeg;

/// <summary>Statistics of detector maps shared by the JPEG-history detectors.</summary>
internal static class MapStatistics
{
    /// <summary>Mean of the top <paramref name="fraction"/> of <paramref name="values"/> (at least 4 values); <paramref name="scratch"/> is at least as long.</summary>
    public static double TopMean(float[] values, float[] scratch, double fraction)
    {
        values.CopyTo(scratch, 0);
        Array.Sort(scratch, 0, values.Length);
        var k = Math.Min(values.Length, Math.Max(4, (int)(values.Length * fraction)));
        double sum = 0;
        for (var i = values.Length - k; i < values.Length; i++)
        {
            sum += scratch[i];
        }

        return sum / k;
    }
}
