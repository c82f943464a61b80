using FakeLens.Audio.Decoding;
using FakeLens.Audio.Dsp;
using FakeLens.Audio.Features;

namespace FakeLens.Audio.Cues;

/// <summary>
/// Everything the speech model and cues need, measured once per file on the 10 ms / 20 ms frame grid of
/// <see cref="LfccExtractor"/> at 16 kHz: LFCC+Δ+ΔΔ, frame energy, spectral flatness, the 4–8 kHz band level,
/// a group-delay (phase) irregularity, F0 and amplitude, voice activity and repeated frames. Train, eval and scan
/// all aggregate these same arrays (<see cref="SpeechCues"/>, <see cref="UtteranceFeatures"/>), so a model cannot
/// drift from the features it was trained on.
/// </summary>
public sealed class SpeechFrames
{
    public const int FftSize = 512;
    public const double HopSeconds = 0.010;

    /// <summary>Repeated-frame search: the last second of speech, at least 3 frames back (overlapping frames always look alike).</summary>
    public const int RepeatSearchFrames = 100;
    public const double RepeatDistance = 0.05;

    /// <summary>Bands of <see cref="BandDb"/>: 0–1, 1–2, …, 7–8 kHz.</summary>
    public const int Bands = 8;

    private SpeechFrames(int count)
    {
        Count = count;
        EnergyDb = new float[count];
        Flatness = new float[count];
        HighBandDb = new float[count];
        GroupDelayIrregularity = new float[count];
        HighFlatness = new float[count];
        BandDb = new float[count * Bands];
        Repeated = new bool[count];
        Lfcc = [];
        Speech = [];
        F0 = [];
        Amplitude = [];
    }

    public int Count { get; }

    /// <summary>LFCC + Δ + ΔΔ (60 values) per frame.</summary>
    public float[][] Lfcc { get; private set; }

    /// <summary>Frame energy in dBFS (mean square of the 20 ms frame; −120 for digital silence).</summary>
    public float[] EnergyDb { get; }

    /// <summary>Spectral flatness 100 Hz–4 kHz (0 = tonal, ≈ 0.56 = white noise).</summary>
    public float[] Flatness { get; }

    /// <summary>Energy 4–8 kHz relative to 0.1–4 kHz, in dB.</summary>
    public float[] HighBandDb { get; }

    /// <summary>Median absolute neighbour-bin difference of the group delay (samples), 100 Hz–4 kHz, strong bins only.</summary>
    public float[] GroupDelayIrregularity { get; }

    /// <summary>Spectral flatness 4–8 kHz (noise-like vs. harmonic high band).</summary>
    public float[] HighFlatness { get; }

    /// <summary>Power in the 1 kHz bands 0–8 kHz, in dB, frame-major (<c>BandDb[t * Bands + b]</c>).</summary>
    public float[] BandDb { get; }

    public bool[] Speech { get; private set; }

    public float[] F0 { get; private set; }

    public float[] Amplitude { get; private set; }

    /// <summary>Speech frames whose spectrum (LFCC c1..c19) nearly equals one of the previous second: looped or concatenated audio.</summary>
    public bool[] Repeated { get; }

    public int SpeechFrameCount => Speech.Count(s => s);

    public double SpeechSeconds => SpeechFrameCount * HopSeconds;

    /// <summary>The voice-activity detector that set <see cref="Speech"/> (Silero falls back to energy when its model is not installed).</summary>
    public VoiceActivityKind Vad { get; private set; }

    /// <summary>Analyses mono samples at <see cref="SpeechAudio.AnalysisRate"/>.</summary>
    public static SpeechFrames Analyze(ReadOnlySpan<float> samples, CancellationToken cancellationToken = default) =>
        Analyze(samples, VoiceActivityKind.Energy, cancellationToken);

