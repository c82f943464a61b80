using FakeLens.Imaging.Decoding;
using FakeLens.Imaging.Features;
using FakeLens.TestSupport;

namespace FakeLens.Imaging.Tests.Features;

public sealed class ImagePatchFeaturesTests
{
    private static readonly ImagePatchFeatures All = new();

    private static float Feature(float[] f, string name) => f[IndexOf(name)];

    private static int IndexOf(string name)
    {
        var i = All.Names.ToList().IndexOf(name);
        Assert.True(i >= 0, $"no feature named {name}");
        return i;
    }

    /// <summary>
    /// Adds the two traces an up-sampling layer leaves with period <paramref name="period"/> px: a gain that varies
    /// periodically along rows and columns (content-modulated, so its power spreads along the lines u = k and v = k)
    /// and a faint lattice of dots (power at the point (k, k)).
    /// </summary>
    private static RgbImage WithPeriodicTrace(RgbImage image, int period, int amplitude)
    {
        var p = (byte[])image.Pixels.Clone();
        for (var y = 0; y < image.Height; y++)
        {
            for (var x = 0; x < image.Width; x++)
            {
                var gain = 1 + (0.06 * ((x % period == 0 ? 1 : 0) + (y % period == 0 ? 1 : 0)));
                var dot = x % period == 0 && y % period == 0 ? amplitude : 0;
                for (var c = 0; c < 3; c++)
                {
                    var i = (((y * image.Width) + x) * 3) + c;
                    p[i] = (byte)Math.Clamp((int)Math.Round((p[i] * gain) + dot), 0, 255);
                }
            }
        }

        return new RgbImage(image.Width, image.Height, p);
    }

    [Fact]
    public void Names_match_the_vector_for_every_family_alone_and_together()
    {
        var image = Scenes.Natural(300, 300, seed: 3);
        var rect = new PatchRect(10, 20, 256);
        var total = 0;
        foreach (var family in new[] { ImageFeatureFamilies.Spectral, ImageFeatureFamilies.Npr, ImageFeatureFamilies.Spam, ImageFeatureFamilies.Colour, ImageFeatureFamilies.Noise, ImageFeatureFamilies.ResNet })
        {
            var extractor = new ImagePatchFeatures(family);
            var f = extractor.Extract(image, rect);
            Assert.Equal(extractor.Count, f.Length);
            Assert.Equal(family, ImagePatchFeatures.FamiliesOf(extractor.Names));
            Assert.All(f, v => Assert.True(float.IsFinite(v)));
            total += extractor.Count;
        }

        var all = All.Extract(image, rect);
        Assert.Equal(total, all.Length);
        Assert.Equal(All.Names.Count, All.Names.Distinct(StringComparer.Ordinal).Count());

        // One feature code for train, eval and scan: the same patch gives the same numbers every time.
        Assert.Equal(all, All.Extract(image, rect));
    }

    [Theory]
    [InlineData(4, "1/4")]
    [InlineData(8, "1/8")]
    public void A_periodic_up_sampling_trace_raises_the_spectral_peak_at_its_frequency(int period, string peak)
    {
        var clean = Scenes.Natural(256, 256, seed: 11);
        var traced = WithPeriodicTrace(clean, period, amplitude: 3);
        var rect = new PatchRect(0, 0, 256);
        var a = All.Extract(clean, rect);
        var b = All.Extract(traced, rect);

        // The point (k, k) and the line at k stand out.
        Assert.True(Feature(b, $"spectral.g.point{peak}") > Feature(a, $"spectral.g.point{peak}") + 1, $"point{peak}: {Feature(a, $"spectral.g.point{peak}")} -> {Feature(b, $"spectral.g.point{peak}")}");
        Assert.True(Feature(b, $"spectral.g.line{peak}") > Feature(a, $"spectral.g.line{peak}") + 0.08, $"line{peak}: {Feature(a, $"spectral.g.line{peak}")} -> {Feature(b, $"spectral.g.line{peak}")}");
        if (peak != "1/4")
        {
            return; // a period of 8 px has harmonics at 1/4 and 1/2 as well
        }

        // A period of 4 px has no component at 1/8: those features stay where they were.
        const string other = "1/8";
        Assert.True(Math.Abs(Feature(b, $"spectral.g.point{other}") - Feature(a, $"spectral.g.point{other}")) < 0.5);
        Assert.True(Math.Abs(Feature(b, $"spectral.g.line{other}") - Feature(a, $"spectral.g.line{other}")) < 0.05);
    }

