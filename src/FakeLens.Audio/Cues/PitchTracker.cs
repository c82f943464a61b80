namespace FakeLens.Audio.Cues;

// Autocorrelation pitch tracker after Boersma ("Accurate short-term analysis of the fundamental frequency and the
// harmonics-to-noise ratio of a sampled sound", IFA Proceedings 17, 1993), simplified: the 16 kHz signal is halved to
// 8 kHz (two-tap average after a 3-tap smoother; pitch lives far below 2 kHz), every 10 ms a 40 ms Hann-windowed
// frame is autocorrelated over lags for 60–400 Hz, normalised by the window's own autocorrelation, and the highest
// peak above 0.45 gives the period (parabolic interpolation between lags). Frame amplitude is the frame's RMS.
// The lag products are vectorised (System.Numerics.Vector); summation order differs from a scalar loop only by rounding.
public static class PitchTracker
{
    public const double MinF0 = 60;
    public const double MaxF0 = 400;
    public const double VoicingThreshold = 0.45;
    private const int Rate = 8000;
    private const int Window = 320; // 40 ms at 8 kHz

    /// <summary>F0 in Hz (0 when unvoiced) and RMS amplitude for each 10 ms frame t (centre t × 10 ms + 10 ms) of 16 kHz samples.</summary>
    public static (float[] F0, float[] Amplitude) Track(ReadOnlySpan<float> samples16k, int frames, ReadOnlySpan<bool> speech, CancellationToken cancellationToken = default)
    {
        var x = new float[samples16k.Length / 2];
        for (var i = 0; i < x.Length; i++)
        {
            var a = samples16k[2 * i];
            var b = samples16k[(2 * i) + 1];
            var c = 2 * i > 0 ? samples16k[(2 * i) - 1] : a;
            x[i] = (0.25f * c) + (0.5f * a) + (0.25f * b);
        }

        var window = Dsp.Windows.Hann(Window);
        var windowAc = new double[Window];
        for (var lag = 0; lag < Window; lag++)
        {
            double s = 0;
            for (var i = 0; i + lag < Window; i++)
            {
                s += window[i] * window[i + lag];
            }

            windowAc[lag] = s;
        }

        var minLag = (int)Math.Floor(Rate / MaxF0);
        var maxLag = (int)Math.Ceiling(Rate / MinF0);
        var f0 = new float[frames];
        var amp = new float[frames];
        var frame = new double[Window];
        var ac = new double[maxLag + 2];
        for (var t = 0; t < frames; t++)
        {
            if ((t & 511) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            var centre = (t * 80) + 80;
            var start = centre - (Window / 2);
            double mean = 0;
            for (var i = 0; i < Window; i++)
            {
                var n = start + i;
                frame[i] = n >= 0 && n < x.Length ? x[n] : 0;
                mean += frame[i];
            }

            mean /= Window;
            double energy = 0;
            for (var i = 0; i < Window; i++)
            {
                var v = frame[i] - mean;
                energy += v * v;
                frame[i] = v * window[i];
            }

            amp[t] = (float)Math.Sqrt(energy / Window);
            if (t >= speech.Length || !speech[t] || energy <= 1e-12)
            {
                continue;
            }

            double r0 = 0;
            for (var i = 0; i < Window; i++)
            {
                r0 += frame[i] * frame[i];
            }

            for (var lag = minLag - 1; lag <= maxLag + 1 && lag < Window; lag++)
            {
                var s = Dot(frame.AsSpan(0, Window - lag), frame.AsSpan(lag, Window - lag));
                ac[Math.Min(lag, ac.Length - 1)] = s / r0 / (windowAc[lag] / windowAc[0]);
            }

            var best = -1;
            var bestValue = VoicingThreshold;
            for (var lag = minLag; lag <= maxLag && lag < Window - 1; lag++)
            {
                if (ac[lag] > bestValue && ac[lag] >= ac[lag - 1] && ac[lag] >= ac[lag + 1])
                {
                    best = lag;
                    bestValue = ac[lag];
                }
            }

            if (best < 0)
            {
                continue;
            }

            // Octave guard: a pulse train correlates as well at 2T as at T; take the shortest lag nearly as strong.
            for (var lag = minLag; lag < best; lag++)
            {
                if (ac[lag] >= 0.85 * bestValue && ac[lag] >= ac[lag - 1] && ac[lag] >= ac[lag + 1])
                {
                    best = lag;
                    break;
                }
            }

            var denominator = ac[best - 1] - (2 * ac[best]) + ac[best + 1];
            var shift = Math.Abs(denominator) > 1e-12 ? 0.5 * (ac[best - 1] - ac[best + 1]) / denominator : 0;
            f0[t] = (float)(Rate / (best + Math.Clamp(shift, -0.5, 0.5)));
        }

        return (f0, amp);
    }

    /// <summary>Vectorised dot product: the lag loop is the tracker's hot spot (≈ 37,000 products per voiced frame).</summary>
    private static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        var width = System.Numerics.Vector<double>.Count;
        var sum = System.Numerics.Vector<double>.Zero;
        var i = 0;
        for (; i <= a.Length - width; i += width)
        {
            sum += new System.Numerics.Vector<double>(a.Slice(i, width)) * new System.Numerics.Vector<double>(b.Slice(i, width));
        }

        var total = System.Numerics.Vector.Sum(sum);
        for (; i < a.Length; i++)
        {
            total += a[i] * b[i];
        }

        return total;
    }
}
