namespace FakeLens.Faces.Cues;

/// <summary>Frame-to-frame instability of one face track against its surroundings (see <see cref="FlickerAnalyzer"/>).</summary>
/// <param name="LandmarkJitter">Median RMS second difference of the pose-normalised landmarks, in eye spans.</param>
/// <param name="FaceNoiseFlicker">High-frequency variation of ln(face noise) between frames.</param>
/// <param name="RingNoiseFlicker">The same for the surroundings.</param>
/// <param name="RatioFlicker">High-frequency variation of ln(face noise / surroundings noise).</param>
/// <param name="DetailRatioFlicker">High-frequency variation of ln(face detail / surroundings detail).</param>
/// <param name="Frames">Frames with a measured face.</param>
public sealed record FlickerStatistics(double LandmarkJitter, double FaceNoiseFlicker, double RingNoiseFlicker, double RatioFlicker, double DetailRatioFlicker, int Frames);
