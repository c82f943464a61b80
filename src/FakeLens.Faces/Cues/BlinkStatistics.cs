namespace FakeLens.Faces.Cues;

/// <summary>Blinks of one face track (see <see cref="BlinkAnalyzer"/>).</summary>
/// <param name="Seconds">Time the eyes were measured (frames with a mesh × frame step).</param>
/// <param name="OpenEar">Eye aspect ratio of the open eye (80th percentile).</param>
/// <param name="EarVariation">Coefficient of variation of the eye aspect ratio (frozen eyes: near 0).</param>
/// <param name="Closure">Per-frame eye closure 0..1 (1 − EAR / open EAR, clamped), NaN where not measured.</param>
public sealed record BlinkStatistics(int Blinks, double Seconds, double RatePerMinute, double MeanDurationSeconds, double OpenEar, double EarVariation, IReadOnlyList<double> Closure);
