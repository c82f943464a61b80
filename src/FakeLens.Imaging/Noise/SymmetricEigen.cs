using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

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
                    ref var a0 = ref MemoryMarshal.GetReference(a);
                    for (var k = 0; k < n; k++)
                    {
                        ref var kp = ref Unsafe.Add(ref a0, (k * n) + p);
                        ref var kq = ref Unsafe.Add(ref a0, (k * n) + q);
                        var akp = kp;
                        var akq = kq;
                        kp = (c * akp) - (s * akq);
                        kq = (s * akp) + (c * akq);
                    }

                    // Rows p and q: the same operations lane by lane (issue 19), four columns at a time.
                    ref var rowP = ref Unsafe.Add(ref a0, p * n);
                    ref var rowQ = ref Unsafe.Add(ref a0, q * n);
                    var k4 = 0;
                    if (Vector256.IsHardwareAccelerated)
                    {
                        var vc = Vector256.Create(c);
                        var vs = Vector256.Create(s);
                        for (; k4 + 4 <= n; k4 += 4)
                        {
                            var apk = Vector256.LoadUnsafe(ref rowP, (nuint)k4);
                            var aqk = Vector256.LoadUnsafe(ref rowQ, (nuint)k4);
                            ((vc * apk) - (vs * aqk)).StoreUnsafe(ref rowP, (nuint)k4);
                            ((vs * apk) + (vc * aqk)).StoreUnsafe(ref rowQ, (nuint)k4);
                        }
                    }

                    for (var k = k4; k < n; k++)
                    {
                        var apk = Unsafe.Add(ref rowP, k);
                        var aqk = Unsafe.Add(ref rowQ, k);
                        Unsafe.Add(ref rowP, k) = (c * apk) - (s * aqk);
                        Unsafe.Add(ref rowQ, k) = (s * apk) + (c * aqk);
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
