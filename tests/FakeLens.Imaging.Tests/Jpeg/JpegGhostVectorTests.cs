using FakeLens.Imaging.Decoding;
using FakeLens.Imaging.Jpeg;

namespace FakeLens.Imaging.Tests.Jpeg;

/// <summary>
/// Issue 19, round 12: jpeg.ghosts rounds the luma to grey and sums each cell's squared re-save differences 8 cells at a
/// time with AVX2. Both must give exactly the scalar loops' values (the scalar loops are the fallback, kept in the same
/// methods behind <c>vectors: false</c>).
/// </summary>
public sealed class JpegGhostVectorTests
{
    [Fact]
    public void Grey_rounding_equals_the_scalar_round_half_to_even_byte_for_byte()
    {
        var rng = new Random(7);
        var values = new float[4099];
        for (var i = 0; i < values.Length; i++)
        {
            // Ties (k + 0.5, where half to even and half up differ), values just off them, out-of-range ones, plain ones.
            values[i] = (i % 4) switch
            {
                0 => rng.Next(-3, 259) + 0.5f,
                1 => BitConverter.Int32BitsToSingle(BitConverter.SingleToInt32Bits(rng.Next(0, 255) + 0.5f) + rng.Next(-2, 3)),
                2 => (float)((rng.NextDouble() * 400) - 70),
                _ => (float)(rng.NextDouble() * 255),
            };
        }

        var expected = new byte[values.Length];
        var actual = new byte[values.Length];
        JpegGhostDetector.RoundToGrey(values, expected, vectors: false);
        JpegGhostDetector.RoundToGrey(values, actual);
        Assert.Equal(expected, actual);

        // Half to even, not half up, at the ties (e.g. 2.5 → 2, 3.5 → 4) — the vector path must not round them up.
        var ties = new float[] { 0.5f, 1.5f, 2.5f, 3.5f, 4.5f, 5.5f, 6.5f, 7.5f, 8.5f, 9.5f, 10.5f, 11.5f, 12.5f, 13.5f, 254.5f, 255.5f };
        var rounded = new byte[ties.Length];
        JpegGhostDetector.RoundToGrey(ties, rounded);
        Assert.Equal([0, 2, 2, 4, 4, 6, 6, 8, 8, 10, 10, 12, 12, 14, 254, 255], rounded);
    }

    [Theory]
    [InlineData(8)]
    [InlineData(13)]
    [InlineData(250)]
    public void Cell_sums_equal_the_scalar_pixel_by_pixel_additions_bit_for_bit(int cells)
    {
        var rng = new Random(cells);
        var width = cells * JpegGhostDetector.Cell;
        var sums = new float[cells];
        var expected = new float[cells];
        var squares = new float[width];
        for (var row = 0; row < 40; row++)
        {
            var luma = new float[width];
            var back = new byte[width];
            for (var x = 0; x < width; x++)
            {
                // Luma as the decoder gives it (fractional, a little beyond 0–255 in places) and a re-save near it.
                luma[x] = (float)((rng.NextDouble() * 262) - 3);
                back[x] = (byte)Math.Clamp((int)luma[x] + rng.Next(-9, 10), 0, 255);
            }

            JpegGhostDetector.AddCellSquares(luma, back, expected, squares, vectors: false);
            JpegGhostDetector.AddCellSquares(luma, back, sums, squares);
        }

        Assert.Contains(expected, v => v > 0);
        Assert.Equal(expected, sums);
    }

    [Fact]
    public void Resave_differences_with_and_without_vectors_are_the_same_floats()
    {
        var photo = JpegTestImages.Decode(ImageEncoder.Jpeg(JpegTestImages.Kodak(13), 92));
        var qualities = JpegGhostDetector.Qualities(92);
        var expected = JpegGhostDetector.ResaveDifferences(photo, qualities, CancellationToken.None, vectors: false);
        var actual = JpegGhostDetector.ResaveDifferences(photo, qualities, CancellationToken.None);
        Assert.Equal(expected.Length, actual.Length);
        for (var k = 0; k < expected.Length; k++)
        {
            Assert.Equal(expected[k], actual[k]);
        }
    }
}
