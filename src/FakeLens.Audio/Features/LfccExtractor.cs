using FakeLens.Audio.Decoding;
using FakeLens.Audio.Dsp;

namespace FakeLens.Audio.Features;

// Linear-frequency cepstral coefficients exactly as the ASVspoof 2019 LA LFCC-GMM baseline's extract_lfcc.m
// (Sahidullah, Kinnunen & Hanilçi, "A comparison of features for synthetic speech detection", Interspeech 2015;
// called as extract_lfcc(x, 16000, 20, 512, 20) by the baseline):
//   pre-emphasis y(n) = x(n) − 0.97 x(n−1); frames of 20 ms (320 samples at 16 kHz) every 10 ms, MATLAB
//   buffer(…, 'nodelay') framing (first frame at sample 0, last frame zero-padded); symmetric Hamming window;
//   |FFT₅₁₂|² for bins 0..256; 20 triangular filters (trimf) with edges equally spaced from 0 to Fs/2;
//   log10(energy + eps); orthonormal DCT-II keeping all 20 coefficients (c0 included);
//   Δ and ΔΔ by deltas.m with w = 3 (x(t+1) − x(t−1), edges repeated, no normalisation).
// Output: one float[60] per frame = [20 static, 20 Δ, 20 ΔΔ]. The baseline runs at the corpus rate (16 kHz);
// FakeLens always resamples to SpeechAudio.AnalysisRate first so every clip is measured at the same rate.
public sealed class LfccExtractor
{
    /// <summary>Changes whenever the numbers this class produces change; models record it and refuse a mismatch.</summary>
    public const string FeatureVersion = "lfcc-asvspoof2019-v1";

    public const int Coefficients = 20;
    public const int Dimensions = 3 * Coefficients;
    public const int FftSize = 512;
    public const double WindowMilliseconds = 20;
    public const double PreEmphasis = 0.97;

    private const double Eps = 2.220446049250313e-16; // MATLAB eps

    private readonly int _sampleRate;
    private readonly int _frameLength;
    private readonly int _hop;
    private readonly double[] _window;
    private readonly double[][] _filters; // [filter][bin], triangular weights
    private readonly int[] _filterFirst;
    private readonly int[] _filterLast;

    public LfccExtractor(int sampleRate = SpeechAudio.AnalysisRate)
    {
        if (sampleRate is < 8000 or > 48_000)
        {
            throw new ArgumentOutOfRangeException(nameof(sampleRate), "LFCC is defined here for 8 to 48 kHz (FakeLens uses 16 kHz)");
        }

        _sampleRate = sampleRate;
        _frameLength = (int)Math.Round(sampleRate / 1000.0 * WindowMilliseconds);
        _hop = _frameLength / 2;
        if (_frameLength > FftSize)
        {
            throw new ArgumentOutOfRangeException(nameof(sampleRate), "a 20 ms frame does not fit the 512-point FFT at this rate");
        }

        _window = Windows.Hamming(_frameLength);
        (_filters, _filterFirst, _filterLast) = LinearFilterbank(sampleRate, FftSize, Coefficients);
    }

    public int SampleRate => _sampleRate;

    /// <summary>Frame step in seconds (10 ms).</summary>
    public double HopSeconds => _hop / (double)_sampleRate;

    /// <summary>Frame length in seconds (20 ms).</summary>
    public double FrameSeconds => _frameLength / (double)_sampleRate;

    /// <summary>Number of frames MATLAB's buffer(x, n, n/2, 'nodelay') makes of <paramref name="samples"/> samples.</summary>
    public int FrameCount(int samples) => samples < _frameLength
        ? (samples > 0 ? 1 : 0)
        : (int)Math.Ceiling((samples - (_frameLength - _hop)) / (double)_hop);

    /// <summary>Start time (s) of frame <paramref name="index"/>.</summary>
    public double FrameStart(int index) => index * HopSeconds;

