using FakeLens.Core.Evidence;
using FakeLens.Faces.Blend;
using FakeLens.Imaging.Decoding;

namespace FakeLens.Faces.Tests.Blend;

public sealed class FaceBlendVideoTests
{
    /// <summary>The shipped model with its threshold between the portrait's and the seam's pinned scores (FaceBlendTests).</summary>
    private static readonly FaceVideoAnalyzer Analyzer = new(FaceFixtures.Engine, LoweredModel());

    private static FaceBlendModel LoweredModel()
    {
        var model = FaceBlendModel.LoadDefault();
        model.Threshold = (FaceBlendTests.RealPortraitScore + FaceBlendTests.SeamScore) / 2;
        return model;
    }

    /// <summary>2 s at 10 fps of a 4:3 crop of the 1006 px portrait panned left to right, 640×480 (face about 250 px wide).</summary>
    private static List<FaceFrame> Panned(string png) => FaceFixtures.Clip($"-loop 1 -i \"{png}\"", "crop=600:450:x='150+t*37':y=200", 2, 10, 640, 480);

    [Fact]
    public void A_pasted_face_is_flagged_on_its_track_with_segments_and_the_same_clip_without_it_is_not()
    {
        var original = ImageResizer.Resize(FaceFixtures.Decode(FaceFixtures.PortraitPath), 1006, 1006);
        var face = FaceFixtures.Engine.Find(original, tiles: true).First();
        var seam = new SelfBlendSettings(1.0, 18, 6, -6, 1.0, 0, 1.02, 0, 0, false, 0.9, 0, 0, 0.015, 1);
        var pasted = SelfBlender.Blend(original, face.Mesh, seam, new Random(1)).Image;
        var dir = Directory.CreateTempSubdirectory("fakelens-blend-video-");
        try
        {
            var clean = Path.Combine(dir.FullName, "clean.png");
            var fake = Path.Combine(dir.FullName, "pasted.png");
            File.WriteAllBytes(clean, ImageEncoder.Png(original));
            File.WriteAllBytes(fake, ImageEncoder.Png(pasted));

            var real = Analyzer.Analyze(Panned(clean), null, CancellationToken.None);
            var swapped = Analyzer.Analyze(Panned(fake), null, CancellationToken.None);

            Assert.Equal(EvidenceDirection.Neutral, real.Evidence.Single(e => e.Id == FaceBlendEvidence.Id).Direction);
            Assert.Empty(real.Segments);
            var flagged = swapped.Evidence.Single(e => e.Id == FaceBlendEvidence.Id);
            Assert.True(flagged.Direction == EvidenceDirection.Manipulated, flagged.Explanation);
            Assert.Single(flagged.Regions);
            var segment = Assert.Single(swapped.Segments);
            Assert.Equal("the face", segment.Label);
            Assert.True(segment.EndSeconds - segment.StartSeconds >= 1.0, $"segment {segment.StartSeconds}–{segment.EndSeconds}");
            Assert.Contains(swapped.Series, s => s.Label == FaceBlendEvidence.Id);
        }
        finally
        {
            dir.Delete(true);
        }
    }
}
