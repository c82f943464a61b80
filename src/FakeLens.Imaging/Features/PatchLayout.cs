namespace FakeLens.Imaging.Features;

/// <summary>
/// Where patches are taken: an even grid for scanning and evaluation (deterministic, spread over the whole
/// image, at most a fixed number so that cost per image is bounded), random positions for training.
/// </summary>
public static class PatchLayout
{
    public const int PatchSide = 256;
    public const int MinSide = 32;

    /// <summary>Patch side for an image: 256, or the largest power of two ≤ the shorter side (0 when below <see cref="MinSide"/>).</summary>
    public static int SideFor(int width, int height)
    {
        var shorter = Math.Min(width, height);
        if (shorter >= PatchSide)
        {
            return PatchSide;
        }

        if (shorter < MinSide)
        {
            return 0;
        }

        return 1 << System.Numerics.BitOperations.Log2((uint)shorter);
    }

    /// <summary>
    /// An evenly spaced cols × rows grid of patches (overlapping only when the image is not a multiple of the
    /// side, spaced apart when more would be needed than <paramref name="maxPatches"/>).
    /// </summary>
    public static (PatchRect[] Patches, int Columns, int Rows) Grid(int width, int height, int maxPatches)
    {
        var side = SideFor(width, height);
        if (side == 0)
        {
            return ([], 0, 0);
        }

        var cols = Math.Max(1, (int)Math.Ceiling(width / (double)side));
        var rows = Math.Max(1, (int)Math.Ceiling(height / (double)side));
        while (cols * rows > Math.Max(1, maxPatches))
        {
            if (cols >= rows)
            {
                cols--;
            }
            else
            {
                rows--;
            }
        }

        var patches = new PatchRect[cols * rows];
        for (var r = 0; r < rows; r++)
        {
            var y = rows == 1 ? (height - side) / 2 : (int)Math.Round(r * (height - side) / (double)(rows - 1));
            for (var c = 0; c < cols; c++)
            {
                var x = cols == 1 ? (width - side) / 2 : (int)Math.Round(c * (width - side) / (double)(cols - 1));
                patches[(r * cols) + c] = new PatchRect(x, y, side);
            }
        }

        return (patches, cols, rows);
    }

    /// <summary>A uniformly random patch position of side <paramref name="side"/>.</summary>
    public static PatchRect Random(int width, int height, int side, Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        return new PatchRect(random.Next(width - side + 1), random.Next(height - side + 1), side);
    }
}
