namespace FakeLens.Watermark.StableDiffusion;

/// <summary>
/// 4×4 block algebra for dwtDctSvd: the orthonormal DCT-II (OpenCV <c>dct</c>/<c>idct</c>) and the largest singular
/// value with its singular vectors by one-sided Jacobi (Hestenes 1958; Demmel and Veselić 1992 for its high
/// relative accuracy), which is small and exact enough for a 4×4 matrix. Blocks are row-major spans of 16.
/// </summary>
internal static class Block4
{
    private const int MaxSweeps = 30;

    /// <summary>C[k, n] = α_k cos(π(2n+1)k/8), α₀ = ½, α_k = 1/√2.</summary>
    private static readonly double[] C = BuildDct();

    /// <summary>D = C·B·Cᵀ.</summary>
    public static void Dct(ReadOnlySpan<double> b, Span<double> d)
    {
        Span<double> t = stackalloc double[16];
        // t = B·Cᵀ (rows first), then d = C·t (columns).
        for (var r = 0; r < 4; r++)
        {
            for (var k = 0; k < 4; k++)
            {
                t[(r * 4) + k] = (b[r * 4] * C[k * 4]) + (b[(r * 4) + 1] * C[(k * 4) + 1]) + (b[(r * 4) + 2] * C[(k * 4) + 2]) + (b[(r * 4) + 3] * C[(k * 4) + 3]);
            }
        }

        for (var k = 0; k < 4; k++)
        {
            for (var c = 0; c < 4; c++)
            {
                d[(k * 4) + c] = (C[k * 4] * t[c]) + (C[(k * 4) + 1] * t[4 + c]) + (C[(k * 4) + 2] * t[8 + c]) + (C[(k * 4) + 3] * t[12 + c]);
            }
        }
    }

    /// <summary>B = Cᵀ·D·C.</summary>
    public static void Idct(ReadOnlySpan<double> d, Span<double> b)
    {
        Span<double> t = stackalloc double[16];
        for (var r = 0; r < 4; r++)
        {
            for (var n = 0; n < 4; n++)
            {
                t[(r * 4) + n] = (d[r * 4] * C[n]) + (d[(r * 4) + 1] * C[4 + n]) + (d[(r * 4) + 2] * C[8 + n]) + (d[(r * 4) + 3] * C[12 + n]);
            }
        }

        for (var m = 0; m < 4; m++)
        {
            for (var c = 0; c < 4; c++)
            {
                b[(m * 4) + c] = (C[m] * t[c]) + (C[4 + m] * t[4 + c]) + (C[8 + m] * t[8 + c]) + (C[12 + m] * t[12 + c]);
            }
        }
    }

    /// <summary>
    /// Largest singular value of the 4×4 matrix <paramref name="a"/>, and (when the spans are not empty) its left and
    /// right singular vectors u₀, v₀ (a·v₀ = σ₀·u₀).
    /// </summary>
    public static double LargestSingular(ReadOnlySpan<double> a, Span<double> u0, Span<double> v0)
    {
        // One-sided Jacobi: rotate column pairs of W = A·V until all columns are orthogonal; σ_k = ‖W_k‖.
        Span<double> w = stackalloc double[16];
        Span<double> v = stackalloc double[16];
        a.CopyTo(w);
        v.Clear();
        v[0] = v[5] = v[10] = v[15] = 1;
        for (var sweep = 0; sweep < MaxSweeps; sweep++)
        {
            var rotated = false;
            for (var p = 0; p < 3; p++)
            {
                for (var q = p + 1; q < 4; q++)
                {
                    double alpha = 0, beta = 0, gamma = 0;
                    for (var r = 0; r < 4; r++)
                    {
                        var wp = w[(r * 4) + p];
                        var wq = w[(r * 4) + q];
                        alpha += wp * wp;
                        beta += wq * wq;
                        gamma += wp * wq;
                    }

                    if (gamma == 0 || Math.Abs(gamma) <= 1e-15 * Math.Sqrt(alpha * beta))
                    {
                        continue;
                    }

                    rotated = true;
                    var zeta = (beta - alpha) / (2 * gamma);
                    var t = Math.Sign(zeta == 0 ? 1 : zeta) / (Math.Abs(zeta) + Math.Sqrt(1 + (zeta * zeta)));
                    var c = 1 / Math.Sqrt(1 + (t * t));
                    var s = c * t;
                    for (var r = 0; r < 4; r++)
                    {
                        var wp = w[(r * 4) + p];
                        var wq = w[(r * 4) + q];
                        w[(r * 4) + p] = (c * wp) - (s * wq);
                        w[(r * 4) + q] = (s * wp) + (c * wq);
                        var vp = v[(r * 4) + p];
                        var vq = v[(r * 4) + q];
                        v[(r * 4) + p] = (c * vp) - (s * vq);
                        v[(r * 4) + q] = (s * vp) + (c * vq);
                    }
                }
            }

            if (!rotated)
            {
                break;
            }
        }

        var best = 0;
        var bestNorm = -1.0;
        for (var k = 0; k < 4; k++)
        {
            var n = Math.Sqrt((w[k] * w[k]) + (w[4 + k] * w[4 + k]) + (w[8 + k] * w[8 + k]) + (w[12 + k] * w[12 + k]));
            if (n > bestNorm)
            {
                bestNorm = n;
                best = k;
            }
        }

        if (!u0.IsEmpty)
        {
            for (var r = 0; r < 4; r++)
            {
                u0[r] = bestNorm > 0 ? w[(r * 4) + best] / bestNorm : (r == 0 ? 1 : 0);
                v0[r] = v[(r * 4) + best];
            }
        }

        return bestNorm;
    }

    private static double[] BuildDct()
    {
        var c = new double[16];
        for (var k = 0; k < 4; k++)
        {
            var alpha = k == 0 ? 0.5 : Math.Sqrt(0.5);
            for (var n = 0; n < 4; n++)
            {
                c[(k * 4) + n] = alpha * Math.Cos(Math.PI * ((2 * n) + 1) * k / 8);
            }
        }

        return c;
    }
}
