namespace FakeLens.Watermark.StableDiffusion;

/// <summary>The Haar strip in double precision, with that precision's LL block quantisers (see <see cref="HaarStripBase{T}"/>).</summary>
internal sealed class HaarStrip : HaarStripBase<double>
{
    /// <param name="width">LL width (half the cropped pixel width).</param>
    public HaarStrip(int width)
        : base(width)
    {
    }

    /// <summary>dwtDct on LL block <paramref name="bx"/> of this strip: quantise its largest non-first coefficient.</summary>
    public void QuantiseLargest(int bx, bool bit)
    {
        Span<double> block = stackalloc double[16];
        Read(bx, block);
        var p = SdCodec.LargestIndex(block);
        Write(bx, p, SdCodec.Quantise(block[p], bit));
    }

    /// <summary>dwtDctSvd on LL block <paramref name="bx"/>: DCT, move σ₀ to its cell offset, rebuild, inverse DCT.</summary>
    public void QuantiseSingular(int bx, bool bit)
    {
        Span<double> block = stackalloc double[16];
        Span<double> dct = stackalloc double[16];
        Span<double> u = stackalloc double[4];
        Span<double> v = stackalloc double[4];
        Read(bx, block);
        Block4.Dct(block, dct);
        var sigma = Block4.LargestSingular(dct, u, v);
        var target = ((SdCodec.FloorDiv(sigma, SdCodec.Scale) + 0.25) + (bit ? 0.5 : 0.0)) * SdCodec.Scale;
        var delta = target - sigma;
        for (var r = 0; r < 4; r++)
        {
            for (var c = 0; c < 4; c++)
            {
                dct[(r * 4) + c] += delta * u[r] * v[c];
            }
        }

        Block4.Idct(dct, block);
        for (var k = 0; k < 16; k++)
        {
            Write(bx, k, block[k]);
        }
    }
}
