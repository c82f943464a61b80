using FakeLens.Audio.Dsp;

namespace FakeLens.Audio.Vocoding;

// A mel-spectrogram vocoder by Griffin–Lim phase reconstruction (Griffin & Lim, "Signal estimation from modified
// short-time Fourier transform", IEEE TASSP 1984), used to make fakes in real voices: Wang & Yamagishi ("Spoofed
// training data for speech spoofing countermeasure can be efficiently created using neural vocoders", ICASSP 2023)
// show that vocoded copies of bona fide speech are effective spoof training data, because they differ from their
// source only in what a vocoder does, not in voice or words. Steps at 16 kHz: STFT (512-point Hann, hop 128), power
// → 80 triangular mel bands (0–8 kHz, Slaney-style spacing via the HTK mel formula), mel → linear magnitude by the
// normalised transpose of the filterbank (a smooth pseudo-inverse, which loses harmonic detail as neural vocoders'
// inputs do), then 32 Griffin–Lim iterations from random phase (seeded), overlap-add with the squared-window
// normalisation. The output has the input's length and RMS.
public static class GriffinLimVocoder
{
    public const int FftSize = 512;
    public const int Hop = 128;
    public const int MelBands = 80;
    public const int DefaultIterations = 32;

    public static float[] Resynthesize(ReadOnlySpan<float> samples, int sampleRate, int seed, int iterations = DefaultIterations, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(sampleRate, 8000);
        var n = samples.Length;
        if (n < FftSize)
        {
            return samples.ToArray();
        }

        var window = Windows.Hann(FftSize);
        var frames = ((n - FftSize) / Hop) + 2;
        var bins = (FftSize / 2) + 1;
        var fft = new Fft(FftSize);
        var re = new double[FftSize];
        var im = new double[FftSize];
        var magnitude = new double[frames][];
        var mel = MelFilterbank(sampleRate, bins);
        var melEnergy = new double[MelBands];
        var scale = BinScale(mel, bins);
        for (var t = 0; t < frames; t++)
        {
            Frame(samples, t, window, re, im);
            fft.Forward(re, im);
            for (var b = 0; b < MelBands; b++)
            {
                double s = 0;
                var w = mel[b];
                for (var k = 0; k < bins; k++)
                {
                    s += w[k] * ((re[k] * re[k]) + (im[k] * im[k]));
                }

                melEnergy[b] = s;
            }

            var m = new double[bins];
            for (var k = 0; k < bins; k++)
            {
                double s = 0, wsum = 0;
                for (var b = 0; b < MelBands; b++)
                {
                    s += mel[b][k] * melEnergy[b];
                    wsum += mel[b][k];
                }

                // Mel band energy is a weighted sum of bin powers: divide by the band's total weight to get power per bin.
                m[k] = wsum > 0 ? Math.Sqrt(Math.Max(0, s / wsum / scale[k])) : 0;
            }

            magnitude[t] = m;
        }

        var random = new Random(seed);
        var phaseRe = new double[frames][];
        var phaseIm = new double[frames][];
        for (var t = 0; t < frames; t++)
        {
            phaseRe[t] = new double[bins];
            phaseIm[t] = new double[bins];
            for (var k = 0; k < bins; k++)
            {
                var a = random.NextDouble() * 2 * Math.PI;
                phaseRe[t][k] = Math.Cos(a);
                phaseIm[t][k] = Math.Sin(a);
            }
        }

        var signal = new double[n];
        var norm = new double[n];
        for (var t = 0; t < frames; t++)
        {
            for (var i = 0; i < FftSize; i++)
            {
                var j = (t * Hop) + i;
                if (j < n)
                {
                    norm[j] += window[i] * window[i];
                }
            }
        }

        for (var it = 0; it <= iterations; it++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            Array.Clear(signal);
            for (var t = 0; t < frames; t++)
            {
                for (var k = 0; k < bins; k++)
                {
                    re[k] = magnitude[t][k] * phaseRe[t][k];
                    im[k] = magnitude[t][k] * phaseIm[t][k];
                }

                for (var k = 1; k < FftSize / 2; k++)
                {
                    re[FftSize - k] = re[k];
                    im[FftSize - k] = -im[k];
                }

                im[0] = 0;
                im[FftSize / 2] = 0;
                fft.Inverse(re, im);
                for (var i = 0; i < FftSize; i++)
                {
                    var j = (t * Hop) + i;
                    if (j < n)
                    {
                        signal[j] += re[i] * window[i];
                    }
                }
            }

            for (var j = 0; j < n; j++)
            {
                signal[j] /= Math.Max(norm[j], 0.1); // the first and last samples lie under few window tails: do not blow them up
            }

            if (it == iterations)
            {
                break;
            }

            for (var t = 0; t < frames; t++)
            {
                Frame(signal, t, window, re, im);
                fft.Forward(re, im);
                for (var k = 0; k < bins; k++)
                {
                    var mag = Math.Sqrt((re[k] * re[k]) + (im[k] * im[k]));
                    if (mag > 1e-12)
                    {
                        phaseRe[t][k] = re[k] / mag;
                        phaseIm[t][k] = im[k] / mag;
                    }
                }
            }
        }

        double inEnergy = 0, outEnergy = 0;
        for (var j = 0; j < n; j++)
        {
            inEnergy += samples[j] * (double)samples[j];
            outEnergy += signal[j] * signal[j];
        }

        var gain = outEnergy > 0 ? Math.Sqrt(inEnergy / outEnergy) : 0;
        var output = new float[n];
        for (var j = 0; j < n; j++)
        {
            output[j] = (float)Math.Clamp(signal[j] * gain, -1, 1);
        }

        return output;
    }

