using System.Security.Cryptography;
using FakeLens.Imaging.Decoding;
using FakeLens.Imaging.Features;
using FakeLens.TestSupport;

namespace FakeLens.Imaging.Tests.Features;

public sealed class ResNetNprFeaturesTests
{
    private const ImageFeatureFamilies V10 = ImageFeatureFamilies.All | ImageFeatureFamilies.ResNetLayers;

    private static RgbImage Kodim09() => ImageDecoder.Decode(File.ReadAllBytes(TestData.Path("images", "real", "kodak24", "kodim09.png")), 100_000_000).Image;

    private static string Sha(float[] values)
    {
        var bytes = new byte[values.Length * sizeof(float)];
        Buffer.BlockCopy(values, 0, bytes, 0, bytes.Length);
        return Convert.ToHexStringLower(SHA256.HashData(bytes));
    }

    /// <summary>
    /// Issue 13 round 13: the residual block is off by default and v10's 1,580 features do not move with its code
    /// present. The SHA-256 of v10's vector of two patches (a Kodak photo and a synthetic scene) as computed before the
    /// block existed (main at bbc26b1, this machine); a change to any number v10 computes changes the hash.
    /// </summary>
    [Fact]
    public void V10s_1580_features_are_bit_identical_to_those_before_the_block()
    {
        var extractor = new ImagePatchFeatures(V10);
        Assert.Equal(1580, extractor.Count);
        var photo = extractor.Extract(Kodim09(), new PatchRect(100, 60, 256));
        var scene = extractor.Extract(Scenes.Natural(300, 300, seed: 3), new PatchRect(10, 20, 256));
        Assert.Equal("c1d160ef8e7671cbbe2576ae7627206f6b7c7bb14d03fb022d9400bee7e5bddf", Sha(photo));
        Assert.Equal("6101a8fb77b3ee9b0f70cbd0c9c4f4704a57834d023e3560e115aecb8ed0e6b4", Sha(scene));
    }

    [Fact]
    public void The_block_gives_512_named_features_after_v10s_which_it_leaves_as_they_were()
    {
        var block = new ImagePatchFeatures(ImageFeatureFamilies.ResNetNpr);
        Assert.Equal(ResNet18Features.Count, block.Count);
        Assert.Equal("resnet18npr.pool.000", block.Names[0]);
        Assert.Equal("resnet18npr.pool.511", block.Names[^1]);
        Assert.Equal(ImageFeatureFamilies.ResNetNpr, ImagePatchFeatures.FamiliesOf(block.Names));

        var image = Scenes.Natural(300, 300, seed: 3);
        var rect = new PatchRect(10, 20, 256);
        var alone = block.Extract(image, rect);
        Assert.All(alone, v => Assert.True(float.IsFinite(v) && v >= 0, "pooled ReLU activations are finite and non-negative"));
        Assert.True(alone.Count(v => v > 0) > 100, "the residual activates many channels");
        Assert.Equal(alone, block.Extract(image, rect));

        // The block's columns come last: v10's 1,580 are the first, bit for bit, and the block's the rest.
        var together = new ImagePatchFeatures(V10 | ImageFeatureFamilies.ResNetNpr);
        Assert.Equal(1580 + 512, together.Count);
        Assert.Equal(together.Count, together.Names.Distinct(StringComparer.Ordinal).Count());
        var both = together.Extract(image, rect);
        Assert.Equal(new ImagePatchFeatures(V10).Extract(image, rect), both[..1580]);
        Assert.Equal(alone, both[1580..]);

        // It sees something else than the pixel network: the residual of the same patch gives other activations.
        var pixels = new ImagePatchFeatures(ImageFeatureFamilies.ResNet).Extract(image, rect);
        Assert.True(alone.Zip(pixels, (a, b) => Math.Abs(a - b)).Sum() > 1, "residual and pixel features differ");
    }

    [Fact]
    public void The_block_is_in_no_default_set_and_its_name_parses_and_describes()
    {
        Assert.False(ImageFeatureFamilies.All.HasFlag(ImageFeatureFamilies.ResNetNpr));
        Assert.False(new ImagePatchFeatures().Families.HasFlag(ImageFeatureFamilies.ResNetNpr));
        Assert.Equal(ImageFeatureFamilies.ResNetNpr, ImagePatchFeatures.ParseFamilies("resnet-npr"));
        var families = ImagePatchFeatures.ParseFamilies("all,resnet-layers,resnet-npr");
        Assert.Equal(V10 | ImageFeatureFamilies.ResNetNpr, families);
        Assert.Equal("all,resnet-layers,resnet-npr", ImagePatchFeatures.Describe(families));
        Assert.Equal(families, ImagePatchFeatures.ParseFamilies(ImagePatchFeatures.Describe(families)));
        Assert.Equal("all,resnet-layers", ImagePatchFeatures.Describe(V10));
        Assert.Equal("resnet,resnet-npr", ImagePatchFeatures.Describe(ImageFeatureFamilies.ResNet | ImageFeatureFamilies.ResNetNpr));
    }