    /// <summary>Analyses mono samples at <see cref="SpeechAudio.AnalysisRate"/> with the given voice-activity detector.</summary>
    public static SpeechFrames Analyze(ReadOnlySpan<float> samples, VoiceActivityKind vad, CancellationToken cancellationToken = default)
    {
        var lfcc = new LfccExtractor(SpeechAudio.AnalysisRate);
        var frames = lfcc.Extract(samples, cancellationToken);
        var result = new SpeechFrames(frames.Length) { Lfcc = frames };
        var frameLength = 320;
        var hop = 160;
        var window = Windows.Hann(frameLength);
        var fft = new Fft(FftSize);
        var re = new double[FftSize];
        var im = new double[FftSize];
        var rre = new double[FftSize];
        var rim = new double[FftSize];
        var power = new double[(FftSize / 2) + 1];
        var gd = new double[(FftSize / 2) + 1];
        var diffs = new List<double>(FftSize / 2);
        var binHz = SpeechAudio.AnalysisRate / (double)FftSize;
        var lo = (int)Math.Ceiling(100 / binHz);
        var mid = (int)Math.Round(4000 / binHz);
        var top = FftSize / 2;
        var bandBins = top / Bands;
        for (var t = 0; t < frames.Length; t++)
        {
            if ((t & 511) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            // x·w in re, n·x·w in rre (for the group delay), one complex FFT each.
            Array.Clear(im);
            Array.Clear(rim);
            double energy = 0;
            var start = t * hop;
            for (var i = 0; i < FftSize; i++)
            {
                double v = 0;
                if (i < frameLength && start + i < samples.Length)
                {
                    v = samples[start + i];
                    energy += v * v;
                    v *= window[i];
                }

                re[i] = i < frameLength ? v : 0;
                rre[i] = i < frameLength ? i * v : 0;
            }

            fft.Forward(re, im);
            fft.Forward(rre, rim);
            result.EnergyDb[t] = (float)Math.Max(-120, 10 * Math.Log10((energy / frameLength) + 1e-14));
            double maxPower = 0;
            for (var k = 0; k <= top; k++)
            {
                power[k] = (re[k] * re[k]) + (im[k] * im[k]);
                maxPower = Math.Max(maxPower, power[k]);
                gd[k] = power[k] > 0 ? ((re[k] * rre[k]) + (im[k] * rim[k])) / power[k] : 0;
            }

            double logSum = 0, sum = 0, low = 0, high = 0;
            for (var k = lo; k < mid; k++)
            {
                logSum += Math.Log(power[k] + 1e-20);
                sum += power[k];
            }

            low = sum;
            double highLog = 0;
            for (var k = mid; k <= top; k++)
            {
                high += power[k];
                highLog += Math.Log(power[k] + 1e-20);
            }

            var highMean = high / (top - mid + 1);
            result.HighFlatness[t] = highMean > 1e-18 ? (float)Math.Clamp(Math.Exp(highLog / (top - mid + 1)) / highMean, 0, 1) : 1f;
            for (var b = 0; b < Bands; b++)
            {
                double band = 0;
                for (var k = b * bandBins; k < (b + 1) * bandBins; k++)
                {
                    band += power[k];
                }

                result.BandDb[(t * Bands) + b] = (float)Math.Max(-200, 10 * Math.Log10(band + 1e-20));
            }

            var count = mid - lo;
            var arithmetic = sum / count;
            result.Flatness[t] = arithmetic > 1e-18 ? (float)Math.Clamp(Math.Exp(logSum / count) / arithmetic, 0, 1) : 1f;
            result.HighBandDb[t] = (float)Math.Clamp(10 * Math.Log10((high + 1e-18) / (low + 1e-18)), -80, 40);

            diffs.Clear();
            var strong = maxPower * 1e-4;
            for (var k = lo + 1; k < mid; k++)
            {
                if (power[k] > strong && power[k - 1] > strong)
                {
                    diffs.Add(Math.Abs(gd[k] - gd[k - 1]));
                }
            }

            result.GroupDelayIrregularity[t] = diffs.Count == 0 ? 0 : (float)Median(diffs);
        }

        var silero = vad == VoiceActivityKind.Silero ? SileroVoiceActivity.Default : null;
        result.Speech = silero is not null ? silero.Detect(samples, frames.Length, cancellationToken) : VoiceActivity.Detect(result.EnergyDb, result.Flatness);
        result.Vad = silero is not null ? VoiceActivityKind.Silero : VoiceActivityKind.Energy;
        (result.F0, result.Amplitude) = PitchTracker.Track(samples, frames.Length, result.Speech, cancellationToken);
        MarkRepeats(result);
        return result;
    }

    private static void MarkRepeats(SpeechFrames r)
    {
        for (var t = 0; t < r.Count; t++)
        {
            if (!r.Speech[t])
            {
                continue;
            }

            var a = r.Lfcc[t];
            for (var u = Math.Max(0, t - RepeatSearchFrames); u <= t - 3; u++)
            {
                if (!r.Speech[u])
                {
                    continue;
                }

                var b = r.Lfcc[u];
                double d = 0;
                for (var c = 1; c < LfccExtractor.Coefficients; c++)
                {
                    var e = a[c] - b[c];
                    d += e * e;
                }

                if (Math.Sqrt(d) < RepeatDistance && Math.Abs(a[0] - b[0]) < 0.2)
                {
                    r.Repeated[t] = true;
                    break;
                }
            }
        }
    }

    private static double Median(List<double> values)
    {
        values.Sort();
        var n = values.Count;
        return n % 2 == 1 ? values[n / 2] : 0.5 * (values[(n / 2) - 1] + values[n / 2]);
    }
}