    /// <summary>Triangular mel filters (HTK mel scale, 0 Hz to Nyquist) over the bins of a <see cref="FftSize"/>-point FFT.</summary>
    internal static double[][] MelFilterbank(int sampleRate, int bins)
    {
        static double ToMel(double f) => 2595 * Math.Log10(1 + (f / 700));
        static double ToHz(double m) => 700 * (Math.Pow(10, m / 2595) - 1);
        var top = ToMel(sampleRate / 2.0);
        var edges = new double[MelBands + 2];
        for (var i = 0; i < edges.Length; i++)
        {
            edges[i] = ToHz(top * i / (MelBands + 1));
        }

        var filters = new double[MelBands][];
        for (var b = 0; b < MelBands; b++)
        {
            var w = new double[bins];
            for (var k = 0; k < bins; k++)
            {
                var f = k * sampleRate / (double)FftSize;
                var (lo, c, hi) = (edges[b], edges[b + 1], edges[b + 2]);
                w[k] = f <= lo || f >= hi ? 0 : f <= c ? (f - lo) / (c - lo) : (hi - f) / (hi - c);
            }

            filters[b] = w;
        }

        return filters;
    }

    // Average total weight of the bands covering each bin, so that a flat spectrum maps back to itself.
    private static double[] BinScale(double[][] mel, int bins)
    {
        var totals = mel.Select(w => w.Sum()).ToArray();
        var scale = new double[bins];
        for (var k = 0; k < bins; k++)
        {
            double s = 0, wsum = 0;
            for (var b = 0; b < mel.Length; b++)
            {
                s += mel[b][k] * totals[b];
                wsum += mel[b][k];
            }

            scale[k] = wsum > 0 ? s / wsum : 1;
        }

        return scale;
    }

    private static void Frame(ReadOnlySpan<float> x, int t, double[] window, double[] re, double[] im)
    {
        var start = t * Hop;
        for (var i = 0; i < FftSize; i++)
        {
            var j = start + i;
            re[i] = j < x.Length ? x[j] * window[i] : 0;
            im[i] = 0;
        }
    }

    private static void Frame(double[] x, int t, double[] window, double[] re, double[] im)
    {
        var start = t * Hop;
        for (var i = 0; i < FftSize; i++)
        {
            var j = start + i;
            re[i] = j < x.Length ? x[j] * window[i] : 0;
            im[i] = 0;
        }
    }
}