    /// <summary>LFCC + Δ + ΔΔ of <paramref name="samples"/> (at <see cref="SampleRate"/>): one float[60] per 10 ms frame.</summary>
    public float[][] Extract(ReadOnlySpan<float> samples, CancellationToken cancellationToken = default)
    {
        var count = FrameCount(samples.Length);
        var frames = new float[count][];
        var spectrum = new PowerSpectrum(FftSize);
        var dct = new Dct(Coefficients, Coefficients);
        var bins = spectrum.Bins;
        var frameA = new double[_frameLength];
        var frameB = new double[_frameLength];
        var powerA = new double[bins];
        var powerB = new double[bins];
        var logEnergy = new double[Coefficients];
        for (var t = 0; t < count; t += 2)
        {
            if ((t & 1023) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            Fill(samples, t, frameA);
            var second = t + 1 < count;
            if (second)
            {
                Fill(samples, t + 1, frameB);
            }
            else
            {
                Array.Clear(frameB);
            }

            spectrum.Compute(frameA, frameB, powerA, powerB);
            frames[t] = Cepstrum(powerA, logEnergy, dct);
            if (second)
            {
                frames[t + 1] = Cepstrum(powerB, logEnergy, dct);
            }
        }

        Deltas.Compute(frames, 0, Coefficients, Coefficients);
        Deltas.Compute(frames, Coefficients, 2 * Coefficients, Coefficients);
        return frames;
    }

    /// <summary>Filterbank energies (before log) of one power spectrum; exposed for tests.</summary>
    internal void FilterEnergies(ReadOnlySpan<double> power, Span<double> energies)
    {
        for (var f = 0; f < Coefficients; f++)
        {
            double sum = 0;
            var weights = _filters[f];
            for (var k = _filterFirst[f]; k <= _filterLast[f]; k++)
            {
                sum += power[k] * weights[k];
            }

            energies[f] = sum;
        }
    }

    /// <summary>Centre frequency (Hz) of filter <paramref name="index"/>.</summary>
    internal double FilterCentre(int index) => (index + 1) * (_sampleRate / 2.0) / (Coefficients + 1);

    private float[] Cepstrum(double[] power, double[] logEnergy, Dct dct)
    {
        FilterEnergies(power, logEnergy);
        for (var f = 0; f < Coefficients; f++)
        {
            logEnergy[f] = Math.Log10(logEnergy[f] + Eps);
        }

        var row = new float[Dimensions];
        dct.Transform(logEnergy, row);
        return row;
    }

    // Pre-emphasised, windowed frame t; the pre-emphasis is applied on the fly (x(−1) = 0, as filter() does).
    private void Fill(ReadOnlySpan<float> x, int t, double[] frame)
    {
        var start = t * _hop;
        for (var i = 0; i < _frameLength; i++)
        {
            var n = start + i;
            double v = 0;
            if (n < x.Length)
            {
                v = x[n] - (n > 0 ? PreEmphasis * x[n - 1] : 0);
            }

            frame[i] = v * _window[i];
        }
    }

    // trimf(f, [a b c]) for equally spaced edges 0..Fs/2 over bins f = (Fs/2)·linspace(0, 1, N/2+1).
    private static (double[][] Filters, int[] First, int[] Last) LinearFilterbank(int rate, int fftSize, int count)
    {
        var bins = (fftSize / 2) + 1;
        var nyquist = rate / 2.0;
        var filters = new double[count][];
        var first = new int[count];
        var last = new int[count];
        for (var i = 0; i < count; i++)
        {
            var a = i * nyquist / (count + 1);
            var b = (i + 1) * nyquist / (count + 1);
            var c = (i + 2) * nyquist / (count + 1);
            var w = new double[bins];
            first[i] = bins;
            last[i] = -1;
            for (var k = 0; k < bins; k++)
            {
                var f = nyquist * k / (bins - 1);
                var v = f <= a || f >= c ? 0 : f <= b ? (f - a) / (b - a) : (c - f) / (c - b);
                w[k] = v;
                if (v > 0)
                {
                    first[i] = Math.Min(first[i], k);
                    last[i] = k;
                }
            }

            filters[i] = w;
        }

        return (filters, first, last);
    }
}
