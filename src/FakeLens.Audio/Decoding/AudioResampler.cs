namespace FakeLens.Audio.Decoding;

/// <summary>
/// Band-limited resampling between any two rates: windowed sinc (Blackman, 16 zero crossings per side), read
/// from a table of 256 phases per zero crossing with linear interpolation, cut-off at 0.95 × the lower Nyquist.
/// Stop-band about −58 dB; good enough for watermark analysis and for the resampling attack of the benchmark.
/// </summary>
public static class AudioResampler
{
    private const int ZeroCrossings = 16;
    private const int Phases = 256;
    private const double Rolloff = 0.95;

    /// <summary>Maximum output length accepted (an hour at 192 kHz), so a bad rate cannot ask for a huge array.</summary>
    public const long MaxOutputSamples = 3600L * 192_000;

    public static float[] Resample(ReadOnlySpan<float> input, int fromRate, int toRate, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(fromRate);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(toRate);
        if (fromRate == toRate)
        {
            return input.ToArray();
        }

        var outLength = (long)Math.Floor(input.Length * (double)toRate / fromRate);
        if (outLength > MaxOutputSamples)
        {
            throw new ArgumentException($"resampling {input.Length} samples from {fromRate} Hz to {toRate} Hz would exceed {MaxOutputSamples} samples");
        }

        var table = BuildTable();
        var output = new float[outLength];
        var step = fromRate / (double)toRate;

        // Cut-off relative to the input Nyquist; when decimating, the kernel is stretched by 1/cutoff.
        var cutoff = Rolloff * Math.Min(1.0, toRate / (double)fromRate);
        var halfWidth = ZeroCrossings / cutoff;
        for (long i = 0; i < outLength; i++)
        {
            if ((i & 0xFFFF) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            var centre = i * step;
            var first = Math.Max(0, (int)Math.Ceiling(centre - halfWidth));
            var last = Math.Min(input.Length - 1, (int)Math.Floor(centre + halfWidth));
            double sum = 0;
            for (var n = first; n <= last; n++)
            {
                var t = Math.Abs((n - centre) * cutoff) * Phases;
                var idx = (int)t;
                if (idx >= table.Length - 1)
                {
                    continue;
                }

                var frac = t - idx;
                sum += input[n] * (table[idx] + ((table[idx + 1] - table[idx]) * frac));
            }

            output[i] = (float)(sum * cutoff);
        }

        return output;
    }

    private static double[] BuildTable()
    {
        var table = new double[(ZeroCrossings * Phases) + 2];
        for (var i = 0; i < table.Length; i++)
        {
            var x = i / (double)Phases;
            if (x >= ZeroCrossings)
            {
                table[i] = 0;
                continue;
            }

            var sinc = x == 0 ? 1.0 : Math.Sin(Math.PI * x) / (Math.PI * x);
            var u = x / ZeroCrossings;
            var window = 0.42 + (0.5 * Math.Cos(Math.PI * u)) + (0.08 * Math.Cos(2 * Math.PI * u));
            table[i] = sinc * window;
        }

        return table;
    }
}
