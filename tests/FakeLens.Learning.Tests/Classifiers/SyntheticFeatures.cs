namespace FakeLens.Learning.Tests.Classifiers;

/// <summary>Two overlapping Gaussian classes in a few dimensions, plus pure-noise dimensions.</summary>
internal static class SyntheticFeatures
{
    public static (List<float[]> X, List<bool> Y) Make(int n, int seed, double separation = 1.5, int noiseDims = 4)
    {
        var random = new Random(seed);
        var x = new List<float[]>(n);
        var y = new List<bool>(n);
        for (int i = 0; i < n; i++)
        {
            bool fake = i % 2 == 0;
            var row = new float[3 + noiseDims];
            for (int d = 0; d < row.Length; d++)
            {
                double g = Gaussian(random);
                row[d] = (float)(d < 3 && fake ? g + (separation / Math.Sqrt(3)) : g);
            }

            x.Add(row);
            y.Add(fake);
        }

        return (x, y);
    }

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
