using FakeLens.Imaging.Noise;

namespace FakeLens.Imaging.Tests.Noise;

/// <summary>
/// Issue 19 replaced the quickselect behind every block median (noise.pca, noise.residual, noise.wavelet, ELA, ghosts) with
/// a branch-free one; a median must stay the same value, and the span must stay partitioned around k (Median reads the
/// lower middle from the left part).
/// </summary>
public sealed class BlockMapsSelectTests
{
    [Theory]
    [InlineData(25, 1)]
    [InlineData(256, 2)]
    [InlineData(1024, 3)]
    [InlineData(1023, 4)]
    [InlineData(4096, 5)]
    public void Branch_free_selection_returns_the_quickselect_value_and_partitions(int n, int seed)
    {
        var random = new Random(seed);
        foreach (var kind in new[] { "uniform", "ties", "sorted", "reversed", "constant", "zeros" })
        {
            var values = new float[n];
            for (var i = 0; i < n; i++)
            {
                values[i] = kind switch
                {
                    "uniform" => (float)random.NextDouble() * 100,
                    "ties" => random.Next(5),
                    "sorted" => i * 0.5f,
                    "reversed" => (n - i) * 0.5f,
                    "constant" => 3.25f,
                    _ => i % 3 == 0 ? 0f : (float)random.NextDouble(),
                };
            }

            var sorted = (float[])values.Clone();
            Array.Sort(sorted);
            foreach (var k in new[] { 0, n / 4, (n / 2) - 1, n / 2, n - 1 })
            {
                var fast = (float[])values.Clone();
                var hoare = (float[])values.Clone();
                var value = BlockMaps.Select(fast, k);
                Assert.Equal(sorted[k], value);
                Assert.Equal(BlockMaps.HoareSelect(hoare, k), value);
                for (var i = 0; i < n; i++)
                {
                    Assert.True(i < k ? fast[i] <= value : i == k ? fast[i] == value : fast[i] >= value, $"{kind}: not partitioned at {i} around k = {k}");
                }

                var sortedFast = (float[])fast.Clone();
                Array.Sort(sortedFast);
                Assert.Equal(sorted, sortedFast);
            }

            var m1 = (float[])values.Clone();
            var lowerMiddle = n % 2 == 1 ? sorted[n / 2] : 0.5f * (sorted[(n / 2) - 1] + sorted[n / 2]);
            Assert.Equal(lowerMiddle, BlockMaps.Median(m1));
        }
    }

    [Fact]
    public void Spans_with_NaN_or_negative_zero_take_the_previous_quickselect()
    {
        var random = new Random(7);
        var values = new float[300];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = (float)random.NextDouble();
        }

        values[17] = -0f;
        values[200] = 0f;
        var a = (float[])values.Clone();
        var b = (float[])values.Clone();
        Assert.Equal(BlockMaps.HoareSelect(b, 3), BlockMaps.Select(a, 3));
        Assert.Equal(b, a);
        values[40] = float.NaN;
        a = (float[])values.Clone();
        b = (float[])values.Clone();
        Assert.Equal(BlockMaps.HoareSelect(b, 150), BlockMaps.Select(a, 150));
        Assert.Equal(b, a);
    }
}
