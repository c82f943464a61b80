using FakeLens.Faces.Cues;

namespace FakeLens.Faces.Tests.Cues;

public sealed class PulseAnalyzerTests
{
    private const double Step = 0.1;

    /// <summary>Mean green of a skin patch: 150 plus a pulse of <paramref name="amplitude"/> at <paramref name="hz"/>, slow drift and noise.</summary>
    private static double[] Skin(double seconds, double hz, double amplitude, int seed)
    {
        var rng = new Random(seed);
        return Enumerable.Range(0, (int)(seconds / Step)).Select(i =>
        {
            var t = i * Step;
            return 150 + (amplitude * Math.Sin(2 * Math.PI * hz * t)) + (2 * Math.Sin(2 * Math.PI * 0.05 * t)) + (0.3 * (rng.NextDouble() - 0.5));
        }).ToArray();
    }

    [Fact]
    public void A_72_bpm_pulse_shared_by_forehead_and_cheeks_is_found()
    {
        var stats = PulseAnalyzer.Analyze(Skin(20, 1.2, 0.5, 1), Skin(20, 1.2, 0.5, 2), Skin(20, 1.2, 0.5, 3), Step);

        Assert.True(stats.Measured);
        Assert.InRange(stats.BeatsPerMinute, 70, 74);
        Assert.True(stats.Snr > 0.5, $"snr {stats.Snr}");
        Assert.True(stats.Coherence > 0.5, $"coherence {stats.Coherence}");
    }

    [Fact]
    public void Skin_without_a_pulse_has_no_dominant_peak_and_no_coherence()
    {
        var stats = PulseAnalyzer.Analyze(Skin(20, 1.2, 0, 1), Skin(20, 1.2, 0, 2), Skin(20, 1.2, 0, 3), Step);

        Assert.True(stats.Measured);
        Assert.True(stats.Snr < 0.3, $"snr {stats.Snr}");
        Assert.True(Math.Abs(stats.Coherence) < 0.3, $"coherence {stats.Coherence}");
    }

    [Fact]
    public void Short_or_gappy_tracks_are_not_measured()
    {
        var gappy = Skin(20, 1.2, 0.5, 1);
        for (var i = 50; i < 60; i++)
        {
            gappy[i] = double.NaN; // 1 s gap: too long to interpolate
        }

        Assert.False(PulseAnalyzer.Analyze(Skin(6, 1.2, 0.5, 1), Skin(6, 1.2, 0.5, 2), Skin(6, 1.2, 0.5, 3), Step).Measured);
        Assert.False(PulseAnalyzer.Analyze(gappy, Skin(20, 1.2, 0.5, 2), Skin(20, 1.2, 0.5, 3), Step).Measured);
    }
}
