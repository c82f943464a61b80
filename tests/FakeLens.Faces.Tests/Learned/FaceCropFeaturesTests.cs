using FakeLens.Faces.Blend;
using FakeLens.Faces.Learned;
using FakeLens.Imaging.Decoding;
using OpenCvSharp;

namespace FakeLens.Faces.Tests.Learned;

public sealed class FaceCropFeaturesTests
{
    [Fact]
    public void Names_are_distinct_and_sized_as_mean_then_std()
    {
        Assert.Equal(2 * FaceBlendDeepFeatures.Count, FaceCropFeatures.DeepTrackNames.Count);
        Assert.Equal(2 * FaceCropFeatures.ConfoundFrameNames.Count, FaceCropFeatures.ConfoundTrackNames.Count);
        var all = FaceCropFeatures.ConfoundTrackNames.Concat(FaceCropFeatures.DeepTrackNames).ToList();
        Assert.Equal(all.Count, all.Distinct(StringComparer.Ordinal).Count());
        Assert.EndsWith(".mean", FaceCropFeatures.DeepTrackNames[0], StringComparison.Ordinal);
        Assert.EndsWith(".std", FaceCropFeatures.DeepTrackNames[FaceBlendDeepFeatures.Count], StringComparison.Ordinal);
    }

    [Fact]
    public void Aggregate_is_mean_then_std_and_skips_unmeasured_frames()
    {
        var row = FaceCropFeatures.Aggregate([[1f, 10f], null, [3f, 10f]], 2);

        Assert.Equal([2f, 10f, 1f, 0f], row);
    }

    [Fact]
    public void An_empty_track_gives_zeros_of_the_full_length()
    {
        var row = FaceCropFeatures.Aggregate([null, null], FaceBlendDeepFeatures.Count);

        Assert.Equal(2 * FaceBlendDeepFeatures.Count, row.Length);
        Assert.All(row, v => Assert.Equal(0f, v));
        Assert.Equal(4, FaceCropFeatures.Aggregate([], 2).Length);
        Assert.Throws<ArgumentException>(() => FaceCropFeatures.Aggregate([[1f]], 2));
    }

    [Fact]
    public void A_face_track_gives_finite_deterministic_features_and_blur_lowers_sharpness()
    {
        var image = ImageResizer.Resize(FaceFixtures.Decode(FaceFixtures.PortraitPath), 640, 640);
        var mesh = FaceFixtures.Engine.Find(image, tiles: false).First().Mesh;

        var first = FaceCropFeatures.Aggregate([FaceBlendDeepFeatures.Measure(image, mesh), FaceBlendDeepFeatures.Measure(image, mesh)], FaceBlendDeepFeatures.Count);
        var second = FaceCropFeatures.Aggregate([FaceBlendDeepFeatures.Measure(image, mesh)], FaceBlendDeepFeatures.Count);
        var confound = FaceCropFeatures.Confound(image, mesh);

        Assert.Equal(FaceCropFeatures.DeepTrackNames.Count, first.Length);
        Assert.All(first, v => Assert.True(float.IsFinite(v)));
        Assert.Equal(second, first); // one frame twice: same mean, zero std
        Assert.Contains(first, v => v > 0);
        Assert.NotNull(confound);
        Assert.Equal(FaceCropFeatures.ConfoundFrameNames.Count, confound.Length);
        Assert.All(confound, v => Assert.True(float.IsFinite(v)));
        Assert.Equal(mesh.Bounds().Width, confound[0], 3);
        Assert.Equal(confound, FaceCropFeatures.Confound(image, mesh));

        var blurred = Blur(image, 4);
        var soft = FaceCropFeatures.Confound(blurred, mesh)!;
        Assert.True(soft[5] < confound[5] / 2, $"sharpness {soft[5]} vs {confound[5]}");
    }

    private static RgbImage Blur(RgbImage image, double sigma)
    {
        using var src = FakeLens.Faces.Detection.CvFrames.Rgb(image);
        using var dst = new Mat();
        Cv2.GaussianBlur(src, dst, new Size(0, 0), sigma);
        var pixels = new byte[image.Width * image.Height * 3];
        System.Runtime.InteropServices.Marshal.Copy(dst.Data, pixels, 0, pixels.Length);
        return new RgbImage(image.Width, image.Height, pixels);
    }
}
