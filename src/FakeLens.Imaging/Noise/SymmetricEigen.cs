namespace FakeLens.Imaging.Noise;

/// <summary>Eigenvalues of small symmetric matrices by the cyclic Jacobi method (Golub &amp; Van Loan, §8.5): robust and exact enough for 16 × 16 covariances.</summary>
internal static class SymmetricEigen
{
    /// <summary>The smallest eigenvalue of the symmetric <paramref name="n"/> × <paramref name="n"/> matrix <paramref name="a"/> (row-major; overwritten).</summary>
    public static double Smallest(Span<double> a, int n)
    {
        if (a.Length < n * n)
        {
            throw new ArgumentException($"expected {n * n} values", nameof(a));
        }

        for (var sweep = 0; sweep < 30; sweep++)
        {
            double off = 0, diag = 0;
            for (var p = 0; p < n; p++)
            {
                diag += a[(p * n) + p] * a[(p * n) + p];
                for (var q = p + 1; q < n; q++)
                {
                    off += a[(p * n) + q] * a[(p * n) + q];
                }
            }

            if (off <= 1e-22 * Math.Max(diag, 1e-300))
            {
                break;
            }

            for (var p = 0; p < n - 1; p++)
            {
                for (var q = p + 1; q < n; q++)
                {
                    var apq = a[(p * n) + q];
                    if (Math.Abs(apq) < 1e-300)
                    {
                        continue;
                    }

                    var app = a[(p * n) + p];
                    var aqq = a[(q * n) + q];
                    var theta = (aqq - app) / (2 * apq);
                    var t = Math.Sign(theta) / (Math.Abs(theta) + Math.Sqrt((theta * theta) + 1));
                    if (theta == 0)
                    {
                        t = 1;
                    }

                    var c = 1 / Math.Sqrt((t * t) + 1);
                    var s = t * c;
                    for (var k = 0; k < n; k++)
                    {
                        var akp = a[(k * n) + p];
                        var akq = a[(k * n) + q];
                        a[(k * n) + p] = (c * akp) - (s * akq);
                        a[(k * n) + q] = (s * akp) + (c * akq);
                    }

                    for (var k = 0; k < n; k++)
                    {
                        var apk = a[(p * n) + k];
                        var aqk = a[(q * n) + k];
                        a[(p * n) + k] = (c * apk) - (s * aqk);
                        a[(q * n) + k] = (s * apk) + (c * aqk);
                    }
                }
            }
        }

        var min = double.MaxValue;
        for (var p = 0; p < n; p++)
        {
            min = Math.Min(min, a[(p * n) + p]);
        }

        return min;
    }
}
