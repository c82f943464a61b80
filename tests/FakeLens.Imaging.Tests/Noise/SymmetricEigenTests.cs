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
}
