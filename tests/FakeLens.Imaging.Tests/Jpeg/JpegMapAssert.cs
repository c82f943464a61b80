using FakeLens.Core.Evidence;

namespace FakeLens.Imaging.Tests.Jpeg;

/// <summary>Compares a heatmap inside and outside a rectangle of the image.</summary>
internal static class JpegMapAssert
{
    /// <summary>Mean heatmap value inside the rectangle (x, y, w, h) of an image of width × height pixels, and outside it.</summary>
    public static (double Inside, double Outside) Means(Heatmap map, int width, int height, int x, int y, int w, int h)
    {
        ArgumentNullException.ThrowIfNull(map);
        double inside = 0, outside = 0;
        int nIn = 0, nOut = 0;
        for (var cy = 0; cy < map.Height; cy++)
        {
            for (var cx = 0; cx < map.Width; cx++)
            {
                // Cell centre in image pixels.
                var px = (cx + 0.5) * width / map.Width;
                var py = (cy + 0.5) * height / map.Height;
                var v = map.Values[(cy * map.Width) + cx];
                if (px >= x && px < x + w && py >= y && py < y + h)
                {
                    inside += v;
                    nIn++;
                }
                else if (px < x - 16 || px >= x + w + 16 || py < y - 16 || py >= y + h + 16)
                {
                    outside += v;
                    nOut++;
                }
            }
        }

        return (inside / Math.Max(1, nIn), outside / Math.Max(1, nOut));
    }

    public static string Fact(Evidence e, string name) => e.Facts.Single(f => f.Name == name).Value;
}
