using FakeLens.Imaging.Decoding;
using FakeLens.TestSupport;
using FakeLens.Watermark.Bench;
using FakeLens.Watermark.Robust;

namespace FakeLens.Watermark.Tests.Robust;

public sealed class FakeLensImageWatermarkTests
{
    private static readonly WatermarkPayload Payload = WatermarkPayload.Parse("0x0A1B2C3D");
    private readonly FakeLensImageWatermark _scheme = new();

    private static RgbImage Kodak(int n) =>
        ImageDecoder.Decode(File.ReadAllBytes(TestData.Path("images", "real", "kodak24", $"kodim{n:00}.png")), long.MaxValue).Image;

    [Theory]
    [InlineData(3)]
    [InlineData(7)]
    [InlineData(23)]
    public void Marked_kodak_photo_is_invisible_and_decodes_its_payload(int photo)
    {
        var original = Kodak(photo);
        var marked = _scheme.Embed(original, Payload);

        Assert.True(ImageQuality.Psnr(original, marked) >= 40, "PSNR below 40 dB");
        Assert.True(ImageQuality.Ssim(original, marked) >= 0.98, "SSIM below 0.98");
        var d = _scheme.Detect(marked, null);
        Assert.Equal(WatermarkState.Marked, d.State);
        Assert.Equal(Payload.Bits, d.DecodedBits);
        Assert.True(d.PValue <= 1e-6, $"p = {d.PValue}");
        Assert.Equal("FakeLens payload 0x0A1B2C3D", d.PayloadName);
    }

    public static TheoryData<string> Attacks => ["JPEG q50", "resize 0.5", "centre crop 70 % area", "rotate +5°"];

    [Theory]
    [MemberData(nameof(Attacks))]
    public void Payload_survives_platform_attack(string attack)
    {
        var apply = ImageAttacks.Standard.Single(a => a.Name == attack).Apply;
        var marked = _scheme.Embed(Kodak(23), Payload);

        var d = _scheme.Detect(apply(marked), null);

        Assert.Equal(WatermarkState.Marked, d.State);
        Assert.True(ImageWatermarkBench.BitAccuracy(Payload, d) >= 0.99);
    }

    [Fact]
    public void Private_key_mark_is_not_seen_under_the_open_key()
    {
        var key = WatermarkKey.FromPassphrase("newsroom secret");
        var marked = _scheme.Embed(Kodak(3), Payload, key);

        var wrong = _scheme.Detect(marked, null);
        var right = _scheme.Detect(marked, key);

        Assert.Equal(WatermarkState.NotMarked, wrong.State);
        Assert.True(wrong.PValue > 1e-3, $"p = {wrong.PValue}");
        Assert.Equal(WatermarkState.Marked, right.State);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(8)]
    [InlineData(13)]
    public void Unmarked_photo_is_not_marked(int photo)
    {
        var d = _scheme.Detect(Kodak(photo), null);

        Assert.Equal(WatermarkState.NotMarked, d.State);
        Assert.True(d.PValue > 1e-3, $"p = {d.PValue}");
    }

    [Fact]
    public void Tiny_image_cannot_be_decided_and_cannot_carry_a_mark()
    {
        var tiny = Scenes.Natural(100, 90);

        Assert.Equal(WatermarkState.CannotDecide, _scheme.Detect(tiny, null).State);
        Assert.Throws<ArgumentException>(() => _scheme.Embed(tiny, Payload));
    }

    [Fact]
    public void Extreme_strip_cannot_be_decided_instead_of_exhausting_memory()
    {
        var d = _scheme.Detect(Scenes.Flat(4500, 130), null);

        Assert.Equal(WatermarkState.CannotDecide, d.State);
        Assert.Contains("aspect ratio", d.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void Flat_image_cannot_be_decided()
    {
        var d = _scheme.Detect(Scenes.Flat(300, 200), null);

        Assert.Equal(WatermarkState.CannotDecide, d.State);
        Assert.Contains("flat", d.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void Payload_must_be_32_bits()
    {
        var ex = Assert.Throws<ArgumentException>(() => _scheme.Embed(Scenes.Natural(200, 200), WatermarkPayload.Parse("0xB3EC907BB19E")));

        Assert.Contains("32 bits", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Synthetic_scene_mark_survives_jpeg_70()
    {
        var scene = Scenes.Natural(640, 480, seed: 5);
        var marked = _scheme.Embed(scene, Payload);

        var d = _scheme.Detect(ImageAttacks.Jpeg(marked, 70), null);

        Assert.Equal(WatermarkState.Marked, d.State);
        Assert.Equal(Payload.Bits, d.DecodedBits);
    }
}
