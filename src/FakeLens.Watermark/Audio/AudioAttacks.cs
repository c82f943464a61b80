namespace FakeLens.Watermark.Audio;

/// <summary>Signal-level attacks used by the benchmark and tests: gain with clipping, white noise at a given SNR, cropping.</summary>
public static class AudioAttacks
{
    public static float[] Gain(ReadOnlySpan<float> samples, double decibels)
    {
        var factor = (float)Math.Pow(10, decibels / 20);
        var output = new float[samples.Length];
        for (var i = 0; i < output.Length; i++)
        {
            output[i] = Math.Clamp(samples[i] * factor, -1f, 1f);
        }

        return output;
    }

    /// <summary>Adds white Gaussian noise whose power is <paramref name="snrDb"/> below the signal's mean power.</summary>
    public static float[] AddNoise(ReadOnlySpan<float> samples, double snrDb, Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        double power = 0;
        foreach (var s in samples)
        {
            power += (double)s * s;
        }

        power /= Math.Max(1, samples.Length);
        var sigma = Math.Sqrt(power * Math.Pow(10, -snrDb / 10));
        var output = new float[samples.Length];
        for (var i = 0; i < output.Length; i++)
        {
            var u1 = 1.0 - random.NextDouble();
            var u2 = random.NextDouble();
            var gauss = Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
            output[i] = Math.Clamp((float)(samples[i] + (sigma * gauss)), -1f, 1f);
        }

        return output;
    }

    /// <summary>A window of <paramref name="length"/> samples at a random position (the whole input if shorter).</summary>
    public static float[] Crop(ReadOnlySpan<float> samples, int length, Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        if (samples.Length <= length)
        {
            return samples.ToArray();
        }

        var start = random.Next(0, samples.Length - length);
        return samples.Slice(start, length).ToArray();
    }
}
