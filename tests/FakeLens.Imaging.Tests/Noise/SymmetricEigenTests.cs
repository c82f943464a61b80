using FakeLens.Imaging.Noise;

namespace FakeLens.Imaging.Tests.Noise;

public sealed class SymmetricEigenTests
{
    [Fact]
    public void Smallest_eigenvalue_of_a_rotated_diagonal_matrix_is_recovered()
    {
        // A = R diag(5, 3, 0.5) Rᵀ with R a rotation about the axis (1, 1, 1).
        var c = Math.Cos(0.7);
        var s = Math.Sin(0.7);
        var k = 1 / Math.Sqrt(3);
        double[,] r =
        {
            { c + (k * k * (1 - c)), (k * k * (1 - c)) - (k * s), (k * k * (1 - c)) + (k * s) },
            { (k * k * (1 - c)) + (k * s), c + (k * k * (1 - c)), (k * k * (1 - c)) - (k * s) },
            { (k * k * (1 - c)) - (k * s), (k * k * (1 - c)) + (k * s), c + (k * k * (1 - c)) },
        };
        double[] d = [5, 3, 0.5];
        var a = new double[9];
        for (var i = 0; i < 3; i++)
        {
            for (var j = 0; j < 3; j++)
            {
                for (var m = 0; m < 3; m++)
                {
                    a[(i * 3) + j] += r[i, m] * d[m] * r[j, m];
                }
            }
        }

        Assert.Equal(0.5, SymmetricEigen.Smallest(a, 3), 9);
    }

    [Theory]
    [InlineData(9, 1)]
    [InlineData(9, 2)]
    [InlineData(16, 3)]
    [InlineData(5, 4)]
    public void Smallest_eigenvalue_is_bit_identical_to_the_scalar_rotations(int n, int seed)
    {
        // Issue 19 runs the row half of each rotation four columns at a time; every entry must get the same operations.
        var random = new Random(seed);
        for (var trial = 0; trial < 50; trial++)
        {
            var b = new double[n * n];
            for (var i = 0; i < b.Length; i++)
            {
                b[i] = (random.NextDouble() * 200) - 100;
            }

            var a = new double[n * n];
            for (var i = 0; i < n; i++)
            {
                for (var j = 0; j < n; j++)
                {
                    for (var m = 0; m < n; m++)
                    {
                        a[(i * n) + j] += b[(i * n) + m] * b[(j * n) + m];
                    }
                }
            }

            var reference = (double[])a.Clone();
            Assert.Equal(ScalarSmallest(reference, n), SymmetricEigen.Smallest(a, n));
            Assert.Equal(reference, a);
        }
    }

    /// <summary>SymmetricEigen.Smallest as it was before issue 19's round 6 (scalar rotations), verbatim.</summary>
    private static double ScalarSmallest(double[] a, int n)
    {
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
