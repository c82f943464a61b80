using FakeLens.Faces.Cues;

namespace FakeLens.Faces;

/// <summary>
/// The face cues as numbers for `train video`: statistics of the main (longest) face track. The names and their
/// order are stable within a <see cref="Version"/>; a model trained on one version must refuse another.
/// </summary>
public static class FaceVideoFeatures
{
    public const int Version = 2;

    public static IReadOnlyList<string> Names { get; } =
    [
        "faces.tracks", "faces.coverage", "faces.track_seconds", "faces.face_width_px", "faces.mesh_presence",
        "faces.blink.count", "faces.blink.rate_per_min", "faces.blink.mean_duration_s", "faces.blink.open_ear", "faces.blink.ear_variation",
        "faces.flicker.landmark_jitter", "faces.flicker.face_noise", "faces.flicker.ring_noise", "faces.flicker.noise_ratio", "faces.flicker.detail_ratio",
        "faces.surround.noise_log_ratio", "faces.surround.detail_log_ratio", "faces.surround.boundary_ratio", "faces.surround.chroma_distance",
        "faces.lipsync.peak_corr", "faces.lipsync.lag_s", "faces.lipsync.zero_corr", "faces.lipsync.mouth_std", "faces.lipsync.speech_fraction",
        "faces.pulse.bpm", "faces.pulse.snr", "faces.pulse.coherence",
        "faces.pose.mismatch_deg", "faces.pose.mismatch_std_deg", "faces.pose.step_deg",
        "faces.expr.smile_std", "faces.expr.brow_std", "faces.expr.asymmetry", "faces.expr.smoothness", "faces.expr.movements",
    ];

    /// <summary>All names with NaN (no face, or nothing measured).</summary>
    public static IReadOnlyDictionary<string, double> Empty() => Names.ToDictionary(n => n, _ => double.NaN, StringComparer.Ordinal);

    internal static IReadOnlyDictionary<string, double> From(
        int tracks, double coverage, double trackSeconds, double faceWidth, double presence,
        BlinkStatistics blink, FlickerStatistics flicker, double noiseLogRatio, double detailLogRatio, double boundaryRatio, double chroma,
        LipSyncStatistics? lipSync, PulseStatistics pulse, HeadPoseStatistics? pose = null, ExpressionStatistics? expression = null)
    {
        double[] values =
        [
            tracks, coverage, trackSeconds, faceWidth, presence,
            blink.Blinks, blink.RatePerMinute, blink.MeanDurationSeconds, blink.OpenEar, blink.EarVariation,
            flicker.LandmarkJitter, flicker.FaceNoiseFlicker, flicker.RingNoiseFlicker, flicker.RatioFlicker, flicker.DetailRatioFlicker,
            noiseLogRatio, detailLogRatio, boundaryRatio, chroma,
            lipSync?.PeakCorrelation ?? double.NaN, lipSync?.LagSeconds ?? double.NaN, lipSync?.ZeroLagCorrelation ?? double.NaN,
            lipSync?.MouthVariation ?? double.NaN, lipSync?.SpeechFraction ?? double.NaN,
            pulse.BeatsPerMinute, pulse.Snr, pulse.Coherence,
            pose?.MismatchDegrees ?? double.NaN, pose?.MismatchVariation ?? double.NaN, pose?.StepDegrees ?? double.NaN,
            expression?.SmileVariation ?? double.NaN, expression?.BrowVariation ?? double.NaN, expression?.Asymmetry ?? double.NaN,
            expression?.Smoothness ?? double.NaN, expression?.Movements ?? double.NaN,
        ];
        var result = new Dictionary<string, double>(StringComparer.Ordinal);
        for (var i = 0; i < Names.Count; i++)
        {
            result[Names[i]] = values[i];
        }

        return result;
    }
}
