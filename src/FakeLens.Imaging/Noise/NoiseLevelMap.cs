namespace FakeLens.Imaging.Noise;

/// <summary>
/// Per-block noise σ (grey levels) of an image, as measured by one of the noise estimators, and whether noise is
/// measurable in each block (not clipped, not flat). Blocks are <see cref="Block"/> px squares, row-major.
/// </summary>
internal sealed record NoiseLevelMap(int Width, int Height, int Block, int BlocksWide, int BlocksHigh, float[] Sigma, bool[] Usable, float MedianSigma)
{
    /// <summary>An empty map for an image too small to hold one block.</summary>
    public static NoiseLevelMap Empty(int width, int height, int block) => new(width, height, block, 0, 0, [], [], float.NaN);

    /// <summary>Builds the map and its median σ over the usable blocks.</summary>
    public static NoiseLevelMap Create(int width, int height, int block, int blocksWide, int blocksHigh, float[] sigma, bool[] usable) =>
        new(width, height, block, blocksWide, blocksHigh, sigma, usable, BlockMaps.MedianAndMad(sigma, usable).Median);

    /// <summary>Block size used by every noise estimator: 16 px, 32 px once the short side reaches 1000 px.</summary>
    public static int BlockFor(int width, int height) => Math.Min(width, height) >= 1000 ? 32 : 16;

    public int UsableCount
    {
        get
        {
            var n = 0;
            foreach (var u in Usable)
            {
                n += u ? 1 : 0;
            }

            return n;
        }
    }
}
