using System.Numerics;
using FakeLens.Audio.Decoding;
using FakeLens.Audio.Dsp;

namespace FakeLens.Audio.Features;

// Constant-Q cepstral coefficients after Todisco, Delgado & Evans ("Constant Q cepstral coefficients: a spoofing
// countermeasure for automatic speaker verification", Computer Speech & Language 2017), with the parameters of
// the ASVspoof baseline cqcc.m: B = 96 bins per octave, fmax = Fs/2, fmin = fmax / 2⁹ (15.6 Hz at 16 kHz, nine
// octaves, 864 bins), bandwidth offset γ = 228.7 (2^{1/B} − 2^{−1/B}) Hz, log power ln(|X|² + eps), uniform
// resampling of the log spectrum with d = 16 samples in the first octave (a step of fmin/16 Hz, ~8100 points),
// orthonormal DCT-II, 30 coefficients (c0..c29, as the issue asks: 29 + c0), Δ and ΔΔ by the baseline's HTK-style
// Deltas (h = 3, divided by 2Σk²) = 90 dimensions.
// Deviations (docs/speech.md): the CQT is computed frame by frame every 10 ms (as LFCC, so the two can
// share frame times and the VAD) by octave-wise decimation and sparse spectral kernels (Brown & Puckette 1992;
// Schörkhuber & Klapuri 2010) with Hann windows of N_k = r / (f_k/Q + γ) samples, instead of the toolbox's
// non-stationary Gabor frames with full rasterisation; the uniform resampling is linear rather than spline
// interpolation, which makes resampling + DCT one precomputed 30 × 864 matrix.
public sealed class CqccExtractor
{
    public const string FeatureVersion = "cqcc-todisco2017-v1";

    public const int BinsPerOctave = 96;
    public const int Octaves = 9;
    public const int Coefficients = 30;
    public const int Dimensions = 3 * Coefficients;
    public const int UniformSamplesFirstOctave = 16;
    public const double HopSeconds = 0.010;

    private const double Eps = 2.220446049250313e-16;
    private const int DecimationTaps = 31;

    private readonly int _sampleRate;
    private readonly double _fmin;
    private readonly OctavePlan[] _octaves;
    private readonly float[] _cepstrumMatrix; // [Coefficients][Bins]
    private readonly double[] _decimationFilter;

    public CqccExtractor(int sampleRate = SpeechAudio.AnalysisRate)
    {
        if (sampleRate is < 8000 or > 48_000)
        {
            throw new ArgumentOutOfRangeException(nameof(sampleRate), "CQCC is defined here for 8 to 48 kHz (FakeLens uses 16 kHz)");
        }

        _sampleRate = sampleRate;
        var fmax = sampleRate / 2.0;
        _fmin = fmax / (1 << Octaves);
        var gamma = 228.7 * (Math.Pow(2, 1.0 / BinsPerOctave) - Math.Pow(2, -1.0 / BinsPerOctave));
        var q = 1 / (Math.Pow(2, 1.0 / BinsPerOctave) - 1);
        _octaves = new OctavePlan[Octaves];
        for (var j = 0; j < Octaves; j++)
        {
            // Octave 2 is transformed together with octave 1, so it uses (at least) the same FFT size.
            _octaves[j] = BuildOctave(j, sampleRate, _fmin, q, gamma, j == 2 ? _octaves[1].FftSize : 16);
        }

        if (_octaves[2].FftSize != _octaves[1].FftSize)
        {
            throw new ArgumentOutOfRangeException(nameof(sampleRate), "octaves 1 and 2 need one FFT size at this rate");
        }

        _cepstrumMatrix = BuildCepstrumMatrix(_fmin);
        _decimationFilter = BuildDecimationFilter();
    }

    public int SampleRate => _sampleRate;

    public static int Bins => BinsPerOctave * Octaves;

    /// <summary>Centre frequency of CQT bin <paramref name="k"/> (fmin · 2^{k/B}).</summary>
    public double BinFrequency(int k) => _fmin * Math.Pow(2, k / (double)BinsPerOctave);

    /// <summary>Frames every 10 ms, frame t centred at t × 10 ms.</summary>
    public int FrameCount(int samples) => samples <= 0 ? 0 : (int)(samples / (HopSeconds * _sampleRate)) + 1;

