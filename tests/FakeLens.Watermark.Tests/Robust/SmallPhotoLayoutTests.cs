using FakeLens.Imaging.Decoding;
using FakeLens.TestSupport;
using FakeLens.Watermark.Bench;
using FakeLens.Watermark.Robust;

namespace FakeLens.Watermark.Tests.Robust;

/// <summary>Layout v2 (issue 20): the QIM layer that lets the mark survive halving + JPEG 50 on small photos.</summary>
public sealed class SmallPhotoLayoutTests
{
    private static readonly WatermarkPayload Payload = WatermarkPayload.Parse("0x5EC0FFEE");
    private readonly FakeLensImageWatermark _scheme = new();

    /// <summary>A CBSD68 photo (481 × 321 or 321 × 481), the size issue 20 was about.</summary>
    private static RgbImage Cbsd(string name) =>
        ImageDecoder.Decode(File.ReadAllBytes(TestData.Path("images", "real", "cbsd68", name)), long.MaxValue).Image;

    private static RgbImage HalfThenJpeg50(RgbImage image) => ImageAttacks.Jpeg(ImageAttacks.Resize(image, 0.5), 50);

    [Theory]
    [InlineData("101087.png")]
    [InlineData("108005.png")]
    [InlineData("12084.png")]
    public void Small_photo_mark_survives_halving_then_jpeg_50_within_the_fidelity_budget(string photo)
    {
        var original = Cbsd(photo);
        var marked = _scheme.Embed(original, Payload);

        Assert.True(ImageQuality.Psnr(original, marked) >= 40, $"PSNR {ImageQuality.Psnr(original, marked):0.00} dB below 40");
        var d = _scheme.Detect(HalfThenJpeg50(marked), null);
        Assert.Equal(WatermarkState.Marked, d.State);
        Assert.Equal(Payload.Bits, d.DecodedBits);
        Assert.Contains("QIM layer", d.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void The_same_attack_erases_a_layout_v1_mark_on_a_small_photo()
    {
        // Why v2 exists: the spread-spectrum-only mark (what every earlier version wrote) does not survive it here.
        var marked = _scheme.Embed(Cbsd("101087.png"), Payload, FakeLensImageWatermark.DefaultKey, qimLayer: false);

        Assert.NotEqual(WatermarkState.Marked, _scheme.Detect(HalfThenJpeg50(marked), null).State);
    }

    [Fact]
    public void A_layout_v1_mark_on_a_small_photo_still_reads()
    {
        var marked = _scheme.Embed(Cbsd("108005.png"), Payload, FakeLensImageWatermark.DefaultKey, qimLayer: false);

        var d = _scheme.Detect(marked, null);

        Assert.Equal(WatermarkState.Marked, d.State);
        Assert.Equal(Payload.Bits, d.DecodedBits);
    }

    [Theory]
    [InlineData(1.2, 1.0)]
    [InlineData(1.0, 1.3)]
    public void The_qim_layer_reads_through_brightness_and_contrast_changes(double brightness, double contrast)
    {
        var marked = _scheme.Embed(Cbsd("12084.png"), Payload);
        var changed = ImageAttacks.Contrast(ImageAttacks.Brightness(HalfThenJpeg50(marked), brightness), contrast);

        var d = _scheme.Detect(changed, null);

        Assert.Equal(WatermarkState.Marked, d.State);
        Assert.Equal(Payload.Bits, d.DecodedBits);
    }

    [Fact]
    public void Every_coded_bit_of_the_qim_layer_reads_back_from_the_reference_plane()
    {
        var marked = _scheme.Embed(Cbsd("108005.png"), Payload);
        var (_, reference, rw, rh, _) = RobustDecoder.Prepare(marked.Luma(), marked.Width, marked.Height, CancellationToken.None);

        var (asIs, _) = QimLayer.For(FakeLensImageWatermark.DefaultKey).Read(reference, rw, rh);

        var coded = ConvolutionalCode.Encode(RobustLayout.For(FakeLensImageWatermark.DefaultKey).Message(Payload.Bits.ToArray()));
        Assert.Equal(coded, asIs.Select(v => v > 0).ToArray());
    }

    [Fact]
    public void Small_photos_marked_under_a_private_key_are_not_marked_under_the_open_key_even_after_the_attack()
    {
        var key = WatermarkKey.FromPassphrase("newsroom secret");
        var marked = HalfThenJpeg50(_scheme.Embed(Cbsd("101087.png"), Payload, key));

        Assert.NotEqual(WatermarkState.Marked, _scheme.Detect(marked, null).State);
        Assert.Equal(WatermarkState.Marked, _scheme.Detect(marked, key).State);
    }

    [Theory]
    [InlineData("101085.png")]
    [InlineData("119082.png")]
    public void Unmarked_small_photos_are_not_marked_before_or_after_the_attack(string photo)
    {
        var original = Cbsd(photo);

        Assert.Equal(WatermarkState.NotMarked, _scheme.Detect(original, null).State);
        Assert.NotEqual(WatermarkState.Marked, _scheme.Detect(HalfThenJpeg50(original), null).State);
    }
}
