using FakeLens.Faces.Blend;
using FakeLens.Imaging.Decoding;

namespace FakeLens.Faces.Tests.Blend;

public sealed class FaceBlendDeepFeaturesTests
{
    [Fact]
    public void A_face_gives_two_different_finite_ResNet_views()
    {
        var image = ImageResizer.Resize(FaceFixtures.Decode(FaceFixtures.PortraitPath), 640, 640);
        var mesh = FaceFixtures.Engine.Find(image, tiles: false).First().Mesh;

        var v = FaceBlendDeepFeatures.Measure(image, mesh);

        Assert.NotNull(v);
        Assert.Equal(1024, v.Length);
        Assert.Equal(FaceBlendDeepFeatures.Count, v.Length);
        Assert.All(v, x => Assert.True(float.IsFinite(x)));
        var face = v[..512];
        var residual = v[512..];
        Assert.Contains(face, x => x > 0);
        Assert.Contains(residual, x => x > 0);
        // The residual view sees texture, not the face's content: its activations are not the face view's.
        var diff = face.Zip(residual, (a, b) => Math.Abs(a - b)).Sum() / face.Select(Math.Abs).Sum();
        Assert.True(diff > 0.2, $"relative difference {diff}");
    }

    [Fact]
    public void Columns_pick_the_hand_made_or_the_ResNet_features_and_drop_frames_without_them()
    {
        var v3 = FaceBlendFeatures.Count;
        var full = Enumerable.Range(0, v3 + FaceBlendDeepFeatures.Count).Select(i => (float)i).ToArray();
        var handOnly = Enumerable.Range(0, v3).Select(i => (float)i).ToArray();
        var track = new BlendTrack("g", "p", 0, 1, 23, 120, [full, handOnly, null]);

        var hand = FaceBlendTrackEvaluation.Columns([track], "v3").Single().Frames;
        var deep = FaceBlendTrackEvaluation.Columns([track], "resnet").Single().Frames;
        var both = FaceBlendTrackEvaluation.Columns([track], "both").Single().Frames;

        Assert.Equal(v3, hand[0]!.Length);
        Assert.Equal(v3, hand[1]!.Length);
        Assert.Null(hand[2]);
        Assert.Equal(FaceBlendDeepFeatures.Count, deep[0]!.Length);
        Assert.Equal(v3, deep[0]![0]);
        Assert.Null(deep[1]);
        Assert.Equal(full.Length, both[0]!.Length);
        Assert.Null(both[1]);
        Assert.Throws<ArgumentException>(() => FaceBlendTrackEvaluation.Columns([track], "pixels"));
    }
}
