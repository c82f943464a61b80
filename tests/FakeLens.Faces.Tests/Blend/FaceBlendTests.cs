using FakeLens.Core.Detection;
using FakeLens.Core.Evidence;
using FakeLens.Faces.Blend;
using FakeLens.Faces.Still;
using FakeLens.Imaging.Decoding;

namespace FakeLens.Faces.Tests.Blend;

public sealed class FaceBlendTests
{
    /// <summary>A pasted-face seam a face swap could leave: a copy warmer by 18 levels, slightly blurred and 2 % larger, in a soft hull mask.</summary>
    private static readonly SelfBlendSettings Seam = new(
        Contrast: 1.0, ShiftR: 18, ShiftG: 6, ShiftB: -6, BlurSigma: 1.0, Sharpen: 0, Scale: 1.02, ShiftX: 0, ShiftY: 0,
        InnerPointsOnly: false, Shrink: 0.9, HullJitter: 0, Morph: 0, MaskSigma: 0.015, Ratio: 1);

    private static readonly Lazy<(RgbImage Image, FaceObservation Face)> Portrait = new(() =>
    {
        // Downscaled (face about 240 px wide, as in a shared photo) and re-encoded as JPEG 85, as in training.
        var image = BlendRecode.Apply(ImageResizer.Resize(FaceFixtures.Decode(FaceFixtures.PortraitPath), 1006, 1006), BlendCodec.Jpeg85);
        return (image, Assert.Single(FaceFixtures.Engine.Find(image, tiles: true)));
    });

    private static RgbImage Seamed(RgbImage image, FaceObservation face) => BlendRecode.Apply(SelfBlender.Blend(image, face.Mesh, Seam, new Random(1)).Image, BlendCodec.Jpeg85);

    [Fact]
    public void Self_blending_changes_the_face_and_leaves_the_background_alone()
    {
        var (image, face) = Portrait.Value;

        var (blended, mask) = SelfBlender.Blend(image, face.Mesh, Seam, new Random(1));

        var (cx, cy) = ((int)face.Box.X + ((int)face.Box.Width / 2), (int)face.Box.Y + ((int)face.Box.Height / 2));
        Assert.True(mask[(cy * image.Width) + cx] > 0.95f, "the face centre is inside the mask");
        Assert.Equal(0f, mask[0]);
        Assert.Equal(0f, mask[^1]);
        var i = ((cy * image.Width) + cx) * 3;
        Assert.True(blended.Pixels[i] > image.Pixels[i] + 8, "the face is warmer");
        Assert.Equal(image.Pixels.AsSpan(0, 3 * image.Width * 50).ToArray(), blended.Pixels.AsSpan(0, 3 * image.Width * 50).ToArray());
    }

    [Fact]
    public void Blend_features_see_the_colour_step_all_around_the_outline_of_a_pasted_face()
    {
        var (image, face) = Portrait.Value;
        var seamed = Seamed(image, face);
        var seamedFace = Assert.Single(FaceFixtures.Engine.Find(seamed, tiles: true));

        var before = FaceBlendFeatures.Measure(image, face.Mesh);
        var after = FaceBlendFeatures.Measure(seamed, seamedFace.Mesh);

        Assert.NotNull(before);
        Assert.NotNull(after);
        Assert.Equal(FaceBlendFeatures.Names.Count, before.Features.Length);
        Assert.All(before.Features, v => Assert.True(float.IsFinite(v)));
        // The pasted face is warmer all around its outline: the seam search finds a consistent Cr step.
        var cr = FaceBlendFeatures.Names.ToList().IndexOf("blend.seam.cr.max_abs_t");
        Assert.True(after.Features[cr] > 1.2 * before.Features[cr], $"Cr seam t {after.Features[cr]} vs {before.Features[cr]}");
    }

    [Fact]
    public void A_tiny_face_is_not_measured()
    {
        var (image, face) = Portrait.Value;
        var small = ImageResizer.Resize(image, 120, 120);
        var found = FaceFixtures.Engine.Find(small, tiles: true);

        Assert.All(found, f => Assert.Null(FaceBlendFeatures.Measure(small, f.Mesh)));
        Assert.NotNull(FaceBlendFeatures.Measure(image, face.Mesh));
    }

