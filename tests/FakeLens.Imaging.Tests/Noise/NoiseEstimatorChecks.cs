using FakeLens.Core.Detection;
using FakeLens.Core.Evidence;
using FakeLens.Imaging.Decoding;
using FakeLens.Imaging.Noise;
using FakeLens.TestSupport;

namespace FakeLens.Imaging.Tests.Noise;

/// <summary>Checks shared by the tests of the block noise estimators (wavelet, kurtosis, PCA): same scenes, same expectations.</summary>
internal static class NoiseEstimatorChecks
{
    public const int RegionX = 192;
    public const int RegionY = 128;
    public const int RegionSize = 128;

    /// <summary>Luma σ of independent per-channel noise σ: √(0.299² + 0.587² + 0.114²) ≈ 0.668.</summary>
    public const double LumaFactor = 0.668;

    /// <summary>A dead-leaves scene with noise σ = 2 and extra noise σ = 8 in the test rectangle (luma σ ≈ 1.3 outside, ≈ 5.5 inside).</summary>
    public static RgbImage NoisyRectangle(int seed = 1) =>
        Scenes.AddNoise(Scenes.DeadLeaves(512, 384, seed, noiseSigma: 2), 8, RegionX, RegionY, RegionSize, RegionSize, seed: seed + 10);

    /// <summary>Median σ of the blocks at least one block inside and at least one block outside the test rectangle (whose 3 × 3 windows do not straddle its edge).</summary>
    public static (double Inside, double Outside) InsideOutside(NoiseLevelMap map)
    {
        var inside = new List<float>();
        var outside = new List<float>();
        for (var by = 0; by < map.BlocksHigh; by++)
        {
            for (var bx = 0; bx < map.BlocksWide; bx++)
            {
                var i = (by * map.BlocksWide) + bx;
                if (!map.Usable[i])
                {
                    continue;
                }

                int x0 = bx * map.Block, y0 = by * map.Block, x1 = x0 + map.Block, y1 = y0 + map.Block;
                if (x0 >= RegionX + map.Block && y0 >= RegionY + map.Block && x1 <= RegionX + RegionSize - map.Block && y1 <= RegionY + RegionSize - map.Block)
                {
                    inside.Add(map.Sigma[i]);
                }
                else if (x1 <= RegionX - map.Block || y1 <= RegionY - map.Block || x0 >= RegionX + RegionSize + map.Block || y0 >= RegionY + RegionSize + map.Block)
                {
                    outside.Add(map.Sigma[i]);
                }
            }
        }

        return (Median(inside), Median(outside));
    }

    public static async Task<IReadOnlyList<Evidence>> Analyze(IDetector detector, RgbImage image) =>
        await detector.AnalyzeAsync(AnalysisContext.FromBytes(ImageEncoder.Png(image)), CancellationToken.None);

    /// <summary>Intersection over union of a region with the test rectangle.</summary>
    public static double IoU(Region r)
    {
        var ix = Math.Max(0, Math.Min(r.X + r.Width, RegionX + RegionSize) - Math.Max(r.X, RegionX));
        var iy = Math.Max(0, Math.Min(r.Y + r.Height, RegionY + RegionSize) - Math.Max(r.Y, RegionY));
        var inter = ix * (double)iy;
        return inter / ((r.Width * (double)r.Height) + (RegionSize * RegionSize) - inter);
    }

    /// <summary>Mean heatmap value inside the test rectangle and outside it.</summary>
    public static (double Inside, double Outside) HeatInsideOutside(Heatmap map, int width, int height)
    {
        double si = 0, so = 0;
        int ni = 0, no = 0;
        for (var y = 0; y < map.Height; y++)
        {
            for (var x = 0; x < map.Width; x++)
            {
                var cx = (x + 0.5) * width / map.Width;
                var cy = (y + 0.5) * height / map.Height;
                var v = map.Values[(y * map.Width) + x];
                if (cx >= RegionX && cx < RegionX + RegionSize && cy >= RegionY && cy < RegionY + RegionSize)
                {
                    si += v;
                    ni++;
                }
                else
                {
                    so += v;
                    no++;
                }
            }
        }

        return (si / Math.Max(1, ni), so / Math.Max(1, no));
    }

    private static double Median(List<float> values)
    {
        if (values.Count == 0)
        {
            return double.NaN;
        }

        values.Sort();
        return values[values.Count / 2];
    }
}
