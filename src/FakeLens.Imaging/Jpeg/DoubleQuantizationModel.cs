namespace FakeLens.Imaging.Jpeg;

/// <summary>
/// Probability models of quantised DCT coefficients. Unquantised AC magnitudes are taken as Laplacian
/// (exponential in |x|) with scale b. Single quantisation with step q2: j = round(|x| / q2). Double
/// quantisation (first q1, then q2): m = round(|x| / q1), j = round(m·q1/q2 + e), with e the rounding noise
/// of decoding to 8-bit pixels and re-encoding (Gaussian, <see cref="NoiseSigma"/> coefficient units).
/// Both are conditioned on j ≥ 1, which removes the zero bin where the Laplacian fits worst.
/// After Bianchi, De Rosa and Piva, "Improved DCT coefficient analysis for forgery localization in JPEG
/// images", ICASSP 2011, simplified to a parametric envelope.
/// </summary>
internal static class DoubleQuantizationModel
{
    /// <summary>Largest |coefficient| bin modelled; larger values are ignored (they carry little periodicity).</summary>
    public const int MaxBin = 40;

    /// <summary>Std. dev. of re-encoding noise in DCT units: pixel rounding (≈0.29), colour conversion, clipping.</summary>
    public const double NoiseSigma = 0.6;

    /// <summary>Share of the single-quantisation model mixed into the double one, for clipped or noisy blocks.</summary>
    public const double Mix = 0.03;

    private const int ScaleSteps = 40;

    public static QuantizationFit Fit(int index, int q2, ReadOnlySpan<int> histogram)
    {
        var nonZero = 0;
        for (var j = 1; j <= MaxBin; j++)
        {
            nonZero += histogram[j];
        }

        var single = new double[MaxBin + 1];
        var dq = new double[MaxBin + 1];
        var bestSingle = double.NegativeInfinity;
        var singleScale = 1.0;
        for (var s = 0; s < ScaleSteps; s++)
        {
            var b = ScaleAt(s);
            Single(q2, b, single);
            var ll = LogLikelihood(single, histogram);
            if (ll > bestSingle)
            {
                bestSingle = ll;
                singleScale = b;
            }
        }

        var bestGain = 0.0;
        var bestQ1 = q2;
        var bestScale = singleScale;
        var maxQ1 = Math.Min(255, (3 * q2) + 24);
        for (var q1 = 1; q1 <= maxQ1; q1++)
        {
            if (q1 == q2)
            {
                continue;
            }

            for (var s = 0; s < ScaleSteps; s++)
            {
                var b = ScaleAt(s);
                Double(q1, q2, b, dq);
                var gain = LogLikelihood(dq, histogram) - bestSingle;
                if (gain > bestGain)
                {
                    bestGain = gain;
                    bestQ1 = q1;
                    bestScale = b;
                }
            }
        }

        return new QuantizationFit(index, q2, bestQ1, bestScale, singleScale, bestGain, nonZero);
    }

    /// <summary>Laplacian scale grid: 0.3 .. ~300 DCT units, log-spaced.</summary>
    public static double ScaleAt(int s) => 0.3 * Math.Pow(1000, s / (double)(ScaleSteps - 1));

    /// <summary>Conditional probabilities P(|k| = j | j ≥ 1) for j = 1..MaxBin under single quantisation.</summary>
    public static void Single(int q2, double b, Span<double> p)
    {
        p.Clear();
        var total = 0.0;
        for (var j = 1; j <= MaxBin; j++)
        {
            p[j] = Math.Exp(-((j - 0.5) * q2) / b) - Math.Exp(-((j + 0.5) * q2) / b);
            total += p[j];
        }

        Normalise(p, total);
    }

    /// <summary>Conditional probabilities under double quantisation (q1 then q2), mixed with <see cref="Mix"/> of single.</summary>
    public static void Double(int q1, int q2, double b, Span<double> p)
    {
        p.Clear();
        var sigma = NoiseSigma / q2;
        var maxM = (int)Math.Ceiling(((MaxBin + 2) * q2 / (double)q1) + 1);
        for (var m = 0; m <= maxM; m++)
        {
            var lo = m == 0 ? 0 : (m - 0.5) * q1;
            var mass = Math.Exp(-lo / b) - Math.Exp(-((m + 0.5) * q1) / b);
            if (mass <= 1e-300)
            {
                break;
            }

            var c = m * q1 / (double)q2;
            var j0 = Math.Max(1, (int)Math.Floor(c - (4 * sigma) - 0.5));
            var j1 = Math.Min(MaxBin, (int)Math.Ceiling(c + (4 * sigma) + 0.5));
            for (var j = j0; j <= j1; j++)
            {
                p[j] += mass * (Phi((j + 0.5 - c) / sigma) - Phi((j - 0.5 - c) / sigma));
            }
        }

        var total = 0.0;
        for (var j = 1; j <= MaxBin; j++)
        {
            total += p[j];
        }

        Normalise(p, total);
        Span<double> single = stackalloc double[MaxBin + 1];
        Single(q2, b, single);
        for (var j = 1; j <= MaxBin; j++)
        {
            p[j] = ((1 - Mix) * p[j]) + (Mix * single[j]);
        }
    }

    private static void Normalise(Span<double> p, double total)
    {
        var floor = 1e-12;
        for (var j = 1; j <= MaxBin; j++)
        {
            p[j] = total > 0 ? Math.Max(floor, p[j] / total) : 1.0 / MaxBin;
        }
    }

    private static double LogLikelihood(ReadOnlySpan<double> p, ReadOnlySpan<int> h)
    {
        var ll = 0.0;
        for (var j = 1; j <= MaxBin; j++)
        {
            if (h[j] > 0)
            {
                ll += h[j] * Math.Log(p[j]);
            }
        }

        return ll;
    }

    /// <summary>Standard normal CDF (Abramowitz–Stegun 7.1.26 erf, |error| &lt; 1.5e-7).</summary>
    private static double Phi(double z)
    {
        var x = Math.Abs(z) / Math.Sqrt(2);
        var t = 1 / (1 + (0.3275911 * x));
        var poly = t * (0.254829592 + (t * (-0.284496736 + (t * (1.421413741 + (t * (-1.453152027 + (t * 1.061405429))))))));
        var erf = 1 - (poly * Math.Exp(-x * x));
        return z >= 0 ? 0.5 * (1 + erf) : 0.5 * (1 - erf);
    }
}
