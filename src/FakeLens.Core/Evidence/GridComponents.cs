namespace FakeLens.Core.Evidence;

/// <summary>One 4-connected group of flagged cells of a grid: its bounding box in cells, size, and the sum and maximum of the cells' values.</summary>
/// <param name="X0">Leftmost cell column.</param>
/// <param name="Y0">Top cell row.</param>
/// <param name="X1">Rightmost cell column (inclusive).</param>
/// <param name="Y1">Bottom cell row (inclusive).</param>
/// <param name="Cells">Number of cells in the group.</param>
/// <param name="Sum">Sum of the cells' values.</param>
/// <param name="Max">Largest cell value.</param>
public readonly record struct GridComponent(int X0, int Y0, int X1, int Y1, int Cells, double Sum, double Max)
{
    /// <summary>Mean cell value.</summary>
    public double Mean => Cells == 0 ? 0 : Sum / Cells;
}

/// <summary>
/// Groups the flagged cells of a map (a row-major grid, such as a heatmap's) into 4-connected components, which
/// detectors turn into the <see cref="Region"/>s they report. Iterative (an explicit stack), so a map of any size
/// cannot overflow the call stack.
/// </summary>
public static class GridComponents
{
    /// <summary>The components of the cells where <paramref name="flagged"/> holds, in scan order of their first cell.</summary>
    /// <param name="width">Grid width in cells.</param>
    /// <param name="height">Grid height in cells.</param>
    /// <param name="flagged">Whether cell <c>i</c> (row-major) belongs to some component.</param>
    /// <param name="values">Each cell's value, summed and maximised per component.</param>
    public static List<GridComponent> Find(int width, int height, Func<int, bool> flagged, ReadOnlySpan<float> values)
    {
        ArgumentNullException.ThrowIfNull(flagged);
        var n = width * height;
        if (values.Length < n)
        {
            throw new ArgumentException($"Expected {n} cell values, got {values.Length}.", nameof(values));
        }

        var seen = new bool[n];
        var stack = new Stack<int>();
        var found = new List<GridComponent>();
        for (var start = 0; start < n; start++)
        {
            if (seen[start] || !flagged(start))
            {
                continue;
            }

            int x0 = int.MaxValue, y0 = int.MaxValue, x1 = -1, y1 = -1, cells = 0;
            double sum = 0, max = double.NegativeInfinity;
            stack.Push(start);
            seen[start] = true;
            while (stack.Count > 0)
            {
                var i = stack.Pop();
                int x = i % width, y = i / width;
                (x0, y0, x1, y1) = (Math.Min(x0, x), Math.Min(y0, y), Math.Max(x1, x), Math.Max(y1, y));
                cells++;
                sum += values[i];
                max = Math.Max(max, values[i]);
                Span<int> next = [x > 0 ? i - 1 : -1, x < width - 1 ? i + 1 : -1, y > 0 ? i - width : -1, y < height - 1 ? i + width : -1];
                foreach (var m in next)
                {
                    if (m >= 0 && !seen[m] && flagged(m))
                    {
                        seen[m] = true;
                        stack.Push(m);
                    }
                }
            }

            found.Add(new GridComponent(x0, y0, x1, y1, cells, sum, max));
        }

        return found;
    }
}
