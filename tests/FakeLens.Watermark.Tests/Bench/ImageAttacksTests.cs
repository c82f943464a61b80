using FakeLens.TestSupport;
using FakeLens.Watermark.Bench;

namespace FakeLens.Watermark.Tests.Bench;

public sealed class ImageAttacksTests
{
    [Fact]
    public void Geometry_attacks_give_the_expected_sizes()
    {
        var image = Scenes.Natural(400, 300);

        var crop = ImageAttacks.CenterCrop(image, 0.7);
        Assert.Equal((335, 251), (crop.Width, crop.Height));
        Assert.Equal((200, 150), (ImageAttacks.Resize(image, 0.5).Width, ImageAttacks.Resize(image, 0.5).Height));
        var rotated = ImageAttacks.Rotate(image, 5);
        Assert.Equal((400, 300), (rotated.Width, rotated.Height));
        Assert.Equal(0, rotated.Pixels[0] + rotated.Pixels[1] + rotated.Pixels[2]);
    }

    [Fact]
    public void Photometric_attacks_change_pixels_as_named()
    {
        var image = Scenes.Flat(32, 32, 100, 50, 200);

        Assert.Equal(120, ImageAttacks.Brightness(image, 1.2).Pixels[0]);
        Assert.Equal(240, ImageAttacks.Brightness(image, 1.2).Pixels[2]);
        var noisy = ImageAttacks.GaussianNoise(Scenes.Flat(64, 64), 0.02, 1);
        var sd = Math.Sqrt(noisy.Pixels.Average(p => (p - 128.0) * (p - 128.0)));
        Assert.InRange(sd, 4.6, 5.6);
        Assert.Equal(image.Pixels, ImageAttacks.GaussianBlur(image, 1).Pixels);
    }

    [Fact]
    public void Standard_list_holds_every_attack_of_the_issue()
    {
        var names = ImageAttacks.Standard.Select(a => a.Name).ToList();

        Assert.Equal(16, names.Count);
        Assert.Contains("JPEG q50", names);
        Assert.Contains("resize 0.5 + JPEG q50", names);
        Assert.Contains("centre crop 70 % area", names);
        Assert.Contains("PNG → WebP q80", names);
    }
}