    /// <summary>CQCC + Δ + ΔΔ of <paramref name="samples"/> (at <see cref="SampleRate"/>): one float[90] per 10 ms frame.</summary>
    public float[][] Extract(ReadOnlySpan<float> samples, CancellationToken cancellationToken = default)
    {
        var count = FrameCount(samples.Length);
        var frames = new float[count][];
        var logPower = new double[Bins];
        var workspace = new Workspace(_octaves);
        var levels = Decimate(samples, cancellationToken);
        for (var t = 0; t < count; t++)
        {
            if ((t & 255) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            LogPowerFrame(levels, t, logPower, workspace);
            var row = new float[Dimensions];
            for (var c = 0; c < Coefficients; c++)
            {
                var weights = _cepstrumMatrix.AsSpan(c * Bins, Bins);
                double sum = 0;
                for (var k = 0; k < weights.Length; k++)
                {
                    sum += weights[k] * logPower[k];
                }

                row[c] = (float)sum;
            }

            frames[t] = row;
        }

        Deltas.Compute(frames, 0, Coefficients, Coefficients, 3, normalise: true);
        Deltas.Compute(frames, Coefficients, 2 * Coefficients, Coefficients, 3, normalise: true);
        return frames;
    }

    /// <summary>The constant-Q log power spectrum ln(|X|² + eps) of every frame (864 bins, lowest first); for tests and plots.</summary>
    public double[][] LogPowerSpectrogram(ReadOnlySpan<float> samples, CancellationToken cancellationToken = default)
    {
        var count = FrameCount(samples.Length);
        var result = new double[count][];
        var workspace = new Workspace(_octaves);
        var levels = Decimate(samples, cancellationToken);
        for (var t = 0; t < count; t++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            result[t] = new double[Bins];
            LogPowerFrame(levels, t, result[t], workspace);
        }

        return result;
    }

    private void LogPowerFrame(float[][] levels, int t, double[] logPower, Workspace w)
    {
        // Octaves 1 and 2 share an FFT size: one complex FFT carries both real frames.
        FillFrame(levels, 1, t, w.Re[1]);
        FillFrame(levels, 2, t, w.Im[1]);
        _octaves[1].Fft.Forward(w.Re[1], w.Im[1]);
        SplitAndApply(1, 2, w.Re[1], w.Im[1], logPower, w);
        ComputeOctave(levels, 0, t, logPower.AsSpan(_octaves[0].FirstBin, BinsPerOctave), w);
        var last = FrameCount(levels[0].Length) - 1;
        for (var j = 3; j < Octaves; j++)
        {
            var plan = _octaves[j];
            var s = plan.Stride;
            var a = t / s * s;
            var b = Math.Min(a + s, last);
            var cache = w.Cache[j];
            if (w.CachedA[j] != a)
            {
                if (w.CachedB[j] == a)
                {
                    (cache[0], cache[1]) = (cache[1], cache[0]);
                }
                else
                {
                    ComputeOctave(levels, j, a, cache[0], w);
                }

                w.CachedA[j] = a;
                w.CachedB[j] = -1;
            }

            var dest = logPower.AsSpan(plan.FirstBin, BinsPerOctave);
            if (b == a || t == a)
            {
                cache[0].CopyTo(dest);
                continue;
            }

            if (w.CachedB[j] != b)
            {
                ComputeOctave(levels, j, b, cache[1], w);
                w.CachedB[j] = b;
            }

            // The toolbox's full rasterisation also fills low, coarsely sampled channels in between; here linearly.
            var frac = (t - a) / (double)(b - a);
            for (var k = 0; k < BinsPerOctave; k++)
            {
                dest[k] = cache[0][k] + (frac * (cache[1][k] - cache[0][k]));
            }
        }
    }

    private void FillFrame(float[][] levels, int j, int t, double[] re)
    {
        var plan = _octaves[j];
        var x = levels[plan.Level];
        var m = plan.FftSize;
        var centre = (int)Math.Round(t * HopSeconds * plan.Rate);
        var start = centre - (m / 2);
        for (var i = 0; i < m; i++)
        {
            var n = start + i;
            re[i] = n >= 0 && n < x.Length ? x[n] : 0;
        }
    }

    private void ComputeOctave(float[][] levels, int j, int t, Span<double> dest, Workspace w)
    {
        var re = w.Re[j];
        var im = w.Im[j];
        FillFrame(levels, j, t, re);
        Array.Clear(im);
        _octaves[j].Fft.Forward(re, im);
        ApplyKernels(_octaves[j], re, im, dest);
    }

    // Separates the spectra of two real frames packed as real and imaginary parts, then applies both kernel sets.
    private void SplitAndApply(int first, int second, double[] zr, double[] zi, double[] logPower, Workspace w)
    {
        var m = zr.Length;
        var ar = w.SplitRe;
        var ai = w.SplitIm;
        var br = w.SpareRe;
        var bi = w.SpareIm;
        for (var k = 0; k <= m / 2; k++)
        {
            var j = (m - k) & (m - 1);
            ar[k] = 0.5 * (zr[k] + zr[j]);
            ai[k] = 0.5 * (zi[k] - zi[j]);
            br[k] = 0.5 * (zi[k] + zi[j]);
            bi[k] = -0.5 * (zr[k] - zr[j]);
        }

        ApplyKernels(_octaves[first], ar, ai, logPower.AsSpan(_octaves[first].FirstBin, BinsPerOctave));
        ApplyKernels(_octaves[second], br, bi, logPower.AsSpan(_octaves[second].FirstBin, BinsPerOctave));
    }

    private static void ApplyKernels(OctavePlan plan, double[] re, double[] im, Span<double> dest)
    {
        for (var b = 0; b < BinsPerOctave; b++)
        {
            var kernel = plan.Kernels[b];
            double sr = 0, si = 0;
            for (var e = 0; e < kernel.Index.Length; e++)
            {
                var idx = kernel.Index[e];
                var kv = kernel.Value[e]; // conj(K)/M
                sr += (re[idx] * kv.Real) - (im[idx] * kv.Imaginary);
                si += (re[idx] * kv.Imaginary) + (im[idx] * kv.Real);
            }

            dest[b] = Math.Log((sr * sr) + (si * si) + Eps);
        }
    }

    // levels[0] = input; levels[i] = levels[i−1] low-passed (cut-off at a quarter of its rate) and halved.
    private float[][] Decimate(ReadOnlySpan<float> samples, CancellationToken cancellationToken)
    {
        var depth = 0;
        foreach (var o in _octaves)
        {
            depth = Math.Max(depth, o.Level);
        }

        var levels = new float[depth + 1][];
        levels[0] = samples.ToArray();
        var half = DecimationTaps / 2;
        for (var l = 1; l <= depth; l++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var src = levels[l - 1];
            var dst = new float[(src.Length + 1) / 2];
            for (var i = 0; i < dst.Length; i++)
            {
                var c = 2 * i;
                double sum = 0;
                for (var k = -half; k <= half; k++)
                {
                    var n = c + k;
                    if (n >= 0 && n < src.Length)
                    {
                        sum += _decimationFilter[k + half] * src[n];
                    }
                }

                dst[i] = (float)sum;
            }

            levels[l] = dst;
        }

        return levels;
    }

    // Octave j (0 = highest) holds bins [(8 − j)·B, (9 − j)·B). It is analysed at rate Fs for j = 0 and Fs / 2^{j−1}
    // otherwise, so that its bins lie below a quarter of the analysis rate, far from the decimation filter's edge.
    private static OctavePlan BuildOctave(int j, int rate, double fmin, double q, double gamma, int minFft)
    {
        var level = Math.Max(0, j - 1);
        var r = rate / (double)(1 << level);
        var firstBin = (Octaves - 1 - j) * BinsPerOctave;
        var lengths = new int[BinsPerOctave];
        var longest = 0;
        for (var b = 0; b < BinsPerOctave; b++)
        {
            var f = fmin * Math.Pow(2, (firstBin + b) / (double)BinsPerOctave);
            lengths[b] = Math.Max(8, (int)Math.Round(r / ((f / q) + gamma)));
            longest = Math.Max(longest, lengths[b]);
        }

        var m = minFft;
        while (m < longest)
        {
            m <<= 1;
        }

        var fft = new Fft(m);
        var kernels = new SparseKernel[BinsPerOctave];
        var re = new double[m];
        var im = new double[m];
        for (var b = 0; b < BinsPerOctave; b++)
        {
            var f = fmin * Math.Pow(2, (firstBin + b) / (double)BinsPerOctave);
            var n = lengths[b];
            Array.Clear(re);
            Array.Clear(im);
            var offset = (m - n) / 2;
            for (var i = 0; i < n; i++)
            {
                var window = 0.5 - (0.5 * Math.Cos(2 * Math.PI * (i + 0.5) / n));
                var phase = 2 * Math.PI * f * (i - (n / 2.0)) / r;
                re[offset + i] = window / n * Math.Cos(phase);
                im[offset + i] = window / n * Math.Sin(phase);
            }

            fft.Forward(re, im);
            double peak = 0;
            for (var i = 0; i < m; i++)
            {
                peak = Math.Max(peak, Math.Sqrt((re[i] * re[i]) + (im[i] * im[i])));
            }

            var index = new List<int>();
            var value = new List<Complex>();
            for (var i = 0; i <= m / 2; i++)
            {
                if (Math.Sqrt((re[i] * re[i]) + (im[i] * im[i])) > 0.005 * peak)
                {
                    index.Add(i);
                    value.Add(new Complex(re[i], -im[i]) / m);
                }
            }

            kernels[b] = new SparseKernel([.. index], [.. value]);
        }

        // Low octaves have kernels far longer than the 10 ms hop: sample them every quarter of their shortest kernel.
        var shortest = int.MaxValue;
        foreach (var n in lengths)
        {
            shortest = Math.Min(shortest, n);
        }

        var stride = j < 3 ? 1 : Math.Max(1, (int)(shortest / r / (4 * HopSeconds)));
        return new OctavePlan(level, r, firstBin, m, fft, kernels, stride);
    }

    // DCT-II (orthonormal) of the log spectrum linearly resampled to a uniform grid fmin, fmin + fmin/d, …, as one matrix.
    private static float[] BuildCepstrumMatrix(double fmin)
    {
        var step = fmin / UniformSamplesFirstOctave;
        var top = fmin * Math.Pow(2, (Bins - 1) / (double)BinsPerOctave);
        var length = (int)Math.Floor((top - fmin) / step) + 1;
        var position = new double[length];
        for (var i = 0; i < length; i++)
        {
            position[i] = BinsPerOctave * Math.Log2((fmin + (i * step)) / fmin);
        }

        var matrix = new double[Coefficients * Bins];
        for (var c = 0; c < Coefficients; c++)
        {
            var w = c == 0 ? Math.Sqrt(1.0 / length) : Math.Sqrt(2.0 / length);
            for (var i = 0; i < length; i++)
            {
                var basis = w * Math.Cos(Math.PI * ((2 * i) + 1) * c / (2.0 * length));
                var k = Math.Min(Bins - 2, (int)position[i]);
                var frac = Math.Clamp(position[i] - k, 0, 1);
                matrix[(c * Bins) + k] += basis * (1 - frac);
                matrix[(c * Bins) + k + 1] += basis * frac;
            }
        }

        var result = new float[matrix.Length];
        for (var i = 0; i < matrix.Length; i++)
        {
            result[i] = (float)matrix[i];
        }

        return result;
    }

    // Blackman-windowed sinc, cut-off at 1/4 of the input rate (the new Nyquist's half), unity DC gain.
    private static double[] BuildDecimationFilter()
    {
        var h = new double[DecimationTaps];
        var half = DecimationTaps / 2;
        double sum = 0;
        for (var i = 0; i < DecimationTaps; i++)
        {
            var x = i - half;
            var sinc = x == 0 ? 0.5 : Math.Sin(Math.PI * 0.5 * x) / (Math.PI * x);
            var u = i / (double)(DecimationTaps - 1);
            var window = 0.42 - (0.5 * Math.Cos(2 * Math.PI * u)) + (0.08 * Math.Cos(4 * Math.PI * u));
            h[i] = sinc * window;
            sum += h[i];
        }

        for (var i = 0; i < DecimationTaps; i++)
        {
            h[i] /= sum;
        }

        return h;
    }

    private sealed record SparseKernel(int[] Index, Complex[] Value);

    private sealed record OctavePlan(int Level, double Rate, int FirstBin, int FftSize, Fft Fft, SparseKernel[] Kernels, int Stride);

    private sealed class Workspace
    {
        public Workspace(OctavePlan[] octaves)
        {
            Re = new double[octaves.Length][];
            Im = new double[octaves.Length][];
            Cache = new double[octaves.Length][][];
            CachedA = new int[octaves.Length];
            CachedB = new int[octaves.Length];
            for (var j = 0; j < octaves.Length; j++)
            {
                Re[j] = new double[octaves[j].FftSize];
                Im[j] = new double[octaves[j].FftSize];
                Cache[j] = [new double[BinsPerOctave], new double[BinsPerOctave]];
                CachedA[j] = -1;
                CachedB[j] = -1;
            }

            SpareRe = new double[octaves[1].FftSize];
            SpareIm = new double[octaves[1].FftSize];
            SplitRe = new double[octaves[1].FftSize];
            SplitIm = new double[octaves[1].FftSize];
        }

        public double[] SplitRe { get; }

        public double[] SplitIm { get; }

        public double[][][] Cache { get; }

        public int[] CachedA { get; }

        public int[] CachedB { get; }

        public double[] SpareRe { get; }

        public double[] SpareIm { get; }

        public double[][] Re { get; }

        public double[][] Im { get; }
    }
}
