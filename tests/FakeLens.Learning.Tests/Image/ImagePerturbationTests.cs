using FakeLens.Learning.Image;
using FakeLens.TestSupport;

namespace FakeLens.Learning.Tests.Image;

public sealed class ImagePerturbationTests
{
    [Fact]
    public void Steps_run_in_the_order_given()
    {
        var p = ImagePerturbation.Parse("resize:0.5, crop:100, jpeg:85");
        Assert.Equal("resize:0.5,crop:100,jpeg:85", p.ToString());
        var image = Scenes.Natural(400, 300, seed: 2);
        var result = p.Apply(image);
        Assert.Equal((100, 100), (result.Width, result.Height));
        Assert.NotEqual(image.Pixels.Take(300), result.Pixels.Take(300));
    }

    [Fact]
    public void A_crop_larger_than_the_image_keeps_it_whole() =>
        Assert.Equal((120, 80), (ImagePerturbation.Parse("crop:512").Apply(Scenes.Natural(120, 80)).Width, ImagePerturbation.Parse("crop:512").Apply(Scenes.Natural(120, 80)).Height));

    [Theory]
    [InlineData("jpeg")]
    [InlineData("jpeg:0")]
    [InlineData("jpeg:101")]
    [InlineData("resize:9")]
    [InlineData("blur:2")]
    [InlineData("crop:8")]
    public void Bad_steps_are_refused_with_a_message(string text)
    {
        var e = Assert.Throws<FormatException>(() => ImagePerturbation.Parse(text));
        Assert.Contains("perturb", e.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void None_changes_nothing()
    {
        var image = Scenes.Natural(64, 64);
        Assert.True(ImagePerturbation.Parse("none").IsNone);
        Assert.Same(image, ImagePerturbation.Parse(null).Apply(image));
    }
}