    /// <summary>
    /// The network input: a flat patch of any grey has no residual, so every input value is exactly mid-grey and two flat
    /// patches of different levels give the same features; a smooth ramp gives a near-constant input (a few steps of the
    /// gain) where a textured scene spreads it; a patch nearest-up-sampled by 2 on the cell grid has no residual either.
    /// </summary>
    [Fact]
    public void A_flat_or_smooth_patch_gives_a_near_constant_input_and_a_textured_one_does_not()
    {
        var buffer = new float[3 * ResNet18Features.Side * ResNet18Features.Side];
        foreach (var grey in (byte[])[30, 128, 220])
        {
            ResNet18Features.FillInput(Planes(Scenes.Flat(256, 256, grey, grey, grey)), buffer, residual: true);
            Assert.All(buffer, v => Assert.Equal(128f, v));
        }

        var block = new ImagePatchFeatures(ImageFeatureFamilies.ResNetNpr);
        Assert.Equal(block.Extract(Scenes.Flat(256, 256, 30, 60, 90), new PatchRect(0, 0, 256)), block.Extract(Scenes.Flat(256, 256, 220, 200, 10), new PatchRect(0, 0, 256)));

        // A ramp of a quarter grey level per pixel each way, rounded down: the residual is 0 or 1 (128 or 128 + the gain).
        var ramp = new byte[256 * 256 * 3];
        for (var y = 0; y < 256; y++)
        {
            for (var x = 0; x < 256; x++)
            {
                for (var c = 0; c < 3; c++)
                {
                    ramp[(((y * 256) + x) * 3) + c] = (byte)((x + y) / 4);
                }
            }
        }

        ResNet18Features.FillInput(Planes(new RgbImage(256, 256, ramp)), buffer, residual: true);
        Assert.All(buffer, v => Assert.InRange(v, 128f, 128f + (2 * ResNet18Features.ResidualGain)));
        Assert.True(Std(buffer) < 3, $"a smooth ramp gives a near-constant input (std {Std(buffer):0.00})");

        ResNet18Features.FillInput(Planes(Scenes.Natural(256, 256, seed: 4, noiseSigma: 3)), buffer, residual: true);
        Assert.True(Std(buffer) > 10, $"a textured scene spreads the input (std {Std(buffer):0.00})");
        Assert.All(buffer, v => Assert.InRange(v, 0f, 255f));

        ResNet18Features.FillInput(Planes(ImageResizer.NearestUp2x(Scenes.Natural(128, 128, seed: 4, noiseSigma: 3))), buffer, residual: true);
        Assert.All(buffer, v => Assert.Equal(128f, v));

        // Without the residual the input is the pixels of the centre crop, as before.
        var scene = Scenes.Natural(256, 256, seed: 6);
        ResNet18Features.FillInput(Planes(scene), buffer, residual: false);
        Assert.Equal(scene.Pixels[(((16 * 256) + 16) * 3) + 1], buffer[(ResNet18Features.Side * ResNet18Features.Side) + 0]);
    }

    /// <summary>As ImagePatchFeaturesTests' poisoned-buffer test, with the block: reused and NaN-filled buffers give a fresh extractor's vector.</summary>
    [Fact]
    public void Reused_and_poisoned_buffers_give_the_blocks_features_of_fresh_ones_bit_for_bit()
    {
        const ImageFeatureFamilies families = V10 | ImageFeatureFamilies.ResNetNpr;
        foreach (var image in (RgbImage[])[Scenes.Natural(600, 400, seed: 5), Kodim09()])
        {
            var reused = new ImagePatchFeatures(families);
            PatchRect[] rects = [new(0, 0, 256), new(241, 101, 256), new(10, 20, 128), new(17, 33, 64)];
            foreach (var rect in rects)
            {
                var fresh = new ImagePatchFeatures(families).Extract(image, rect);
                Assert.Equal(fresh, reused.Extract(image, rect));
                Assert.Equal(fresh, reused.ExtractPoisoned(image, rect));
                Assert.All(fresh, v => Assert.True(float.IsFinite(v)));
            }
        }
    }

    private static PatchPlanes Planes(RgbImage image)
    {
        var planes = new PatchPlanes(256);
        planes.Load(image, new PatchRect(0, 0, 256));
        return planes;
    }

    private static double Std(float[] values)
    {
        var mean = values.Average(v => (double)v);
        return Math.Sqrt(values.Average(v => (v - mean) * (v - mean)));
    }
}
