using FakeLens.Imaging.Decoding;
using FakeLens.TestSupport;
using FakeLens.Watermark.Bench;

namespace FakeLens.Watermark.Tests.Bench;

public sealed class ImageQualityTests
{
    [Fact]
    public void Psnr_of_a_uniform_shift_by_one_grey_level_is_48_dB()
    {
        var a = Scenes.Flat(64, 64, 100, 100, 100);
        var b = Scenes.Flat(64, 64, 101, 101, 101);

        Assert.Equal(20 * Math.Log10(255), ImageQuality.Psnr(a, b), 6);
        Assert.True(double.IsPositiveInfinity(ImageQuality.Psnr(a, a)));
    }

    [Fact]
    public void Ssim_is_one_for_identical_images_and_drops_with_noise()
    {
        var a = Scenes.Natural(128, 128, seed: 3);
        var light = Scenes.AddNoise(a, 2, 0, 0, 128, 128);
        var heavy = Scenes.AddNoise(a, 20, 0, 0, 128, 128);

        Assert.Equal(1.0, ImageQuality.Ssim(a, a), 9);
        var sLight = ImageQuality.Ssim(a, light);
        var sHeavy = ImageQuality.Ssim(a, heavy);
        Assert.InRange(sLight, 0.9, 0.9999);
        Assert.True(sHeavy < sLight - 0.1, $"{sHeavy} vs {sLight}");
    }

    [Fact]
    public void Ssim_ignores_a_change_of_mean_less_than_of_structure()
    {
        var a = Scenes.Natural(96, 96, seed: 8);
        var brighter = ImageAttacks.Brightness(a, 1.05);
        var blurred = ImageAttacks.GaussianBlur(a, 2);

        Assert.True(ImageQuality.Ssim(a, brighter) > ImageQuality.Ssim(a, blurred));
    }
}
