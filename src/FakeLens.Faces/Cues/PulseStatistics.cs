namespace FakeLens.Faces.Cues;

/// <summary>A pulse-like signal in the skin colour of one face track (see <see cref="PulseAnalyzer"/>).</summary>
/// <param name="BeatsPerMinute">Frequency of the strongest peak in 42–210 beats a minute (NaN when not measured).</param>
/// <param name="Snr">Power within ±0.1 Hz of that peak over the rest of the band (0..1 share, not dB).</param>
/// <param name="Coherence">Mean correlation of the band-passed forehead and cheek signals (a real pulse reaches all three).</param>
/// <param name="Seconds">Length of the analysed span.</param>
public sealed record PulseStatistics(double BeatsPerMinute, double Snr, double Coherence, double Seconds)
{
    public bool Measured => !double.IsNaN(Snr);
}
