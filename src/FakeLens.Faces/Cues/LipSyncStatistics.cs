namespace FakeLens.Faces.Cues;

/// <summary>How the mouth of one face track moves with the voice (see <see cref="LipSyncAnalyzer"/>).</summary>
/// <param name="PeakCorrelation">Highest correlation of mouth opening with loudness over lags within ±0.5 s.</param>
/// <param name="LagSeconds">Lag at that peak; positive when the voice comes after the mouth.</param>
/// <param name="ZeroLagCorrelation">Correlation with no lag.</param>
/// <param name="MouthVariation">Standard deviation of the mouth opening (0: the mouth does not move).</param>
/// <param name="SpeechFraction">Share of the track's frames where the audio is loud enough to be speech.</param>
/// <param name="Seconds">Frames with both a mouth and audio × frame step.</param>
public sealed record LipSyncStatistics(double PeakCorrelation, double LagSeconds, double ZeroLagCorrelation, double MouthVariation, double SpeechFraction, double Seconds)
{
    /// <summary>True when there is enough speech and mouth movement for the correlation to mean something.</summary>
    public bool Measurable => Seconds >= LipSyncAnalyzer.MinSeconds && SpeechFraction >= 0.25 && MouthVariation >= 0.015 && !double.IsNaN(PeakCorrelation);
}
