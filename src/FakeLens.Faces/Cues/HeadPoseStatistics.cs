namespace FakeLens.Faces.Cues;

/// <summary>Head pose of one track: inner face vs whole face (degrees) and how much the pose moves between frames.</summary>
/// <param name="Samples">Frames whose pose was estimated.</param>
/// <param name="MismatchDegrees">Median angle between the inner-face and head (outer mesh) rotations.</param>
/// <param name="MismatchVariation">Standard deviation of that angle over the frames.</param>
/// <param name="StepDegrees">Median rotation of the head between consecutive frames.</param>
/// <param name="Mismatch">Per slot (NaN where not estimated), for the timeline.</param>
public sealed record HeadPoseStatistics(int Samples, double MismatchDegrees, double MismatchVariation, double StepDegrees, double[] Mismatch)
{
    public bool Measured => Samples >= HeadPoseAnalyzer.MinSamples;
}
