namespace FakeLens.Imaging.Features;

/// <summary>One patch as planar float channels (0..255) and its luma, copied once for all feature families.</summary>
internal sealed class PatchPlanes
{
    public PatchPlanes(int size)
    {
        Size = size;
        R = new float[size * size];
        G = new float[size * size];
        B = new float[size * size];
        Y = new float[size * size];
    }

    public int Size { get; }

    public float[] R { get; }

    public float[] G { get; }

    public float[] B { get; }

    public float[] Y { get; }

    public void Load(Decoding.RgbImage image, PatchRect rect)
    {
        var n = Size;
        var p = image.Pixels;
        for (var y = 0; y < n; y++)
        {
            var src = (((rect.Y + y) * image.Width) + rect.X) * 3;
            var row = y * n;
            for (var x = 0; x < n; x++, src += 3)
            {
                float r = p[src], g = p[src + 1], b = p[src + 2];
                R[row + x] = r;
                G[row + x] = g;
                B[row + x] = b;
                Y[row + x] = (0.299f * r) + (0.587f * g) + (0.114f * b);
            }
        }
    }
}