    [Fact]
    public void Nearest_up_sampling_ties_2x2_cells_together_in_the_npr_residual()
    {
        var camera = Scenes.Natural(256, 256, seed: 4, noiseSigma: 3);
        var upsampled = ImageResizer.NearestUp2x(Scenes.Natural(128, 128, seed: 4, noiseSigma: 3));
        var rect = new PatchRect(0, 0, 256);
        var a = All.Extract(camera, rect);
        var b = All.Extract(upsampled, rect);
        Assert.True(Feature(b, "npr.g.zero") > 0.9, $"up-sampled zero share {Feature(b, "npr.g.zero")}");
        Assert.True(Feature(a, "npr.g.zero") < 0.5, $"camera-like zero share {Feature(a, "npr.g.zero")}");
        Assert.True(Feature(b, "npr.g.phase-ratio") < Feature(a, "npr.g.phase-ratio"));
    }

    [Fact]
    public void Grey_patches_have_no_saturation_and_clipped_ones_count_as_saturated()
    {
        var rect = new PatchRect(0, 0, 64);
        var grey = All.Extract(Scenes.Flat(64, 64), rect);
        Assert.Equal(0f, Feature(grey, "colour.sat-mean"), 3);
        Assert.Equal(0f, Feature(grey, "colour.saturated"), 3);
        var white = All.Extract(Scenes.Flat(64, 64, 255, 255, 255), rect);
        Assert.Equal(1f, Feature(white, "colour.saturated"), 3);
    }

    [Fact]
    public void Patches_outside_the_image_or_not_a_power_of_two_are_refused()
    {
        var image = Scenes.Natural(100, 100);
        Assert.Throws<ArgumentOutOfRangeException>(() => All.Extract(image, new PatchRect(0, 0, 128)));
        Assert.Throws<ArgumentOutOfRangeException>(() => All.Extract(image, new PatchRect(0, 0, 48)));
        Assert.Throws<ArgumentOutOfRangeException>(() => All.Extract(image, new PatchRect(80, 0, 32)));
    }

    [Fact]
    public void Family_names_parse_and_describe_round_trip()
    {
        var families = ImagePatchFeatures.ParseFamilies("spectral, NPR");
        Assert.Equal(ImageFeatureFamilies.Spectral | ImageFeatureFamilies.Npr, families);
        Assert.Equal("spectral,npr", ImagePatchFeatures.Describe(families));
        Assert.Equal(ImageFeatureFamilies.All, ImagePatchFeatures.ParseFamilies("all"));
        Assert.Throws<ArgumentException>(() => ImagePatchFeatures.ParseFamilies("clip"));
    }

    /// <summary>
    /// perf11: an extractor reuses one set of patch planes and scratch buffers (spectral transform, SPAM's quantised luma,
    /// ResNet-18's input tensors) from patch to patch. Patches of three sides in turn, on a synthetic scene and a real
    /// Kodak photo, every family with the ResNet-18 stage statistics: the reused buffers, and the same buffers filled with
    /// NaN before the patch, give exactly the vector of a fresh extractor (freshly allocated, zeroed buffers, as every
    /// call had before).
    /// </summary>
    [Fact]
    public void Reused_and_poisoned_buffers_give_the_features_of_fresh_ones_bit_for_bit()
    {
        const ImageFeatureFamilies families = ImageFeatureFamilies.All | ImageFeatureFamilies.ResNetLayers;
        var photo = ImageDecoder.Decode(File.ReadAllBytes(TestData.Path("images", "real", "kodak24", "kodim09.png")), 100_000_000).Image;
        foreach (var image in (RgbImage[])[Scenes.Natural(600, 400, seed: 5), photo])
        {
            var reused = new ImagePatchFeatures(families);
            PatchRect[] rects = [new(0, 0, 256), new(240, 100, 256), new(10, 20, 128), new(200, 200, 64), new(244, 144, 256), new(17, 33, 64)];
            foreach (var rect in rects)
            {
                var fresh = new ImagePatchFeatures(families).Extract(image, rect);
                Assert.Equal(fresh, reused.Extract(image, rect));
                Assert.Equal(fresh, reused.ExtractPoisoned(image, rect));
                Assert.All(fresh, v => Assert.True(float.IsFinite(v)));
            }
        }
    }
}
