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

    [Fact]
    public void The_layer_statistics_come_from_the_same_pass_and_leave_the_pooled_activations_as_they_were()
    {
        var both = new ImagePatchFeatures(ImageFeatureFamilies.ResNet | ImageFeatureFamilies.ResNetLayers);
        var layersOnly = new ImagePatchFeatures(ImageFeatureFamilies.ResNetLayers);
        var image = Scenes.Natural(256, 256, seed: 5);
        var pooled = ResNet.Extract(image, new PatchRect(0, 0, 256));
        var all = both.Extract(image, new PatchRect(0, 0, 256));
        var layers = layersOnly.Extract(image, new PatchRect(0, 0, 256));

        Assert.Equal(ResNet18Features.Count + ResNet18Features.LayerCount, all.Length);
        Assert.Equal(896, ResNet18Features.LayerCount);
        Assert.Equal(pooled, all.Take(ResNet18Features.Count));
        Assert.Equal(layers, all.Skip(ResNet18Features.Count));
        Assert.Equal("resnet18layers.layer1.mean.000", layersOnly.Names[0]);
        Assert.Equal("resnet18layers.layer3.std.255", layersOnly.Names[^1]);
        Assert.All(layers, v => Assert.True(float.IsFinite(v) && v >= 0, "means and standard deviations of ReLU outputs are finite and non-negative"));
        Assert.Equal(ImageFeatureFamilies.ResNet | ImageFeatureFamilies.ResNetLayers, ImagePatchFeatures.FamiliesOf(both.Names));
        Assert.Equal(ImageFeatureFamilies.All | ImageFeatureFamilies.ResNetLayers, ImagePatchFeatures.ParseFamilies("all,resnet-layers"));
        Assert.Equal("all,resnet-layers", ImagePatchFeatures.Describe(ImageFeatureFamilies.All | ImageFeatureFamilies.ResNetLayers));
    }

    [Fact]
    public void Early_layer_spread_rises_with_fine_noise_that_the_pooled_output_barely_sees()
    {
        // Same scene, one copy with fine Gaussian noise (a sensor-like trace): stage 1 statistics must move clearly.
        var clean = Scenes.Natural(256, 256, seed: 12, noiseSigma: 0);
        var noisy = Scenes.AddNoise(clean, 8, 0, 0, 256, 256);
        var f = new ImagePatchFeatures(ImageFeatureFamilies.ResNetLayers);
        var a = f.Extract(clean, new PatchRect(0, 0, 256));
        var b = f.Extract(noisy, new PatchRect(0, 0, 256));
        var layer1 = Enumerable.Range(0, 128).ToArray();
        var change = layer1.Sum(i => Math.Abs(a[i] - b[i])) / layer1.Sum(i => Math.Abs(a[i]) + 1e-6);
        Assert.True(change > 0.05, $"stage-1 statistics change by {change:P1} with noise");
    }

    [Fact]
    public void Channel_statistics_are_the_mean_and_population_deviation_of_each_plane()
    {
        float[] values = [1, 3, 1, 3, 0, 0, 0, 8];
        var mean = new float[2];
        var std = new float[2];
        ResNet18Features.ChannelStats(values, 2, mean, std);
        Assert.Equal([2f, 2f], mean);
        Assert.Equal(1, std[0], 5);
        Assert.Equal(Math.Sqrt(12), std[1], 5);
    }
}
