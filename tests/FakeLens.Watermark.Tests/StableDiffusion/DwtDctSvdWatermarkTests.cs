using FakeLens.Imaging.Decoding;
using FakeLens.Watermark.StableDiffusion;

namespace FakeLens.Watermark.Tests.StableDiffusion;

public sealed class DwtDctSvdWatermarkTests
{
    private readonly DwtDctSvdWatermark _scheme = new();

    [Fact]
    public void Scheme_id_is_sd_dwtdctsvd()
    {
        Assert.Equal("sd-dwtdctsvd", _scheme.Id);
    }

    [Fact]
    public void FLwm_mark_survives_JPEG_quality_75()
    {
        var marked = _scheme.Embed(ReferenceData.Read("covers/kodim16.png"), StableDiffusionPayloads.FakeLensTest.Payload);
        var jpeg = ImageDecoder.Decode(ImageEncoder.Jpeg(marked, 75), long.MaxValue).Image;

        var result = _scheme.Detect(jpeg, key: null);

        Assert.Equal(WatermarkState.Marked, result.State);
        Assert.Equal("FakeLens test payload", result.PayloadName);
        Assert.True(result.MatchingBits >= 30, $"{result.MatchingBits} of 32");
    }

    [Fact]
    public void Reference_dwtDctSvd_files_are_marked_and_their_covers_are_not()
    {
        foreach (var name in new[] { "kodim01", "kodim03", "kodim08", "kodim12", "kodim16", "kodim23", "kodim10_crop497x383" })
        {
            var marked = _scheme.Detect(ReferenceData.Read($"dwtDctSvd_FLwm/{name}_flwm.png"), key: null);
            var cover = _scheme.Detect(ReferenceData.Read($"covers/{name}.png"), key: null);

            Assert.Equal((WatermarkState.Marked, 32), (marked.State, marked.MatchingBits));
            Assert.Equal(WatermarkState.NotMarked, cover.State);
        }
    }

    [Fact]
    public void Largest_singular_value_of_a_known_matrix_is_exact()
    {
        // diag(5, 3, 2, 1) rotated on both sides keeps σ₀ = 5.
        double[] a = [0, 3, 0, 0, 5, 0, 0, 0, 0, 0, 0, 2, 0, 0, 1, 0];
        Span<double> u = stackalloc double[4];
        Span<double> v = stackalloc double[4];

        var sigma = Block4.LargestSingular(a, u, v);

        Assert.Equal(5, sigma, 12);
        Assert.Equal(1, Math.Abs(u[1]), 12);
        Assert.Equal(1, Math.Abs(v[0]), 12);
    }

    [Fact]
    public void DCT_round_trip_restores_the_block()
    {
        var b = Enumerable.Range(0, 16).Select(i => (i * 7.3) - 20).ToArray();
        var d = new double[16];
        var back = new double[16];

        Block4.Dct(b, d);
        Block4.Idct(d, back);

        Assert.Equal(b.Sum() / 4, d[0], 10);
        for (var i = 0; i < 16; i++)
        {
            Assert.Equal(b[i], back[i], 10);
        }
    }
}
