using FakeLens.Core.Evidence;

namespace FakeLens.Core.Tests.Evidence;

public sealed class HeatmapTests
{
    [Fact]
    public void FromValues_rescales_to_unit_range_and_clamps()
    {
        var map = Heatmap.FromValues(2, 2, [0f, 5f, 10f, 20f], 0f, 10f, "test");
        Assert.Equal([0f, 0.5f, 1f, 1f], map.Values);
    }

    [Fact]
    public void Downsample_averages_cells()
    {
        var values = new float[128 * 64];
        for (var x = 64; x < 128; x++)
        {
            for (var y = 0; y < 64; y++)
            {
                values[(y * 128) + x] = 1f;
            }
        }

        var small = new Heatmap(128, 64, values, "t").Downsample(32);
        Assert.Equal(32, small.Width);
        Assert.Equal(16, small.Height);
        Assert.Equal(0f, small.Values[0]);
        Assert.Equal(1f, small.Values[31]);
    }

    [Fact]
    public void Colour_png_is_a_valid_png_of_the_map_size()
    {
        var png = Heatmap.FromValues(3, 2, [0f, 0.5f, 1f, 1f, 0.5f, 0f], 0, 1, "t").ColourPng;
        Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }, png[..8]);
        Assert.Equal(3, System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16)));
        Assert.Equal(2, System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20)));
        Assert.Equal("IEND"u8.ToArray(), png[^8..^4]);
    }
}
