using FakeLens.Faces.Cues;

namespace FakeLens.Faces.Tracking;

/// <summary>One face of a track in one frame, with what the cues measured on it while the frame was in memory.</summary>
/// <param name="Slot">Position on the analyser's frame grid (gaps between sampled windows leave empty slots).</param>
/// <param name="Normalised">Landmarks in the eye-aligned frame (see <see cref="FlickerAnalyzer.Normalise"/>).</param>
/// <param name="SkinGreen">Mean green of the forehead, right-cheek and left-cheek patches (see <see cref="PulseAnalyzer"/>).</param>
/// <param name="Pose">Head (outer mesh) and inner-face rotation vectors (<see cref="HeadPose"/>), null without the canonical face.</param>
/// <param name="Expression">Action-unit-like distances (<see cref="ExpressionAnalyzer"/>).</param>
/// <param name="BlendDetail">Where the blend features were measured and the per-sector boundary strength (for the map of a flagged track).</param>
public sealed record TrackSample(int Slot, double TimeSeconds, FaceObservation Face, FaceSurroundings Regions, float[] Normalised, double EyeAspectRatio, double MouthOpening, (double Forehead, double RightCheek, double LeftCheek) SkinGreen,
    (double[] Head, double[] Inner)? Pose = null, ExpressionSample? Expression = null, double Blend = double.NaN, Blend.FaceBlendMeasurement? BlendDetail = null);
