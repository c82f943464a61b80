using FakeLens.Audio.Dsp;

namespace FakeLens.Audio.Augmentation;

/// <summary>
/// Synthetic room reverberation for the <c>reverb:&lt;RT60 ms&gt;</c> condition: a room impulse response made of the
/// direct path, a few early reflections (3–40 ms) and a late tail of Gaussian noise whose energy falls 60 dB in RT60
/// (envelope 10^(−3t/RT60), Polack's statistical model), with reverberant energy equal to the direct path's (0 dB
/// direct-to-reverberant ratio, a talker a metre or two from the microphone); the clip is convolved with it (FFT), cut
/// back to its own length and brought back to its own RMS level. The RNG is seeded by the clip's length and the RT60, so
/// the same clip gets the same room in every run and both classes alike get rooms drawn the same way.
/// </summary>
public static class RoomReverb
{
    /// <summary>Early reflections per response.</summary>
    private const int Reflections = 6;

    /// <summary>
    /// The impulse response: 1.5 × RT60 long (the tail ends 90 dB down), direct path 1 at sample 0, six early
    /// reflections of random sign at 3–40 ms (together about a quarter of the tail's energy, whatever the RT60), the late
    /// tail from 2.5 ms on; the reverberant part scaled to the direct path's energy.
    /// </summary>
    public static double[] ImpulseResponse(double rt60Seconds, int sampleRate, int seed)
    {
        if (!(rt60Seconds > 0) || sampleRate <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(rt60Seconds), "RT60 and the sample rate must be positive");
        }

        var random = new Random(seed);
        var length = Math.Max(2, (int)Math.Round(1.5 * rt60Seconds * sampleRate));
        var h = new double[length];
        // Amplitude envelope: energy 10^(-6t/RT60), i.e. -60 dB at t = RT60.
        double Envelope(int n) => Math.Pow(10, -3.0 * n / (sampleRate * rt60Seconds));
        var tailStart = Math.Min(length - 1, Math.Max(1, (int)(0.0025 * sampleRate)));
        for (var n = tailStart; n < length; n++)
        {
            h[n] = Gaussian(random) * Envelope(n);
        }

        for (var k = 0; k < Reflections; k++)
        {
            var n = Math.Min(length - 1, Math.Max(1, (int)((0.003 + (0.037 * random.NextDouble())) * sampleRate)));
            h[n] += (random.NextDouble() < 0.5 ? -1 : 1) * (0.3 + (0.5 * random.NextDouble())) * Envelope(n) * Math.Sqrt(0.01 * sampleRate * rt60Seconds);
        }

        double reverberant = 0;
        for (var n = 1; n < length; n++)
        {
            reverberant += h[n] * h[n];
        }

        var gain = reverberant > 0 ? 1 / Math.Sqrt(reverberant) : 0;
        for (var n = 1; n < length; n++)
        {
            h[n] *= gain;
        }

        h[0] = 1;
        return h;
    }

    /// <summary>
    /// <paramref name="samples"/> convolved with <see cref="ImpulseResponse"/> (seeded by the clip's length and the RT60),
    /// the first <c>samples.Length</c> samples kept, scaled to the input's RMS and clamped to ±1.
    /// </summary>
    public static float[] Apply(float[] samples, int sampleRate, int rt60Milliseconds)
    {
        ArgumentNullException.ThrowIfNull(samples);
        if (samples.Length == 0)
        {
            return [];
        }

        var h = ImpulseResponse(rt60Milliseconds / 1000.0, sampleRate, unchecked((samples.Length * 7919) + rt60Milliseconds));
        var y = Convolve(samples, h, samples.Length);
        double inEnergy = 0, outEnergy = 0;
        for (var i = 0; i < samples.Length; i++)
        {
            inEnergy += samples[i] * (double)samples[i];
            outEnergy += y[i] * y[i];
        }

        var scale = outEnergy > 0 ? Math.Sqrt(inEnergy / outEnergy) : 0;
        var result = new float[samples.Length];
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = (float)Math.Clamp(y[i] * scale, -1, 1);
        }

        return result;
    }

    /// <summary>The first <paramref name="keep"/> samples of x * h, by one zero-padded FFT.</summary>
    public static double[] Convolve(float[] x, double[] h, int keep)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(h);
        var size = 1;
        while (size < x.Length + h.Length - 1)
        {
            size <<= 1;
        }

        size = Math.Max(2, size);
        var fft = new Fft(size);
        var ar = new double[size];
        var ai = new double[size];
        var br = new double[size];
        var bi = new double[size];
        for (var i = 0; i < x.Length; i++)
        {
            ar[i] = x[i];
        }

        h.AsSpan().CopyTo(br);
        fft.Forward(ar, ai);
        fft.Forward(br, bi);
        for (var k = 0; k < size; k++)
        {
            var re = (ar[k] * br[k]) - (ai[k] * bi[k]);
            var im = (ar[k] * bi[k]) + (ai[k] * br[k]);
            ar[k] = re;
            ai[k] = im;
        }

        fft.Inverse(ar, ai);
        return ar.AsSpan(0, Math.Min(keep, size)).ToArray();
    }

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
