namespace FakeLens.Faces.Cues;

/// <summary>
/// The face's inner region, a band along its outline and the ring of surroundings (hair, neck, background) of one
/// face in one image or frame, measured alike (see <see cref="FaceRegionAnalyzer"/>).
/// </summary>
public sealed record FaceSurroundings(RegionStatistics Face, RegionStatistics Boundary, RegionStatistics Ring)
{
    public bool Measured => Face.Measured && Ring.Measured;

    /// <summary>ln(face noise / surroundings noise); 0 when alike. A pasted face often carries its own noise.</summary>
    public double NoiseLogRatio => Measured ? Math.Log(Math.Max(Face.Noise, 0.05) / Math.Max(Ring.Noise, 0.05)) : double.NaN;

    /// <summary>ln(face detail / surroundings detail): a swapped face is often softer (or sharper) than its frame.</summary>
    public double DetailLogRatio => Measured ? Math.Log(Math.Max(Face.Detail, 0.05) / Math.Max(Ring.Detail, 0.05)) : double.NaN;

    /// <summary>Boundary-band noise over the geometric mean of face and ring noise; blending smooths the band (&lt; 1).</summary>
    public double BoundaryRatio => Measured && Boundary.Measured
        ? Math.Max(Boundary.Noise, 0.05) / Math.Sqrt(Math.Max(Face.Noise, 0.05) * Math.Max(Ring.Noise, 0.05))
        : double.NaN;

    /// <summary>Chroma distance (Cb, Cr) between face and surroundings, in 8-bit units.</summary>
    public double ChromaDistance => Measured ? Math.Sqrt(Math.Pow(Face.MeanCb - Ring.MeanCb, 2) + Math.Pow(Face.MeanCr - Ring.MeanCr, 2)) : double.NaN;
}
