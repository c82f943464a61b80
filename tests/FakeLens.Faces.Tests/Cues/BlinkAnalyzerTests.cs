using FakeLens.Core.Evidence;
using FakeLens.Faces.Cues;

namespace FakeLens.Faces.Tests.Cues;

public sealed class BlinkAnalyzerTests
{
    private const double Step = 0.1;

    /// <summary>30 s at 10 fps, eyes open at 0.30 with small wobble, a two-frame blink to 0.08 every <paramref name="every"/> s.</summary>
    private static double[] Ear(double seconds, double every, int blinkFrames = 2)
    {
        var n = (int)(seconds / Step);
        var ear = new double[n];
        for (var i = 0; i < n; i++)
        {
            ear[i] = 0.30 + (0.01 * Math.Sin(i * 0.7));
        }

        if (every > 0)
        {
            for (var t = every; t < seconds - 1; t += every)
            {
                var start = (int)Math.Round(t / Step);
                for (var k = 0; k < blinkFrames; k++)
                {
                    ear[start + k] = 0.08;
                }
            }
        }

        return ear;
    }

    [Fact]
    public void Counts_blinks_rate_and_duration_of_a_series_with_known_blinks()
    {
        var stats = BlinkAnalyzer.Analyze(Ear(30, 4), Step);

        Assert.Equal(7, stats.Blinks); // at 4, 8, …, 28 s
        Assert.Equal(14, stats.RatePerMinute, 6);
        Assert.Equal(0.2, stats.MeanDurationSeconds, 6);
        Assert.Equal(EvidenceDirection.Neutral, FaceCueEvidence.Blink("the face", stats).Direction);
    }

    [Fact]
    public void Never_blinking_over_half_a_minute_points_to_manipulation()
    {
        var stats = BlinkAnalyzer.Analyze(Ear(30, 0), Step);
        var evidence = FaceCueEvidence.Blink("the face", stats);

        Assert.Equal(0, stats.Blinks);
        Assert.Equal(EvidenceDirection.Manipulated, evidence.Direction);
        Assert.True(evidence.Weight > 0);

        // Round 13: checked on 3 real tracks long enough and flagged 2 of them, so it weighs at most 0.05.
        Assert.InRange(evidence.Weight, 0.01, 0.05);
    }

    [Fact]
    public void Eyes_shut_for_seconds_are_not_a_blink_and_gaps_are_not_closed_eyes()
    {
        var ear = Ear(30, 0);
        for (var i = 100; i < 130; i++)
        {
            ear[i] = 0.05; // 3 s shut
        }

        for (var i = 200; i < 220; i++)
        {
            ear[i] = double.NaN; // face lost
        }

        var stats = BlinkAnalyzer.Analyze(ear, Step);

        Assert.Equal(0, stats.Blinks);
        Assert.Equal(28, stats.Seconds, 6);
    }

    [Fact]
    public void A_short_track_is_too_short_to_judge()
    {
        var evidence = FaceCueEvidence.Blink("the face", BlinkAnalyzer.Analyze(Ear(5, 0), Step));

        Assert.Equal(EvidenceDirection.Neutral, evidence.Direction);
        Assert.Equal(0, evidence.Reliability);
    }
}
