using FakeLens.Core.Detection;
using FakeLens.Core.Evidence;
using FakeLens.Imaging.Decoding;
using FakeLens.Imaging.Lighting;
using FakeLens.TestSupport;

namespace FakeLens.Imaging.Tests.Lighting;

public sealed class ShadowConsistencyDetectorTests
{
    private const int W = 640;
    private const int H = 400;

    [Fact]
    public void Shadow_of_a_sphere_points_away_from_the_light()
    {
        var scene = Scene(1, (200, 170, 60, 150.0, 150.0));
        var analysis = ShadowAnalyzer.Analyze(scene, LightingAnalyzer.Analyze(scene, null, CancellationToken.None), CancellationToken.None);

        var shadow = Assert.Single(analysis.Shadows);
        Assert.True(LightDirectionEstimator.AngleBetween(shadow.LightFromDegrees, 150) <= 20, $"shadow says light from {shadow.LightFromDegrees:0}°");
    }

    [Fact]
    public async Task Shadows_falling_the_same_way_are_consistent()
    {
        var found = await Analyze(Scene(2, (180, 170, 60, 150.0, 150.0), (450, 160, 55, 150.0, 150.0)));

        Assert.Equal("lighting.shadows.consistent", found.Id);
        Assert.Equal(EvidenceDirection.Neutral, found.Direction);
        Assert.Null(found.Heatmap);
    }

    [Fact]
    public async Task A_shadow_on_the_lit_side_of_its_object_is_inconsistent()
    {
        var found = await Analyze(Scene(3, (180, 170, 60, 150.0, 150.0), (450, 160, 55, 150.0, 330.0)));

        Assert.Equal("lighting.shadows.inconsistent", found.Id);
        Assert.Equal(EvidenceDirection.Manipulated, found.Direction);
        Assert.InRange(found.LikelihoodRatio, 1.2, 2.5);
        Assert.True(found.Reliability <= 0.35);
        Assert.Contains(found.Heatmap!.Values, v => v > 0.2f);
    }

    [Fact]
    public async Task A_shadow_turned_by_a_right_angle_is_not_enough_to_call_it()
    {
        var found = await Analyze(Scene(4, (180, 170, 60, 150.0, 150.0), (450, 160, 55, 150.0, 60.0)));

        Assert.NotEqual(EvidenceDirection.Manipulated, found.Direction);
    }

    [Fact]
    public async Task Shadows_on_a_flat_image_are_too_little_to_judge()
    {
        var found = await Analyze(Scenes.Flat(300, 200));

        Assert.Equal("lighting.shadows.too-little", found.Id);
        Assert.Equal(EvidenceDirection.Neutral, found.Direction);
        Assert.True(found.Reliability <= 0.1);
        Assert.Null(found.Heatmap);
    }

    /// <summary>
    /// Lambertian spheres on a grey ground, each shaded by a light from <c>Theta</c> (0° = right, 90° = above, 30° elevation) and
    /// casting a shadow (ground × 0.4) on the side opposite <c>ShadowTheta</c>: equal angles make a physically consistent scene.
    /// </summary>
    private static RgbImage Scene(int seed, params (int Cx, int Cy, int R, double Theta, double ShadowTheta)[] spheres)
    {
        var rng = new Random(seed);
        var px = new byte[W * H * 3];
        for (var y = 0; y < H; y++)
        {
            for (var x = 0; x < W; x++)
            {
                double v = 80;
                foreach (var (cx, cy, r, _, shadowTheta) in spheres)
                {
                    // Shadow: an ellipse 2.2 r long, 0.8 r wide, starting at the sphere and running away from the light.
                    var t = shadowTheta * Math.PI / 180;
                    double ux = -Math.Cos(t), uy = Math.Sin(t);
                    double sx = cx + (ux * r * 1.6), sy = cy + (uy * r * 1.6);
                    double along = ((x - sx) * ux) + ((y - sy) * uy), across = (-(x - sx) * uy) + ((y - sy) * ux);
                    if (((along * along) / (1.21 * r * r)) + ((across * across) / (0.64 * r * r)) <= 1)
                    {
                        v = 32;
                    }
                }

                foreach (var (cx, cy, r, theta, _) in spheres)
                {
                    double nx = (x - cx) / (double)r, ny = (y - cy) / (double)r;
                    var d2 = (nx * nx) + (ny * ny);
                    if (d2 > 1)
                    {
                        continue;
                    }

                    var nz = Math.Sqrt(1 - d2);
                    var t = theta * Math.PI / 180;
                    var e = 30 * Math.PI / 180;
                    var dot = (nx * Math.Cos(e) * Math.Cos(t)) - (ny * Math.Cos(e) * Math.Sin(t)) + (nz * Math.Sin(e));
                    v = 110 + (120 * Math.Max(0, dot));
                }

                var i = ((y * W) + x) * 3;
                for (var c = 0; c < 3; c++)
                {
                    px[i + c] = (byte)Math.Clamp(Math.Round(v + (2 * Scenes.Gaussian(rng))), 0, 255);
                }
            }
        }

        return new RgbImage(W, H, px);
    }

    private static async Task<Evidence> Analyze(RgbImage image) =>
        Assert.Single(await new ShadowConsistencyDetector().AnalyzeAsync(AnalysisContext.FromBytes(ImageEncoder.Png(image), "scene.png"), CancellationToken.None));
}
