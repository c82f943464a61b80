namespace FakeLens.Watermark.StableDiffusion;

/// <summary>The Haar strip in float32, with that precision's LL block quantisers (see <see cref="HaarStripBase{T}"/>).</summary>
internal sealed class HaarStripFloat : HaarStripBase<float>
{
    /// <param name="width">LL width (half the cropped pixel width).</param>
    public HaarStripFloat(int width)
        : base(width)
    {
    }

    /// <summary>dwtDct on LL block <paramref name="bx"/> in float32, as numpy computes on a float32 frame.</summary>
    public void QuantiseLargest(int bx, bool bit)
    {
        Span<float> block = stackalloc float[16];
        Read(bx, block);
        var p = 1;
        var best = MathF.Abs(block[1]);
        for (var k = 2; k < 16; k++)
        {
            var a = MathF.Abs(block[k]);
            if (a > best)
            {
                best = a;
                p = k;
            }
        }

        var value = block[p];
        var magnitude = MathF.Abs(value);
        const float scale = (float)SdCodec.Scale;
        var mod = magnitude % scale;
        var div = (magnitude - mod) / scale;
        var floor = MathF.Floor(div);
        if (div - floor > 0.5f)
        {
            floor += 1;
        }

        var q = (floor + 0.25f + (bit ? 0.5f : 0f)) * scale;
        Write(bx, p, value >= 0 ? q : -q);
    }
}
