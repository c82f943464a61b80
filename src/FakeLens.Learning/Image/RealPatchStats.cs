namespace FakeLens.Learning.Image;

/// <summary>Mean and standard deviation of each feature over the real training patches, stored in the model to put a patch's cues in words.</summary>
public sealed record RealPatchStats(string[] Names, float[] Mean, float[] Std)
{
    public static RealPatchStats From(PatchFeatureTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        var n = table.Names.Count;
        var sum = new double[n];
        var sq = new double[n];
        var count = 0;
        for (var r = 0; r < table.Rows.Count; r++)
        {
            if (table.Labels[r] || table.Pseudo[r])
            {
                continue;
            }

            count++;
            for (var j = 0; j < n; j++)
            {
                var v = float.IsFinite(table.Rows[r][j]) ? table.Rows[r][j] : 0;
                sum[j] += v;
                sq[j] += v * v;
            }
        }

        var mean = new float[n];
        var std = new float[n];
        for (var j = 0; j < n; j++)
        {
            var m = count == 0 ? 0 : sum[j] / count;
            mean[j] = (float)m;
            std[j] = (float)Math.Sqrt(Math.Max(0, (count == 0 ? 0 : sq[j] / count) - (m * m)));
        }

        return new RealPatchStats([.. table.Names], mean, std);
    }
}
