using FakeLens.Core.Evidence;

namespace FakeLens.Core.Tests.Evidence;

public sealed class GridComponentsTests
{
    [Fact]
    public void Cells_touching_only_at_a_corner_are_separate_groups_with_their_own_box_sum_and_max()
    {
        // 5 × 4 grid; '#' flagged. The L-shape on the left and the pair on the right touch only diagonally.
        string[] rows =
        [
            "#....",
            "#..#.",
            "##.#.",
            "..#..",
        ];
        var values = new float[20];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = i;
        }

        var found = GridComponents.Find(5, 4, i => rows[i / 5][i % 5] == '#', values);

        Assert.Equal(3, found.Count);
        Assert.Equal(new GridComponent(0, 0, 1, 2, 4, 0 + 5 + 10 + 11, 11), found[0]);
        Assert.Equal(new GridComponent(3, 1, 3, 2, 2, 8 + 13, 13), found[1]);
        Assert.Equal(new GridComponent(2, 3, 2, 3, 1, 17, 17), found[2]);
        Assert.Equal(10.5, found[1].Mean);
    }

    [Fact]
    public void A_fully_flagged_large_grid_is_one_group_without_deep_recursion()
    {
        var found = GridComponents.Find(1000, 1000, _ => true, new float[1_000_000]);

        var all = Assert.Single(found);
        Assert.Equal((0, 0, 999, 999, 1_000_000), (all.X0, all.Y0, all.X1, all.Y1, all.Cells));
    }

    [Fact]
    public void Too_few_values_for_the_grid_is_refused()
    {
        Assert.Throws<ArgumentException>(() => GridComponents.Find(3, 3, _ => true, new float[8]));
    }
}
