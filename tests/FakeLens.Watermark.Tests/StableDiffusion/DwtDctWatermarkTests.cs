using FakeLens.Imaging.Decoding;
using FakeLens.TestSupport;
using FakeLens.Watermark.StableDiffusion;

namespace FakeLens.Watermark.Tests.StableDiffusion;

public sealed class DwtDctWatermarkTests
{
    private readonly DwtDctWatermark _scheme = new();

    [Fact]
    public void Scheme_id_is_sd_dwtdct()
    {
        Assert.Equal("sd-dwtdct", _scheme.Id);
    }

    [Fact]
    public void SD1_mark_embedded_in_a_photo_is_detected_as_Stable_Diffusion_1()
    {
        var marked = _scheme.Embed(ReferenceData.Read("covers/kodim08.png"), StableDiffusionPayloads.StableDiffusionV1.Payload);

        var result = _scheme.Detect(marked, key: null);

        Assert.Equal(WatermarkState.Marked, result.State);
        Assert.Equal("Stable Diffusion 1.x", result.PayloadName);
        Assert.Equal((136, 136), (result.MatchingBits, result.TotalBits));
        Assert.True(result.PValue < 1e-40, $"p = {result.PValue}");
        Assert.Contains("1E-06", result.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void SDV2_mark_is_read_with_its_32_bit_length()
    {
        var marked = _scheme.Embed(ReferenceData.Read("covers/kodim08.png"), StableDiffusionPayloads.StableDiffusionV2.Payload);

        var result = _scheme.Detect(marked, key: null);

        Assert.Equal(WatermarkState.Marked, result.State);
        Assert.Equal("Stable Diffusion 2.x", result.PayloadName);
        Assert.Equal(32, result.TotalBits);
        Assert.True(result.MatchingBits >= 30, $"{result.MatchingBits} of 32");
    }

    [Fact]
    public void Reference_SD1_files_are_marked_where_enough_bits_survive()
    {
        // Reference: kodim08 and kodim12 decode 136/136, kodim16 123, kodim23 109; kodim01 only 68 (its mark does not decode).
        foreach (var name in new[] { "kodim08", "kodim12", "kodim16", "kodim23" })
        {
            var result = _scheme.Detect(ReferenceData.Read($"sd1_dwtDct/{name}_sd1.png"), key: null);
            Assert.Equal(WatermarkState.Marked, result.State);
            Assert.Equal("Stable Diffusion 1.x", result.PayloadName);
        }

        Assert.Equal(WatermarkState.NotMarked, _scheme.Detect(ReferenceData.Read("sd1_dwtDct/kodim01_sd1.png"), key: null).State);
    }

    [Fact]
    public void Unmarked_covers_are_not_marked()
    {
        foreach (var file in TestData.Files("watermark/covers", "*.png", minimum: 7))
        {
            var result = _scheme.Detect(ImageDecoder.Decode(File.ReadAllBytes(file), long.MaxValue).Image, key: null);
            Assert.Equal(WatermarkState.NotMarked, result.State);
            Assert.True(result.PValue >= 1e-6, $"{file}: p = {result.PValue}");
        }
    }

    [Fact]
    public void SDXL_mark_read_as_its_exact_complement_is_reported_as_SDXL()
    {
        // kodim12's SDXL mark decodes 0/48 from the 8-bit file: every chosen coefficient was negative in SDXL's float domain.
        var result = _scheme.Detect(ReferenceData.Read("sdxl_dwtDct/kodim12_sdxl.png"), key: null);

        Assert.Equal(WatermarkState.Marked, result.State);
        Assert.Equal("SDXL", result.PayloadName);
        Assert.Equal(0, result.MatchingBits);
        Assert.Contains("opposite", result.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void SDXL_file_with_47_of_48_bits_is_marked_and_quotes_detect_py()
    {
        var result = _scheme.Detect(ReferenceData.Read("sdxl_dwtDct/kodim08_sdxl.png"), key: null);

        Assert.Equal(WatermarkState.Marked, result.State);
        Assert.Equal((47, 48), (result.MatchingBits, result.TotalBits));
        Assert.Contains("Very likely watermarked", result.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void A_given_payload_is_looked_for_with_its_own_length()
    {
        var payload = WatermarkPayload.Parse("0xC0FFEE42");
        var marked = _scheme.Embed(ReferenceData.Read("covers/kodim08.png"), payload);

        var own = _scheme.DetectPayload(marked, payload);
        var other = _scheme.DetectPayload(marked, WatermarkPayload.Parse("0x12345678"));

        Assert.Equal(WatermarkState.Marked, own.State);
        Assert.Equal(32, own.MatchingBits);
        Assert.Equal(WatermarkState.NotMarked, other.State);
        Assert.True(other.PValue > 1e-3, $"p = {other.PValue}");
    }

    [Fact]
    public void Image_under_256_by_256_pixels_cannot_be_decided()
    {
        var result = _scheme.Detect(Scenes.Natural(200, 200, seed: 3), key: null);

        Assert.Equal(WatermarkState.CannotDecide, result.State);
        Assert.Empty(result.DecodedBits);
        Assert.Contains("256 × 256", result.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void Thin_image_with_fewer_blocks_than_payload_bits_cannot_be_decided()
    {
        // 16 400 × 4 pixels: enough pixels for the library, but no complete 8 × 8 block.
        var result = _scheme.Detect(Scenes.Flat(16_400, 4), key: null);

        Assert.Equal(WatermarkState.CannotDecide, result.State);
    }

    [Fact]
    public void Flat_grey_image_is_not_called_marked()
    {
        var result = _scheme.Detect(Scenes.Flat(512, 512), key: null);

        Assert.NotEqual(WatermarkState.Marked, result.State);
    }

    [Fact]
    public void Embedding_refuses_images_the_library_refuses()
    {
        var ex = Assert.Throws<ArgumentException>(() => _scheme.Embed(Scenes.Natural(255, 256), StableDiffusionPayloads.StableDiffusionV1.Payload));
        Assert.Contains("256 × 256", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Embedding_leaves_luma_alone_up_to_rounding()
    {
        // Only the U plane is rewritten; Y comes back through OpenCV's integer round trip. (Chroma itself can move by
        // tens of levels at colour edges: the library's swapped Haar bands transpose every 2 × 2 block of U.)
        var cover = ReferenceData.Read("covers/kodim23.png");
        var marked = _scheme.Embed(cover, StableDiffusionPayloads.StableDiffusionV1.Payload);

        var moved = 0;
        var chromaChanged = 0;
        var p = cover.Pixels;
        var q = marked.Pixels;
        for (var i = 0; i < p.Length; i += 3)
        {
            var y0 = OpenCvYuv.Y(p[i], p[i + 1], p[i + 2]);
            var y1 = OpenCvYuv.Y(q[i], q[i + 1], q[i + 2]);
            moved += Math.Abs(y1 - y0) > 1 ? 1 : 0;
            chromaChanged += OpenCvYuv.U(p[i + 2], y0) != OpenCvYuv.U(q[i + 2], y1) ? 1 : 0;
        }

        var pixels = p.Length / 3;
        Assert.True(moved < pixels / 1000, $"{moved} of {pixels} pixels changed luma by more than 1");
        Assert.True(chromaChanged > pixels / 10, $"only {chromaChanged} of {pixels} pixels changed U");
    }

    [Theory]
    [InlineData("kodim08", false)]
    [InlineData("kodim08", true)]
    public void Mark_written_from_RGB_ordered_pixels_is_found_in_the_swapped_plane(string cover, bool sdxl)
    {
        // diffusers before February 2024 handed RGB pixels to the BGR encoder: the mark sits in a U plane with red and blue swapped.
        var payload = sdxl ? StableDiffusionPayloads.Sdxl : StableDiffusionPayloads.StableDiffusionV1;
        var marked = SwapRedBlue(_scheme.Embed(SwapRedBlue(ReferenceData.Read($"covers/{cover}.png")), payload.Payload));

        var result = _scheme.Detect(marked, key: null);

        Assert.Equal(WatermarkState.Marked, result.State);
        Assert.Equal(payload.Model, result.PayloadName);
        Assert.Contains("red/blue-swapped", result.Explanation, StringComparison.Ordinal);
    }

    private static RgbImage SwapRedBlue(RgbImage image)
    {
        var p = (byte[])image.Pixels.Clone();
        for (var i = 0; i < p.Length; i += 3)
        {
            (p[i], p[i + 2]) = (p[i + 2], p[i]);
        }

        return new RgbImage(image.Width, image.Height, p);
    }
}
