using FakeLens.Imaging.Features;

namespace FakeLens.Imaging.Tests.Features;

public sealed class PatchLayoutTests
{
    [Theory]
    [InlineData(4000, 3000, 256)]
    [InlineData(256, 900, 256)]
    [InlineData(300, 200, 128)]
    [InlineData(40, 500, 32)]
    [InlineData(31, 500, 0)]
    public void Patch_side_is_256_or_the_largest_power_of_two_that_fits(int w, int h, int side) =>
        Assert.Equal(side, PatchLayout.SideFor(w, h));

    [Theory]
    [InlineData(4000, 3000)]
    [InlineData(6000, 4000)]
    [InlineData(700, 300)]
    [InlineData(256, 256)]
    [InlineData(257, 1000)]
    public void Grid_stays_inside_the_image_and_within_the_patch_budget(int w, int h)
    {
        var (patches, cols, rows) = PatchLayout.Grid(w, h, 16);
        Assert.Equal(cols * rows, patches.Length);
        Assert.InRange(patches.Length, 1, 16);
        Assert.All(patches, p =>
        {
            Assert.Equal(256, p.Size);
            Assert.InRange(p.X, 0, w - p.Size);
            Assert.InRange(p.Y, 0, h - p.Size);
        });

        // A large image is covered edge to edge: first patch at the corner, last one touching the far corner.
        if (cols > 1 && rows > 1)
        {
            Assert.Equal((0, 0), (patches[0].X, patches[0].Y));
            Assert.Equal((w - 256, h - 256), (patches[^1].X, patches[^1].Y));
        }
    }

    [Fact]
    public void Too_small_images_get_no_patches() => Assert.Empty(PatchLayout.Grid(20, 4000, 16).Patches);
}