    [Fact]
    public void The_model_file_refuses_features_of_another_version()
    {
        var json = """{"featureVersion":1,"names":["a"],"mean":[0],"scale":[1],"hidden":[],"hiddenBias":[],"output":[1],"outputBias":0,"threshold":0.5}""";

        var error = Assert.Throws<InvalidDataException>(() => FaceBlendModel.Load(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(json))));
        Assert.Contains("Retrain", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_model_trained_on_self_blends_separates_them_from_the_originals()
    {
        // Tiny end-to-end check of training: features of the portrait and of blends of itself, logistic regression.
        var (image, face) = Portrait.Value;
        var rng = new Random(3);
        var rows = new List<float[]>();
        var labels = new List<int>();
        for (var k = 0; k < 6; k++)
        {
            var shifted = BlendRecode.Apply(ImageResizer.Resize(image, 1006 - (k * 40), 1006 - (k * 40)), BlendCodec.Jpeg85);
            var f = FaceFixtures.Engine.Find(shifted, tiles: true).First();
            rows.Add(FaceBlendFeatures.Measure(shifted, f.Mesh)!.Features);
            labels.Add(0);
            var blended = BlendRecode.Apply(SelfBlender.Blend(shifted, f.Mesh, Seam with { ShiftR = 12 + k, Ratio = 0.75 + (0.05 * k) }, rng).Image, BlendCodec.Jpeg85);
            var g = FaceFixtures.Engine.Find(blended, tiles: true).First();
            rows.Add(FaceBlendFeatures.Measure(blended, g.Mesh)!.Features);
            labels.Add(1);
        }

        var model = FaceBlendModel.Train(rows, labels, hidden: 0, l2: 1e-2, epochs: 200, seed: 1);
        var scores = rows.Select(r => model.Score(r)).ToList();

        Assert.Equal(1.0, FaceBlendTraining.Auc(scores, labels.Select(l => l == 1).ToList()));
    }

    [Fact]
    public void The_shipped_model_scores_the_real_portrait_low_and_the_pasted_face_on_it_higher()
    {
        var (image, face) = Portrait.Value;
        var model = FaceBlendModel.LoadDefault();
        var real = model.Score(FaceBlendFeatures.Measure(image, face.Mesh)!.Features);
        var seamed = Seamed(image, face);
        var fake = model.Score(FaceBlendFeatures.Measure(seamed, FaceFixtures.Engine.Find(seamed, tiles: true).First().Mesh)!.Features);

        // Pinned on the shipped model (fails when features or model drift). The seam scores 0.93: above ~85 % of
        // held-out real faces but under the 1 % threshold (0.998) — the detector's known weakness (docs/faces.md).
        Assert.InRange(real, RealPortraitScore - 0.03, RealPortraitScore + 0.03);
        Assert.InRange(fake, SeamScore - 0.03, SeamScore + 0.03);
        Assert.True(real < model.Threshold);
    }

    [Fact]
    public async Task The_still_detector_maps_a_flagged_face_and_passes_a_clean_one()
    {
        // The shipped model with its threshold lowered between the two pinned scores: tests the finding, region and map.
        var (image, face) = Portrait.Value;
        var model = FaceBlendModel.LoadDefault();
        model.Threshold = (RealPortraitScore + SeamScore) / 2;
        var detector = new FaceBlendDetector(new FaceEngineProvider(), () => model);

        var clean = Assert.Single(await detector.AnalyzeAsync(AnalysisContext.FromBytes(ImageEncoder.Png(image), "portrait.png"), CancellationToken.None));
        var pasted = Assert.Single(await detector.AnalyzeAsync(AnalysisContext.FromBytes(ImageEncoder.Png(Seamed(image, face)), "pasted.png"), CancellationToken.None));

        Assert.Equal(EvidenceDirection.Neutral, clean.Direction);
        Assert.Null(clean.Heatmap);
        Assert.Equal(EvidenceDirection.Manipulated, pasted.Direction);
        Assert.Equal(FaceBlendEvidence.LikelihoodRatio, pasted.LikelihoodRatio);
        var map = Assert.IsType<Heatmap>(pasted.Heatmap);
        var region = Assert.Single(pasted.Regions);
        // The map is lit only around the face: every lit cell lies within 1.5 face boxes of the face's centre.
        var cx = region.X + (region.Width / 2.0);
        var cy = region.Y + (region.Height / 2.0);
        for (var i = 0; i < map.Values.Length; i++)
        {
            if (map.Values[i] > 0)
            {
                var x = ((i % map.Width) + 0.5) * image.Width / map.Width;
                var y = ((i / map.Width) + 0.5) * image.Height / map.Height;
                Assert.True(Math.Abs(x - cx) < 1.5 * region.Width && Math.Abs(y - cy) < 1.5 * region.Height, $"lit cell at {x},{y}");
            }
        }

        Assert.Contains(map.Values, v => v > 0);
    }

    internal const double RealPortraitScore = 0.372;
    internal const double SeamScore = 0.933;
}
