using FakeLens.Imaging.Decoding;
using FakeLens.Imaging.Features;
using FakeLens.TestSupport;

namespace FakeLens.Imaging.Tests.Features;

public sealed class ResNet18FeaturesTests
{
    private static readonly ImagePatchFeatures ResNet = new(ImageFeatureFamilies.ResNet);

    [Fact]
    public void A_patch_gives_512_pooled_activations_that_repeat_exactly()
    {
        var image = Scenes.Natural(256, 256, seed: 5);
        var a = ResNet.Extract(image, new PatchRect(0, 0, 256));
        var b = ResNet.Extract(image, new PatchRect(0, 0, 256));

        Assert.Equal(ResNet18Features.Count, a.Length);
        Assert.Equal("resnet18.pool.000", ResNet.Names[0]);
        Assert.All(a, v => Assert.True(float.IsFinite(v) && v >= 0, "pooled ReLU activations are finite and non-negative"));
        Assert.True(a.Count(v => v > 0) > 100, "a natural scene activates many channels");
        Assert.Equal(a, b);
    }

    [Fact]
    public void The_network_sees_the_native_centre_crop_not_a_resized_patch()
    {
        // Two 256 px images that share their centre 224 px and differ only in the 16 px border: a centre crop gives
        // identical features, a resize of the whole patch would not.
        var inner = Scenes.Natural(256, 256, seed: 8);
        var other = Scenes.Natural(256, 256, seed: 99);
        var mixed = Scenes.Paste(other, inner, 16, 16, 224, 224, 16, 16);
        var a = ResNet.Extract(inner, new PatchRect(0, 0, 256));
        var b = ResNet.Extract(mixed, new PatchRect(0, 0, 256));
        Assert.Equal(a, b);

        // … and the content matters: another scene gives other features.
        var c = ResNet.Extract(other, new PatchRect(0, 0, 256));
        var diff = a.Zip(c, (x, y) => Math.Abs(x - y)).Sum();
        Assert.True(diff > 1, $"features of different scenes differ (L1 {diff})");
    }

    [Fact]
    public void Small_patches_are_mirror_padded_and_still_give_features()
    {
        var image = Scenes.Natural(128, 128, seed: 3);
        var f = ResNet.Extract(image, new PatchRect(0, 0, 128));
        Assert.Equal(ResNet18Features.Count, f.Length);
        Assert.Contains(f, v => v > 0);
    }

    [Fact]
    public void The_families_parse_and_describe_resnet_and_handmade()
    {
        Assert.Equal(ImageFeatureFamilies.ResNet, ImagePatchFeatures.ParseFamilies("resnet"));
        Assert.Equal(ImageFeatureFamilies.Handmade, ImagePatchFeatures.ParseFamilies("handmade"));
        Assert.Equal("handmade", ImagePatchFeatures.Describe(ImageFeatureFamilies.Handmade));
        Assert.Equal(ImageFeatureFamilies.ResNet | ImageFeatureFamilies.Colour, ImagePatchFeatures.FamiliesOf(new ImagePatchFeatures(ImageFeatureFamilies.ResNet | ImageFeatureFamilies.Colour).Names));
    }
}
