namespace FakeLens.Faces.Cues;

/// <summary>
/// What one image region looks like to a forensic eye: its noise floor and its detail (low and high percentiles of
/// the 8×8-block standard deviations of a Laplacian residual), and its mean colour (BT.601 Y, Cb, Cr).
/// </summary>
/// <param name="Noise">25th percentile of block residual standard deviations: the sensor/compression noise floor.</param>
/// <param name="Detail">90th percentile of the same: how sharp the region's edges and texture are.</param>
/// <param name="Blocks">Blocks the statistics were computed from (0: region too small to measure).</param>
public sealed record RegionStatistics(double Noise, double Detail, double MeanY, double MeanCb, double MeanCr, int Blocks)
{
    public static RegionStatistics Empty { get; } = new(double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, 0);

    public bool Measured => Blocks >= MinBlocks;

    /// <summary>Fewer blocks than this and the percentiles mean little.</summary>
    public const int MinBlocks = 6;
}
