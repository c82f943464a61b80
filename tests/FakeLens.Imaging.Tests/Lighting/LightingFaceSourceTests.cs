using FakeLens.Core.Detection;
using FakeLens.Imaging.Decoding;
using FakeLens.Imaging.Lighting;
using FakeLens.TestSupport;

namespace FakeLens.Imaging.Tests.Lighting;

/// <summary>
/// Issue 19, round 13: in a scan the lighting analysis takes its faces from faces.found (a <see cref="LightingFaceSource"/>)
/// instead of running the Haar cascade; without a source's faces it must still give the cascade's analysis.
/// </summary>
public sealed class LightingFaceSourceTests
{
    [Fact]
    public void Given_face_boxes_are_the_faces_examined_and_boxes_below_40_px_at_the_working_scale_are_left_out()
    {
        var portrait = Decode("people_4.jpg");
        var scale = LightingAnalyzer.MaxSide / (double)Math.Max(portrait.Width, portrait.Height);
        var face = new FaceRectangle(portrait.Width * 0.35, portrait.Height * 0.2, portrait.Width * 0.3, portrait.Height * 0.3);
        var tiny = new FaceRectangle(10, 10, 39 / scale, 39 / scale);

        var analysis = LightingAnalyzer.Analyze(portrait, LightingConsistencyDetector.DefaultCascadePath, [tiny, face], CancellationToken.None);

        Assert.True(analysis.FacesGiven);
        Assert.Equal(1, analysis.Faces);
        var region = Assert.Single(analysis.Regions, r => r.Kind == "face");
        // The outline is an ellipse around the box, snapped within ±25 %: its bounding box lies near the given box.
        Assert.InRange(region.X, face.X - (0.3 * face.Width), face.X + (0.3 * face.Width));
        Assert.InRange(region.Width, 0.5 * face.Width, 1.6 * face.Width);

        var none = LightingAnalyzer.Analyze(portrait, LightingConsistencyDetector.DefaultCascadePath, [], CancellationToken.None);
        Assert.True(none.FacesGiven);
        Assert.Equal(0, none.Faces);
        Assert.DoesNotContain(none.Regions, r => r.Kind == "face");
    }

    [Fact]
    public async Task A_source_without_faces_to_give_leaves_the_detectors_on_the_haar_cascade()
    {
        Assert.True(File.Exists(LightingConsistencyDetector.DefaultCascadePath), $"the lighting tests need OpenCV's face cascade at {LightingConsistencyDetector.DefaultCascadePath} (apt-get install opencv-data)");
        var bytes = File.ReadAllBytes(Path("people_2.jpg"));
        var calls = 0;
        LightingFaceSource missing = (_, _, _) =>
        {
            Interlocked.Increment(ref calls);
            return null;
        };

        var plain = AnalysisContext.FromBytes(bytes, "people_2.jpg");
        var viaSource = AnalysisContext.FromBytes(bytes, "people_2.jpg");
        var expected = (await new LightingConsistencyDetector().AnalyzeAsync(plain, CancellationToken.None))[0];
        var actual = (await new LightingConsistencyDetector(faces: missing).AnalyzeAsync(viaSource, CancellationToken.None))[0];
        var shadowsExpected = (await new ShadowConsistencyDetector().AnalyzeAsync(plain, CancellationToken.None))[0];
        var shadowsActual = (await new ShadowConsistencyDetector(faces: missing).AnalyzeAsync(viaSource, CancellationToken.None))[0];

        Assert.Equal(expected.Id, actual.Id);
        Assert.Equal(expected.Facts, actual.Facts);
        Assert.Contains(actual.Facts, f => f.Name == "faces from" && f.Value == "Haar cascade");
        Assert.Equal(expected.Regions, actual.Regions);
        Assert.Equal(shadowsExpected.Id, shadowsActual.Id);
        Assert.Equal(shadowsExpected.Facts, shadowsActual.Facts);
        Assert.Equal(1, calls); // one analysis per file, shared by both lighting detectors
    }

    [Fact]
    public async Task The_detectors_read_the_source_s_faces_once_per_file_and_say_where_they_came_from()
    {
        var bytes = File.ReadAllBytes(Path("people_4.jpg"));
        var calls = 0;
        LightingFaceSource given = (_, decoded, _) =>
        {
            Interlocked.Increment(ref calls);
            return [new FaceRectangle(decoded.Image.Width * 0.35, decoded.Image.Height * 0.2, decoded.Image.Width * 0.3, decoded.Image.Height * 0.3)];
        };
        var context = AnalysisContext.FromBytes(bytes, "people_4.jpg");

        var contours = (await new LightingConsistencyDetector(faces: given).AnalyzeAsync(context, CancellationToken.None))[0];
        _ = await new ShadowConsistencyDetector(faces: given).AnalyzeAsync(context, CancellationToken.None);

        Assert.Equal(1, calls);
        Assert.Contains(contours.Facts, f => f.Name == "faces found" && f.Value == "1");
        Assert.Contains(contours.Facts, f => f.Name == "faces from" && f.Value.StartsWith("faces.found", StringComparison.Ordinal));
    }

    private static string Path(string name) => TestData.Path("images", "ai-vs-real", "ml72", "real", name);

    private static RgbImage Decode(string name) => ImageDecoder.Decode(File.ReadAllBytes(Path(name)), 100_000_000).Image;
}
