using FakeLens.Audio.Dsp;
using FakeLens.Imaging.Features;

namespace FakeLens.Learning.Speech;

/// <summary>
/// The speech block <c>resnet-spec</c> (issue 14, thirteenth round): a pretrained representation instead of hand-made
/// cues. The 16 kHz mono signal becomes log-power spectrogram images — 224 frequency rows 0–8 kHz (512-point FFT of
/// 25 ms Hann frames, the 257 bins interpolated linearly onto 224 rows, 0 Hz at the bottom), hop 10 ms, 224 frames
/// (2.24 s) per crop, dB relative to the crop's maximum clipped to −80..0 dB and mapped to 0–255 on all three input
/// channels — and each image goes through ImageNet ResNet-18 (<see cref="ResNet18Features"/>, the network the image
/// detector uses). Up to <see cref="Crops"/> crops are spread evenly over the voiced span (frames within 40 dB of the
/// loudest 10 ms frame); a signal shorter than one crop is padded by reflection to one crop. The block is the
/// 512 pooled activations averaged over the crops. Deterministic; never NaN: digital silence gives the all-black
/// image (every value 0 before the network's mean subtraction), which the network maps to a fixed vector.
/// Not in any shipped model; measured in docs/speech.md ("Thirteenth round").
/// </summary>
public static class ResNetSpectrogramFeatures
{
    public const string BlockId = "resnet-spec";

    /// <summary>Bumped whenever the image or the crops change (part of the feature-cache key).</summary>
    public const int Version = 1;

    public const int SampleRate = 16_000;
    public const int Side = ResNet18Features.Side;
    public const int Hop = 160;
    public const int FrameLength = 400;
    public const int FftSize = 512;
    public const int Crops = 3;
    public const double FloorDb = -80;

    /// <summary>Samples one crop spans: 224 frames of 25 ms at a 10 ms hop.</summary>
    public const int CropSamples = ((Side - 1) * Hop) + FrameLength;

    public static int Count => ResNet18Features.Count;

    public static IReadOnlyList<string> Names { get; } = Enumerable.Range(0, ResNet18Features.Count).Select(i => FormattableString.Invariant($"{BlockId}.pool.{i:000}")).ToArray();

    /// <summary>The block for one clip at <see cref="SampleRate"/> (an empty clip counts as silence).</summary>
    public static float[] Compute(ReadOnlySpan<float> samples, CancellationToken cancellationToken = default)
    {
        var starts = CropStarts(samples);
        var sum = new double[Count];
        var pooled = new float[Count];
        var padded = samples.Length >= CropSamples ? null : ReflectPad(samples, CropSamples);
        foreach (var start in starts)
        {
            cancellationToken.ThrowIfCancellationRequested();
            ReadOnlySpan<float> crop = padded is null ? samples.Slice(start, CropSamples) : padded;
            ResNet18Features.Instance.ComputeGray(Image(crop), pooled, []);
            for (var i = 0; i < Count; i++)
            {
                sum[i] += pooled[i];
            }
        }

        var result = new float[Count];
        for (var i = 0; i < Count; i++)
        {
            result[i] = (float)(sum[i] / starts.Count);
        }

        return result;
    }

    /// <summary>
    /// Where the crops start: one at 0 for a signal shorter than a crop (it is reflection-padded); otherwise
    /// <see cref="Crops"/> starts spread evenly over the voiced span, widened to one crop when shorter and kept
    /// inside the signal (crops may overlap).
    /// </summary>
    public static IReadOnlyList<int> CropStarts(ReadOnlySpan<float> samples)
    {
        if (samples.Length <= CropSamples)
        {
            return [0];
        }

        var (first, last) = VoicedSpan(samples);
        var span = last - first;
        if (span < CropSamples)
        {
            var centre = first + (span / 2);
            first = Math.Clamp(centre - (CropSamples / 2), 0, samples.Length - CropSamples);
            last = first + CropSamples;
        }

        var lastStart = Math.Min(last - CropSamples, samples.Length - CropSamples);
        var starts = new int[Crops];
        for (var k = 0; k < Crops; k++)
        {
            starts[k] = first + (int)Math.Round((double)k * (lastStart - first) / (Crops - 1));
        }

        return starts;
    }

    /// <summary>First sample of the first and end of the last 10 ms frame within 40 dB of the loudest frame (the whole signal when silent).</summary>
    internal static (int First, int End) VoicedSpan(ReadOnlySpan<float> samples)
    {
        var frames = samples.Length / Hop;
        var energy = new double[frames];
        var max = 0.0;
        for (var t = 0; t < frames; t++)
        {
            double e = 0;
            foreach (var v in samples.Slice(t * Hop, Hop))
            {
                e += (double)v * v;
            }

            energy[t] = e;
            max = Math.Max(max, e);
        }

        if (max <= 0)
        {
            return (0, samples.Length);
        }

        var gate = max * 1e-4;
        var a = Array.FindIndex(energy, e => e >= gate);
        var b = Array.FindLastIndex(energy, e => e >= gate);
        return (a * Hop, Math.Min(samples.Length, (b + 1) * Hop));
    }

    /// <summary>The 224 × 224 image (row-major, row 0 = 8 kHz, row 223 = 0 Hz) of one crop of <see cref="CropSamples"/> samples, values 0–255.</summary>
    public static float[] Image(ReadOnlySpan<float> crop)
    {
        if (crop.Length < CropSamples)
        {
            throw new ArgumentException($"a crop needs {CropSamples} samples", nameof(crop));
        }

        var fft = new Fft(FftSize);
        var window = Windows.Hann(FrameLength);
        var re = new double[FftSize];
        var im = new double[FftSize];
        var bins = (FftSize / 2) + 1;
        var power = new double[Side * bins];
        var max = 0.0;
        for (var t = 0; t < Side; t++)
        {
            Array.Clear(re);
            Array.Clear(im);
            var start = t * Hop;
            for (var i = 0; i < FrameLength; i++)
            {
                re[i] = crop[start + i] * window[i];
            }

            fft.Forward(re, im);
            for (var k = 0; k < bins; k++)
            {
                var p = (re[k] * re[k]) + (im[k] * im[k]);
                power[(t * bins) + k] = p;
                max = Math.Max(max, p);
            }
        }

        var image = new float[Side * Side];
        if (max <= 0)
        {
            return image;
        }

        var floor = max * Math.Pow(10, FloorDb / 10);
        for (var row = 0; row < Side; row++)
        {
            // Row 223 is bin 0 (0 Hz), row 0 is bin 256 (8 kHz); linear interpolation between the two nearest bins.
            var position = (double)(Side - 1 - row) * (bins - 1) / (Side - 1);
            var k0 = Math.Min((int)position, bins - 2);
            var w = position - k0;
            for (var t = 0; t < Side; t++)
            {
                var p = ((1 - w) * power[(t * bins) + k0]) + (w * power[(t * bins) + k0 + 1]);
                var db = 10 * Math.Log10(Math.Max(p, floor) / max);
                image[(row * Side) + t] = (float)((db - FloorDb) / -FloorDb * 255);
            }
        }

        return image;
    }

    private static float[] ReflectPad(ReadOnlySpan<float> samples, int length)
    {
        var padded = new float[length];
        if (samples.Length == 0)
        {
            return padded;
        }

        if (samples.Length == 1)
        {
            Array.Fill(padded, samples[0]);
            return padded;
        }

        var period = 2 * (samples.Length - 1);
        for (var i = 0; i < length; i++)
        {
            var m = i % period;
            padded[i] = samples[m < samples.Length ? m : period - m];
        }

        return padded;
    }
}
