namespace FakeLens.Learning.Calibration;

/// <summary>
/// Platt scaling: P(fake | s) = 1 / (1 + exp(A·s + B)), fitted by Newton's method on held-out scores with
/// Platt's smoothed targets ((N₊+1)/(N₊+2), 1/(N₋+2)) so a perfectly separated fold cannot drive the
/// probabilities to exactly 0 or 1 (Platt 1999; Lin, Lin &amp; Weng 2007 for the stable Newton iteration).
/// </summary>
public sealed class PlattCalibrator : IProbabilityCalibrator
{
    public PlattCalibrator(double a, double b)
    {
        A = a;
        B = b;
    }

    public string Kind => "platt";

    public double A { get; }

    public double B { get; }

    public static PlattCalibrator Fit(IReadOnlyList<double> scores, IReadOnlyList<bool> labels)
    {
        ArgumentNullException.ThrowIfNull(scores);
        ArgumentNullException.ThrowIfNull(labels);
        if (scores.Count != labels.Count || scores.Count == 0)
        {
            throw new ArgumentException("Platt scaling needs as many labels as scores, and at least one.", nameof(labels));
        }

        int pos = labels.Count(l => l);
        int neg = labels.Count - pos;
        double hi = (pos + 1.0) / (pos + 2.0), lo = 1.0 / (neg + 2.0);
        int n = scores.Count;
        var t = new double[n];
        for (int i = 0; i < n; i++)
        {
            t[i] = labels[i] ? hi : lo;
        }

        double a = 0, b = Math.Log((neg + 1.0) / (pos + 1.0));
        const double minStep = 1e-10, sigma = 1e-12;
        double fval = Objective(scores, t, a, b);
        for (int iter = 0; iter < 100; iter++)
        {
            double h11 = sigma, h22 = sigma, h21 = 0, g1 = 0, g2 = 0;
            for (int i = 0; i < n; i++)
            {
                double fApB = (scores[i] * a) + b;
                double p, q;
                if (fApB >= 0)
                {
                    p = Math.Exp(-fApB) / (1.0 + Math.Exp(-fApB));
                    q = 1.0 / (1.0 + Math.Exp(-fApB));
                }
                else
                {
                    p = 1.0 / (1.0 + Math.Exp(fApB));
                    q = Math.Exp(fApB) / (1.0 + Math.Exp(fApB));
                }

                double d2 = p * q;
                h11 += scores[i] * scores[i] * d2;
                h22 += d2;
                h21 += scores[i] * d2;
                double d1 = t[i] - p;
                g1 += scores[i] * d1;
                g2 += d1;
            }

            if (Math.Abs(g1) < 1e-5 && Math.Abs(g2) < 1e-5)
            {
                break;
            }

            double det = (h11 * h22) - (h21 * h21);
            double dA = -((h22 * g1) - (h21 * g2)) / det;
            double dB = -((-h21 * g1) + (h11 * g2)) / det;
            double gd = (g1 * dA) + (g2 * dB);
            double step = 1;
            while (step >= minStep)
            {
                double na = a + (step * dA), nb = b + (step * dB);
                double nf = Objective(scores, t, na, nb);
                if (nf < fval + (0.0001 * step * gd))
                {
                    a = na;
                    b = nb;
                    fval = nf;
                    break;
                }

                step /= 2;
            }

            if (step < minStep)
            {
                break;
            }
        }

        return new PlattCalibrator(a, b);
    }

    public double Calibrate(double score)
    {
        double z = (A * score) + B;
        return z >= 0 ? Math.Exp(-z) / (1 + Math.Exp(-z)) : 1 / (1 + Math.Exp(z));
    }

    private static double Objective(IReadOnlyList<double> s, double[] t, double a, double b)
    {
        double f = 0;
        for (int i = 0; i < t.Length; i++)
        {
            double fApB = (s[i] * a) + b;
            f += fApB >= 0 ? (t[i] * fApB) + Math.Log(1 + Math.Exp(-fApB)) : ((t[i] - 1) * fApB) + Math.Log(1 + Math.Exp(fApB));
        }

        return f;
    }
}
