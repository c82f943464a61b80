using FakeLens.Core.Evidence;
using FakeLens.Faces.Cues;

namespace FakeLens.Faces.Tests.Cues;

public sealed class LipSyncAnalyzerTests
{
    private const double Step = 0.1;

    /// <summary>A talking mouth: syllable-like openings 0..0.4 at 3–5 Hz with pauses, deterministic for the seed.</summary>
    private static double[] Mouth(int n, int seed)
    {
        var rng = new Random(seed);
        var m = new double[n];
        for (var i = 0; i < n; i++)
        {
            m[i] = i % 40 < 30 ? Math.Max(0, 0.2 + (0.2 * Math.Sin(i * 2.3)) + (0.05 * rng.NextDouble())) : 0.01;
        }

        return m;
    }

    /// <summary>Loudness in dB that follows the mouth <paramref name="lag"/> frames later (silence at −70 dB).</summary>
    private static double[] Voice(double[] mouth, int lag) =>
        Enumerable.Range(0, mouth.Length).Select(i => i - lag >= 0 && i - lag < mouth.Length ? -70 + (150 * mouth[i - lag]) : -70.0).ToArray();

    [Fact]
    public void Voice_following_the_mouth_without_delay_is_in_sync()
    {
        var mouth = Mouth(200, 1);
        var stats = LipSyncAnalyzer.Analyze(mouth, Voice(mouth, 0), Step);

        Assert.True(stats.Measurable);
        Assert.Equal(0, stats.LagSeconds, 6);
        Assert.True(stats.PeakCorrelation > 0.95);
        Assert.Equal(EvidenceDirection.Neutral, FaceCueEvidence.LipSync("the face", stats).Direction);
    }

    [Fact]
    public void Voice_300_ms_late_is_found_at_that_lag_and_flagged()
    {
        var mouth = Mouth(200, 2);
        var stats = LipSyncAnalyzer.Analyze(mouth, Voice(mouth, 3), Step);
        var evidence = FaceCueEvidence.LipSync("the face", stats);

        Assert.Equal(0.3, stats.LagSeconds, 6);
        Assert.True(stats.PeakCorrelation > 0.9);
        Assert.True(stats.ZeroLagCorrelation < stats.PeakCorrelation);
        Assert.Equal(EvidenceDirection.Manipulated, evidence.Direction);
        Assert.Contains("300 ms after", evidence.Explanation, StringComparison.Ordinal);

        // Round 13: 2 of the 4 measurable real talking faces were flagged, so the finding weighs at most 0.05.
        Assert.InRange(evidence.Weight, 0.01, 0.05);
    }

    [Fact]
    public void A_two_frame_lag_is_not_over_200_ms_even_when_the_frame_step_is_a_hair_over_100_ms()
    {
        // 2 steps of 0.1001 s (10 fps taken from 29.97 fps video): 200 ms within broadcast slack, not flagged; 3 steps are.
        var twoFrames = new LipSyncStatistics(0.36, -2 * 0.1001, 0.2, 0.09, 0.7, 10);
        var threeFrames = twoFrames with { LagSeconds = -3 * 0.1001 };

        Assert.Equal(EvidenceDirection.Neutral, FaceCueEvidence.LipSync("the face", twoFrames).Direction);
        Assert.Equal(EvidenceDirection.Manipulated, FaceCueEvidence.LipSync("the face", threeFrames).Direction);
    }

    [Fact]
    public void Voice_unrelated_to_the_mouth_is_flagged_weakly()
    {
        var mouth = Mouth(200, 3);
        var rng = new Random(4);
        var other = Enumerable.Range(0, 200).Select(_ => -40 + (20 * rng.NextDouble())).ToArray();
        var stats = LipSyncAnalyzer.Analyze(mouth, other, Step);
        var evidence = FaceCueEvidence.LipSync("the face", stats);

        Assert.True(stats.PeakCorrelation < 0.15, $"peak {stats.PeakCorrelation}");
        Assert.Equal(EvidenceDirection.Manipulated, evidence.Direction);
        Assert.True(evidence.LikelihoodRatio < 1.5);
    }

    [Fact]
    public void A_still_mouth_is_not_measurable()
    {
        var mouth = Enumerable.Repeat(0.02, 200).ToArray();
        var stats = LipSyncAnalyzer.Analyze(mouth, Voice(Mouth(200, 5), 0), Step);

        Assert.False(stats.Measurable);
        Assert.Equal(0, FaceCueEvidence.LipSync("the face", stats).Reliability);
    }

    [Fact]
    public void Loudness_averages_the_envelope_over_each_frame_interval()
    {
        // 10 ms envelope: silent (0) for the first second, then 0.1 RMS (−20 dB).
        var rms = Enumerable.Range(0, 200).Select(i => i < 100 ? 0f : 0.1f).ToArray();
        var db = LipSyncAnalyzer.LoudnessAt(new SpeechEnvelope(0.01, rms), [0.5, 1.5, 5.0], Step);

        Assert.Equal(-90, db[0], 6);
        Assert.Equal(-20, db[1], 3);
        Assert.True(double.IsNaN(db[2]));
    }
}
