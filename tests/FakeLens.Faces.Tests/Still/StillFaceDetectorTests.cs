using FakeLens.Core.Detection;
using FakeLens.Core.Evidence;
using FakeLens.Faces.Cues;
using FakeLens.Faces.Mesh;
using FakeLens.Faces.Still;
using FakeLens.Imaging.Decoding;

namespace FakeLens.Faces.Tests.Still;

public sealed class StillFaceDetectorTests
{
    private static readonly FaceEngineProvider Provider = new();

    private static async Task<IReadOnlyList<Evidence>> Run(IDetector detector, byte[] bytes, string name)
    {
        var context = AnalysisContext.FromBytes(bytes, name);
        Assert.True(detector.AppliesTo(context.Media));
        return await detector.AnalyzeAsync(context, CancellationToken.None);
    }

    [Fact]
    public async Task Faces_found_reports_the_face_of_a_portrait_with_its_box()
    {
        var evidence = Assert.Single(await Run(new FacesFoundDetector(Provider), File.ReadAllBytes(FaceFixtures.PortraitPath), "people_4.jpg"));

        Assert.Equal("faces.found", evidence.Id);
        Assert.Equal(EvidenceDirection.Neutral, evidence.Direction);
        Assert.Equal("One face found", evidence.Title);
        var region = Assert.Single(evidence.Regions);
        Assert.InRange(region.Width, 800, 1100);
    }

    [Fact]
    public async Task A_picture_without_faces_is_not_applicable_for_face_vs_surroundings()
    {
        var png = ImageEncoder.Png(FakeLens.TestSupport.Scenes.Natural(480, 360, seed: 5));
        var found = Assert.Single(await Run(new FacesFoundDetector(Provider), png, "scene.png"));
        var surroundings = Assert.Single(await Run(new FaceSurroundingsDetector(Provider), png, "scene.png"));

        Assert.Equal("No face found", found.Title);
        Assert.Equal(0, surroundings.Reliability);
        Assert.Contains("Not applicable", surroundings.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_jpeg_cut_in_its_header_is_a_clear_per_file_error()
    {
        // Cut inside the header: nothing to decode. (A JPEG cut later in its scan decodes partly, as browsers show it.)
        var bytes = File.ReadAllBytes(FaceFixtures.PortraitPath)[..300];

        var error = await Assert.ThrowsAsync<MediaException>(async () => await Run(new FacesFoundDetector(new FaceEngineProvider()), bytes, "cut.jpg"));
        Assert.Contains("corrupt", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_face_pasted_with_its_own_noise_differs_from_its_surroundings_and_the_original_does_not()
    {
        // Downscaled portrait (1006 px) so the face is about 240 px wide, as in a typical shared photo.
        var original = ImageResizer.Resize(FaceFixtures.Decode(FaceFixtures.PortraitPath), 1006, 1006);
        var face = Assert.Single(FaceFixtures.Engine.Find(original, tiles: true));
        var before = FaceRegionAnalyzer.Measure(original, face.Mesh);

        var oval = FaceFixtures.Scale(face.Mesh.Polygon(MeshRegions.FaceOval), 0.97);
        var pasted = FaceFixtures.AddNoiseInside(original, oval, sigma: 12, seed: 1); // σ 8 gives 1.96×: below the 2.5× rule
        var after = FaceRegionAnalyzer.Measure(pasted, face.Mesh);

        var e0 = FaceCueEvidence.Surroundings("the face", before.NoiseLogRatio, before.DetailLogRatio, before.BoundaryRatio, before.ChromaDistance, 1, "faces.surroundings", null);
        var e1 = FaceCueEvidence.Surroundings("the face", after.NoiseLogRatio, after.DetailLogRatio, after.BoundaryRatio, after.ChromaDistance, 1, "faces.surroundings", null);
        Assert.True(after.NoiseLogRatio > Math.Log(2.5), $"noise ratio {Math.Exp(after.NoiseLogRatio)} before {Math.Exp(before.NoiseLogRatio)} face {after.Face} ring {after.Ring} before {before.Face} {before.Ring}");
        Assert.Equal(EvidenceDirection.Neutral, e0.Direction);
        Assert.Equal(EvidenceDirection.Manipulated, e1.Direction);
    }

    [Fact]
    public void A_noisier_face_weighs_little_on_a_still_and_more_on_a_video_track()
    {
        // Round 13 (docs/faces.md): the noise rule flags 14 % of real still faces but none of 35 real video tracks, so
        // the same 4× noisier face weighs ≤ 0.05 on a photo and keeps its old weight as a track median.
        var ratio = Math.Log(4);
        var still = FaceCueEvidence.Surroundings("the face", ratio, 0, 1, 0, 1, "faces.surroundings", null);
        var track = FaceCueEvidence.Surroundings("the face", ratio, 0, 1, 0, 30, "faces.video", null);
        var band = FaceCueEvidence.Surroundings("the face", 0, 0, 0.4, 0, 1, "faces.surroundings", null);

        Assert.Equal(EvidenceDirection.Manipulated, still.Direction);
        Assert.InRange(still.Weight, 0.01, 0.05);
        Assert.Contains("14 % of real faces", still.Explanation, StringComparison.Ordinal);
        Assert.Equal(EvidenceDirection.Manipulated, track.Direction);
        Assert.True(track.Weight > 0.15, $"track weight {track.Weight}");

        // The smoothed-band rule flags 1 % of real still faces: kept at LR 1.4.
        Assert.Equal(1.4, band.LikelihoodRatio, 6);
        Assert.Contains("1 % of real faces", band.Explanation, StringComparison.Ordinal);
    }
}
