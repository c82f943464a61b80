using FakeLens.Core.Detection;
using FakeLens.Core.Evidence;
using FakeLens.Imaging.Decoding;
using FakeLens.Imaging.Lighting;
using FakeLens.TestSupport;

namespace FakeLens.Imaging.Tests.Lighting;

public sealed class LightingConsistencyDetectorTests
{
    private const int W = 640;
    private const int H = 400;

    [Theory]
    [InlineData(30.0)]
    [InlineData(135.0)]
    [InlineData(260.0)]
    public void Light_angle_of_a_shaded_sphere_is_recovered_within_ten_degrees(double theta)
    {
        var scene = Spheres(5, (320, 200, 90, theta));

        var analysis = LightingAnalyzer.Analyze(scene, null, CancellationToken.None);

        var region = Assert.Single(analysis.Regions, r => r.Usable);
        Assert.True(LightDirectionEstimator.AngleBetween(region.Light.AngleDegrees, theta) <= 10, $"estimated {region.Light.AngleDegrees:0.0}° for {theta}°");
        Assert.InRange(region.Light.SigmaDegrees, 0.01, 15);
    }

    [Fact]
    public async Task Lighting_reports_two_spheres_lit_from_opposite_sides_as_inconsistent()
    {
        var found = await Analyze(Spheres(6, (170, 200, 85, 20.0), (470, 200, 85, 200.0)));

        Assert.Equal("lighting.contours.inconsistent", found.Id);
        Assert.Equal(EvidenceDirection.Manipulated, found.Direction);
        Assert.InRange(found.LikelihoodRatio, 1.5, 2.5);
        Assert.Equal(2, found.Regions.Count(r => r.Label.Contains("light from", StringComparison.Ordinal)));
        Assert.Contains(found.Heatmap!.Values, v => v > 0.2f);
        Assert.True(Score(found) >= 0.8);
    }

    [Fact]
    public async Task Lighting_reports_spheres_lit_alike_as_consistent()
    {
        var found = await Analyze(Spheres(7, (170, 200, 85, 120.0), (470, 210, 70, 120.0)));

        Assert.Equal("lighting.contours.consistent", found.Id);
        Assert.Equal(EvidenceDirection.Neutral, found.Direction);
        Assert.All(found.Heatmap!.Values, v => Assert.Equal(0f, v));
        Assert.True(Score(found) < 0.2);
    }

    [Fact]
    public async Task Lighting_points_at_the_one_sphere_lit_differently_among_three()
    {
        var found = await Analyze(Spheres(8, (120, 200, 70, 60.0), (320, 200, 70, 60.0), (520, 200, 70, 240.0)));

        Assert.Equal("lighting.contours.inconsistent", found.Id);
        var top = found.Regions.MaxBy(r => r.Score)!;
        Assert.InRange(top.X + (top.Width / 2), 480, 560);
    }

    [Fact]
    public async Task Lighting_with_a_single_object_says_too_little_to_judge()
    {
        var found = await Analyze(Spheres(9, (320, 200, 90, 45.0)));

        Assert.Equal("lighting.contours.too-little", found.Id);
        Assert.Equal(EvidenceDirection.Neutral, found.Direction);
        Assert.Contains("Too little to judge", found.Title, StringComparison.Ordinal);
        Assert.NotNull(found.Heatmap);
    }

    [Fact]
    public async Task Lighting_on_a_flat_image_says_too_little_to_judge()
    {
        var found = await Analyze(Scenes.Flat(300, 200));

        Assert.Equal("lighting.contours.too-little", found.Id);
        Assert.True(found.Reliability <= 0.1);
    }

    [Fact]
    public void Estimator_refuses_normals_covering_too_small_an_arc()
    {
        var n = 40;
        var nx = new double[n];
        var ny = new double[n];
        var iv = new double[n];
        for (var i = 0; i < n; i++)
        {
            var a = (i - (n / 2)) * 0.5 * Math.PI / 180; // 20° of arc in all
            nx[i] = Math.Cos(a);
            ny[i] = Math.Sin(a);
            iv[i] = 100 + (50 * nx[i]);
        }

        var fit = LightDirectionEstimator.Fit(nx, ny, iv);

        Assert.NotNull(fit);
        Assert.InRange(fit!.SpanDegrees, 15, 25);
        var why = LightingAnalyzer.WhyUnusable(fit);
        Assert.NotNull(why);
        Assert.Contains("turns through only", why, StringComparison.Ordinal);
    }

    [Fact]
    public void Refusal_rule_accepts_a_full_circle_and_names_each_failed_condition()
    {
        var n = 72;
        var nx = new double[n];
        var ny = new double[n];
        var iv = new double[n];
        for (var i = 0; i < n; i++)
        {
            var a = i * 5 * Math.PI / 180;
            nx[i] = Math.Cos(a);
            ny[i] = Math.Sin(a);
            iv[i] = 100 + (50 * Math.Max(0, Math.Cos(a - 1.0)));
        }

        var good = LightDirectionEstimator.Fit(nx, ny, iv)!;
        Assert.Null(LightingAnalyzer.WhyUnusable(good));
        Assert.Contains("too few", LightingAnalyzer.WhyUnusable(good with { Samples = 19 }), StringComparison.Ordinal);
        Assert.Contains("turns through only 119", LightingAnalyzer.WhyUnusable(good with { SpanDegrees = 119 }), StringComparison.Ordinal);
        Assert.Contains("almost no shading", LightingAnalyzer.WhyUnusable(good with { Strength = 3.9 }), StringComparison.Ordinal);
        Assert.Contains("too uncertain", LightingAnalyzer.WhyUnusable(good with { SigmaDegrees = 31 }), StringComparison.Ordinal);
        Assert.Null(LightingAnalyzer.WhyUnusable(good with { Samples = 20, SpanDegrees = 120, Strength = 4, SigmaDegrees = 30 }));
    }

    /// <summary>Lambertian spheres on a dark ground, each lit from its own angle (0° = right, 90° = above) at 30° elevation, plus sensor noise.</summary>
    internal static RgbImage Spheres(int seed, params (int Cx, int Cy, int R, double Theta)[] spheres)
    {
        var rng = new Random(seed);
        var px = new byte[W * H * 3];
        for (var y = 0; y < H; y++)
        {
            for (var x = 0; x < W; x++)
            {
                double v = 22;
                foreach (var (cx, cy, r, theta) in spheres)
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
                    v = 55 + (170 * Math.Max(0, dot));
                }

                var b = (byte)Math.Clamp(Math.Round(v + (2 * Scenes.Gaussian(rng))), 0, 255);
                px[((y * W) + x) * 3] = px[(((y * W) + x) * 3) + 1] = px[(((y * W) + x) * 3) + 2] = b;
            }
        }

        return new RgbImage(W, H, px);
    }

    internal static double Score(Evidence e) => double.Parse(e.Facts.Single(f => f.Name == "score").Value, System.Globalization.CultureInfo.InvariantCulture);

    private static async Task<Evidence> Analyze(RgbImage image) =>
        Assert.Single(await new LightingConsistencyDetector().AnalyzeAsync(AnalysisContext.FromBytes(ImageEncoder.Png(image), "scene.png"), CancellationToken.None));
}
