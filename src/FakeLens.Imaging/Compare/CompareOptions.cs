namespace FakeLens.Imaging.Compare;

/// <summary>Settings of <see cref="ImageComparer"/>; the defaults are the ones measured in docs/compare.md.</summary>
public sealed record CompareOptions
{
    /// <summary>Longer side of the grey images keypoints are found on (SIFT cost grows with area).</summary>
    public int KeypointSide { get; init; } = 1024;

    /// <summary>Longer side of the suspect frame the change map is computed on.</summary>
    public int MapSide { get; init; } = 1024;

    /// <summary>Fewest RANSAC inliers for the pair to count as the same picture.</summary>
    public int MinInliers { get; init; } = 16;

    /// <summary>How many median absolute deviations above the noise expected at that texture level a change must be.</summary>
    public double NoiseK { get; init; } = 6.0;

    /// <summary>Choose the noise bin by the smaller of the two sides' local gradients (false: the original's alone).</summary>
    public bool TwoSidedNoise { get; init; } = true;

    /// <summary>Hysteresis: pixels above this fraction of the threshold's margin over the noise join a connected change.</summary>
    public double GrowFraction { get; init; } = 0.5;

    /// <summary>Look for faces (with the comparer's <see cref="IFaceLocator"/>) and text lines and say which of them changed.</summary>
    public bool CheckContent { get; init; } = true;

    /// <summary>How far (longer side / this, px) a change grows into weak-change pixels.</summary>
    public double GrowReachDivisor { get; init; } = 50;

    /// <summary>Drop pixels along a region's edge whose own residual is below the weak threshold (the window mean widens regions).</summary>
    public bool TrimEdges { get; init; } = true;

    /// <summary>A compact change region is filled out to its convex hull when it covers at least this fraction of the hull (0: never).</summary>
    public double HullSolidity { get; init; } = 0.5;

    /// <summary>Smallest reported region, as a fraction of the suspect's area.</summary>
    public double MinRegionFraction { get; init; } = 0.001;
}
