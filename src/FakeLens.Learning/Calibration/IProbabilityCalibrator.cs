namespace FakeLens.Learning.Calibration;

/// <summary>Maps a raw, uncalibrated score (higher = more likely fake) to a probability of "fake".</summary>
public interface IProbabilityCalibrator
{
    /// <summary>"platt" or "isotonic".</summary>
    string Kind { get; }

    double Calibrate(double score);
}
