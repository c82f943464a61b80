namespace FakeLens.Audio.Augmentation;

/// <summary>
/// Training perturbations applied to real and fake clips alike, so that nothing but the voice's origin separates
/// them: a random trim (0–300 ms off each end plus 0–255 samples, which destroys the "length is a multiple of the
/// vocoder hop" cue of the vits-demo outputs), a random window of at most <see cref="MaxSeconds"/> from long clips,
/// and with <c>augment</c> a random codec round trip (<see cref="CodecCondition.TrainingSet"/>, 3 in 4 clips) and
/// white noise at 25–45 dB SNR (1 in 4 clips).
/// </summary>
public static class SpeechAugmentation
{
    public const double MaxSeconds = 8;

    public static float[] RandomTrim(float[] samples, int sampleRate, Random random)
    {
        ArgumentNullException.ThrowIfNull(samples);
        ArgumentNullException.ThrowIfNull(random);
        var maxCut = (int)(0.3 * sampleRate);
        var head = random.Next(0, maxCut) + random.Next(0, 256);
        var tail = random.Next(0, maxCut);
        var keep = samples.Length - head - tail;
        if (keep < sampleRate)
        {
            // Short clip: trim only the sub-hop part, keep the speech.
            head = random.Next(0, Math.Min(256, samples.Length / 4));
            keep = samples.Length - head;
        }

        var max = (int)(MaxSeconds * sampleRate);
        if (keep > max)
        {
            head += random.Next(0, keep - max);
            keep = max;
        }

        return samples.AsSpan(head, keep).ToArray();
    }

    public static (float[] Samples, CodecCondition Codec) Augment(float[] samples, int sampleRate, Random random)
    {
        ArgumentNullException.ThrowIfNull(samples);
        ArgumentNullException.ThrowIfNull(random);
        var codec = random.NextDouble() < 0.75 ? CodecCondition.TrainingSet[random.Next(CodecCondition.TrainingSet.Count)] : CodecCondition.Clean;
        var result = codec.Apply(samples, sampleRate);
        if (random.NextDouble() < 0.25)
        {
            result = result == samples ? (float[])samples.Clone() : result;
            AddNoise(result, 25 + (20 * random.NextDouble()), random);
        }

        return (result, codec);
    }

    public static void AddNoise(float[] samples, double snrDb, Random random)
    {
        ArgumentNullException.ThrowIfNull(samples);
        ArgumentNullException.ThrowIfNull(random);
        double power = 0;
        foreach (var v in samples)
        {
            power += v * v;
        }

        power /= Math.Max(1, samples.Length);
        var sigma = Math.Sqrt(power / Math.Pow(10, snrDb / 10));
        for (var i = 0; i < samples.Length; i++)
        {
            var u1 = 1 - random.NextDouble();
            var u2 = random.NextDouble();
            samples[i] = (float)Math.Clamp(samples[i] + (sigma * Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2)), -1, 1);
        }
    }
}
