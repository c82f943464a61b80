using FakeLens.Imaging.Decoding;
using FakeLens.TestSupport;

namespace FakeLens.Imaging.Tests.Decoding;

public sealed class RgbImageTests
{
    [Fact]
    public void Luma_is_computed_once_and_shared_by_detectors_running_in_parallel()
    {
        var image = Scenes.Natural(640, 480, seed: 2);
        using var start = new Barrier(4);
        var planes = new float[4][];
        Parallel.For(0, 4, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i =>
        {
            start.SignalAndWait(TimeSpan.FromSeconds(30));
            planes[i] = image.Luma();
        });

        Assert.All(planes, p => Assert.Same(planes[0], p));
        var p = image.Pixels;
        Assert.Equal((0.299f * p[300]) + (0.587f * p[301]) + (0.114f * p[302]), planes[0][100]);
    }

    [Fact]
    public void After_ReleaseLuma_the_next_reader_gets_the_same_values_in_a_new_plane_and_a_held_plane_stays_intact()
    {
        // Issue 19: the learned detector lets the image drop its luma plane under its own peak; readers after it must
        // see exactly the plane they would have shared.
        var image = Scenes.Natural(333, 217, seed: 7);
        var held = image.Luma();
        var copy = held.ToArray();
        image.ReleaseLuma();
        var again = image.Luma();
        Assert.NotSame(held, again);
        Assert.Same(again, image.Luma());
        Assert.True(copy.AsSpan().SequenceEqual(again), "recomputed plane equals the released one");
        Assert.True(copy.AsSpan().SequenceEqual(held), "the released array was not touched");
    }
    [Theory]
    [InlineData(1, 1)]
    [InlineData(5, 3)]
    [InlineData(333, 217)]
    [InlineData(640, 480)]
    public void Vectorised_luma_equals_the_scalar_formula_bit_for_bit(int width, int height)
    {
        // Issue 19, round 10: four pixels at a time through SSSE3 shuffles; every byte value in every channel, and the
        // last pixels (whose 16-byte load would pass the end) through the scalar loop.
        var pixels = new byte[width * height * 3];
        new Random(width + height).NextBytes(pixels);
        for (var i = 0; i < Math.Min(pixels.Length, 3 * 256); i++)
        {
            pixels[i] = (byte)(i / 3);
        }

        var image = new RgbImage(width, height, pixels);
        var expected = new float[width * height];
        RgbImage.ComputeLumaScalar(pixels, expected);
        var actual = image.Luma();
        var differing = Enumerable.Range(0, expected.Length).Count(i => BitConverter.SingleToInt32Bits(expected[i]) != BitConverter.SingleToInt32Bits(actual[i]));
        Assert.True(differing == 0, $"{differing} of {expected.Length} values differ");
        Assert.Equal((0.299f * pixels[^3]) + (0.587f * pixels[^2]) + (0.114f * pixels[^1]), actual[^1]);
    }
}
