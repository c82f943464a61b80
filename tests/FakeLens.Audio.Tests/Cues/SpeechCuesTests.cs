using FakeLens.Audio.Cues;

namespace FakeLens.Audio.Tests.Cues;

public sealed class SpeechCuesTests
{
    private const int Rate = 16_000;

    // Glottal-like pulses (one-pole low-passed impulses) in 0.6 s bursts with 0.3 s pauses; period in samples per pulse.
    private static float[] PulseTrain(Func<int, double> period, double seconds)
    {
        var x = new float[(int)(Rate * seconds)];
        var pulse = 0;
        for (double at = 0; at < x.Length; at += period(pulse++))
        {
            var t = at / Rate;
            if (t % 0.9 < 0.6)
            {
                x[(int)at] = 1;
            }
        }

        double y = 0;
        for (var i = 0; i < x.Length; i++)
        {
            y = x[i] + (0.9 * y);
            x[i] = (float)(0.05 * y);
        }

        return x;
    }

    [Fact]
    public void Jitter_is_near_zero_for_a_steady_pulse_train_and_clearly_higher_when_periods_waver()
    {
        var steady = SpeechCues.Compute(SpeechFrames.Analyze(PulseTrain(_ => 128, 4)));
        var random = new Random(5);
        var wavering = SpeechCues.Compute(SpeechFrames.Analyze(PulseTrain(_ => 128 * (1 + (0.08 * (random.NextDouble() - 0.5))), 4)));
        Assert.InRange(steady.F0Median, 120, 130);
        Assert.True(steady.VoicedFraction > 0.8, $"voiced {steady.VoicedFraction}");
        Assert.True(steady.Jitter < 0.003, $"steady jitter {steady.Jitter}");
        Assert.True(wavering.Jitter > 3 * steady.Jitter && wavering.Jitter > 0.004, $"wavering {wavering.Jitter} vs steady {steady.Jitter}");
    }

    [Fact]
    public void Looped_audio_is_reported_as_repeated_frames_and_fresh_noise_bursts_are_not()
    {
        var burst = TestSignals.WhiteNoise(Rate, 0.25, 0.2, seed: 11);
        var gap = new float[Rate / 5];
        var looped = TestSignals.Concat(burst, gap, burst, gap, burst, gap, burst);
        var fresh = TestSignals.Concat(TestSignals.WhiteNoise(Rate, 0.25, 0.2, 1), gap, TestSignals.WhiteNoise(Rate, 0.25, 0.2, 2), gap, TestSignals.WhiteNoise(Rate, 0.25, 0.2, 3), gap, TestSignals.WhiteNoise(Rate, 0.25, 0.2, 4));
        var a = SpeechCues.Compute(SpeechFrames.Analyze(looped));
        var b = SpeechCues.Compute(SpeechFrames.Analyze(fresh));
        Assert.True(a.RepeatedFraction > 0.4, $"looped {a.RepeatedFraction}");
        Assert.True(b.RepeatedFraction < 0.05, $"fresh {b.RepeatedFraction}");
    }
}
