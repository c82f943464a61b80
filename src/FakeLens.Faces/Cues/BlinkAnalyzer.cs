namespace FakeLens.Faces.Cues;

// Blinking, after Li, Chang & Lyu (2018, "In Ictu Oculi: Exposing AI Created Fake Videos by Detecting Eye
// Blinking"): early face-swap models were trained on photos with open eyes and blink too rarely. Eye openness is
// the eye aspect ratio (Soukupová & Čech 2016) from six mesh points per eye, averaged over both eyes. The open
// level is the track's 80th percentile; a frame counts as closed below 0.7 × open (the classic 0.2 threshold for
// an open EAR near 0.3), and a blink is a run of closed frames whose deepest point is below 0.6 × open and that
// lasts at most 1.5 s (longer is eyes shut, not a blink). Human ranges: 8–21 blinks a minute at rest, up to ~26
// in conversation, ~4.5 while reading (Bentivoglio et al. 1997); a blink lasts 100–400 ms. At the analyser's
// 10 fps a 100 ms blink may fall between frames, so a low count over a short track is weak evidence.
public static class BlinkAnalyzer
{
    public const double ClosedFraction = 0.7;
    public const double DeepFraction = 0.6;
    public const double MaxBlinkSeconds = 1.5;

    /// <summary>Blinks in an eye-aspect-ratio series sampled every <paramref name="step"/> seconds (NaN = no face).</summary>
    public static BlinkStatistics Analyze(IReadOnlyList<double> ear, double step)
    {
        ArgumentNullException.ThrowIfNull(ear);
        var valid = Series.Valid(ear);
        var seconds = valid.Length * step;
        var open = Series.Percentile(ear, 0.8);
        var closure = new double[ear.Count];
        if (valid.Length < 3 || !(open > 0))
        {
            Array.Fill(closure, double.NaN);
            return new BlinkStatistics(0, seconds, double.NaN, double.NaN, open, double.NaN, closure);
        }

        var blinks = 0;
        var durations = new List<double>();
        var run = 0;
        var deepest = double.MaxValue;
        for (var i = 0; i <= ear.Count; i++)
        {
            var v = i < ear.Count ? ear[i] : double.NaN;
            if (i < ear.Count)
            {
                closure[i] = double.IsNaN(v) ? double.NaN : Math.Clamp(1 - (v / open), 0, 1);
            }

            if (!double.IsNaN(v) && v < ClosedFraction * open)
            {
                run++;
                deepest = Math.Min(deepest, v);
                continue;
            }

            if (run > 0 && deepest < DeepFraction * open && run * step <= MaxBlinkSeconds)
            {
                blinks++;
                durations.Add(run * step);
            }

            run = 0;
            deepest = double.MaxValue;
        }

        var mean = valid.Average();
        return new BlinkStatistics(
            blinks,
            seconds,
            seconds > 0 ? blinks / seconds * 60 : double.NaN,
            durations.Count > 0 ? durations.Average() : double.NaN,
            open,
            mean > 0 ? Series.Std(valid) / mean : double.NaN,
            closure);
    }
}
