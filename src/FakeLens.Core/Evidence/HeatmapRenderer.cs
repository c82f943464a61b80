namespace FakeLens.Core.Evidence;

/// <summary>Renders a heatmap as an RGBA PNG: transparent at 0, through yellow to opaque red at 1.</summary>
public static class HeatmapRenderer
{
    public static byte[] RenderPng(Heatmap map)
    {
        ArgumentNullException.ThrowIfNull(map);
        var rgba = new byte[map.Width * map.Height * 4];
        for (var i = 0; i < map.Values.Length; i++)
        {
            var v = Math.Clamp(map.Values[i], 0f, 1f);
            // Yellow (255,230,0) for mild values to red (220,0,0) for strong ones; alpha rises with the value.
            rgba[(i * 4) + 0] = (byte)(255 - (35 * v));
            rgba[(i * 4) + 1] = (byte)(230 * (1 - v));
            rgba[(i * 4) + 2] = 0;
            rgba[(i * 4) + 3] = (byte)(v < 0.05f ? 0 : 60 + (195 * v));
        }

        return PngWriter.Encode(map.Width, map.Height, rgba, 4);
    }
}
