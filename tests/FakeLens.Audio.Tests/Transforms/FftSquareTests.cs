using FakeLens.Audio.Dsp;

namespace FakeLens.Audio.Tests.Transforms;

/// <summary>
/// Issue 19, round 13: the vectorised square 2-D transform must give the bits of the row-then-column scalar one it
/// replaced (the image watermark's sync z-scores and p-values are computed from them).
/// </summary>
public sealed class FftSquareTests
{
    [Theory]
    [InlineData(4, false)]
    [InlineData(4, true)]
    [InlineData(8, false)]
    [InlineData(64, false)]
    [InlineData(64, true)]
    [InlineData(512, false)]
    [InlineData(512, true)]
    public void The_square_transform_equals_the_row_then_column_transform_bit_for_bit(int n, bool inverse)
    {
        var rng = new Random(n * 7 + (inverse ? 1 : 0));
        foreach (var kind in new[] { "real", "complex", "sparse" })
        {
            var re = new double[n * n];
            var im = new double[n * n];
            for (var i = 0; i < re.Length; i++)
            {
                re[i] = kind == "sparse" && rng.Next(8) != 0 ? 0 : (rng.NextDouble() - 0.5) * Math.Pow(10, rng.Next(-3, 4));
                im[i] = kind == "complex" ? rng.NextDouble() - 0.5 : 0;
            }

            var (re1, im1) = ((double[])re.Clone(), (double[])im.Clone());
            var (re2, im2) = ((double[])re.Clone(), (double[])im.Clone());
            Fft.Transform2DRowsThenColumns(re1, im1, n, n, inverse);
            Fft.Transform2D(re2, im2, n, n, inverse);
            for (var i = 0; i < re.Length; i++)
            {
                Assert.True(BitConverter.DoubleToInt64Bits(re1[i]) == BitConverter.DoubleToInt64Bits(re2[i]), $"{kind} re[{i}]: {re1[i]:R} vs {re2[i]:R}");
                Assert.True(BitConverter.DoubleToInt64Bits(im1[i]) == BitConverter.DoubleToInt64Bits(im2[i]), $"{kind} im[{i}]: {im1[i]:R} vs {im2[i]:R}");
            }
        }
    }

    [Fact]
    public void The_square_transform_is_a_fourier_transform()
    {
        // Guards against both paths being wrong the same way: a single 2-D cosine becomes two bins of n² / 2 each.
        const int n = 16;
        var re = new double[n * n];
        var im = new double[n * n];
        for (var y = 0; y < n; y++)
        {
            for (var x = 0; x < n; x++)
            {
                re[(y * n) + x] = Math.Cos(2 * Math.PI * ((3.0 * x) + (5.0 * y)) / n);
            }
        }

        Fft.Transform2D(re, im, n, n, false);
        for (var i = 0; i < re.Length; i++)
        {
            var expected = i == (5 * n) + 3 || i == ((n - 5) * n) + (n - 3) ? n * n / 2.0 : 0;
            Assert.Equal(expected, re[i], 1e-9);
            Assert.Equal(0, im[i], 1e-9);
        }

        Fft.Transform2D(re, im, n, n, true);
        Assert.Equal(Math.Cos(2 * Math.PI * 8.0 / n), re[n + 1], 1e-12);
    }

    [Fact]
    public void A_non_square_array_still_takes_the_row_then_column_path()
    {
        var rng = new Random(3);
        var re = Enumerable.Range(0, 8 * 16).Select(_ => rng.NextDouble()).ToArray();
        var im = new double[re.Length];
        var (re1, im1) = ((double[])re.Clone(), (double[])im.Clone());
        Fft.Transform2DRowsThenColumns(re1, im1, 16, 8, false);
        Fft.Transform2D(re, im, 16, 8, false);
        Assert.Equal(re1, re);
        Assert.Equal(im1, im);
    }
}
