using FakeLens.Core.Detection;
using FakeLens.Faces.Still;
using FakeLens.Imaging.Decoding;

namespace FakeLens.Faces.Tests.Still;

/// <summary>Issue 19, round 13: the lighting analysis reads the faces of the file's one face search, or none without face models.</summary>
public sealed class LightingFaceSourceTests
{
    [Fact]
    public void The_lighting_source_gives_the_face_search_s_boxes_and_searches_once()
    {
        var provider = new FaceEngineProvider(() => (FaceFixtures.Engine, null));
        var source = StillFaces.ForLighting(provider);
        var context = AnalysisContext.FromBytes(File.ReadAllBytes(FaceFixtures.TwoPeoplePath), "people_2.jpg");
        var decoded = ImageDecoder.Get(context);

        var boxes = source(context, decoded, CancellationToken.None);

        var faces = StillFaces.Get(context, decoded, provider, CancellationToken.None).Faces;
        Assert.NotNull(boxes);
        Assert.NotEmpty(faces);
        Assert.Equal(faces.Select(f => ((double)f.Box.X, (double)f.Box.Y, (double)f.Box.Width, (double)f.Box.Height)), boxes.Select(b => (b.X, b.Y, b.Width, b.Height)));
        Assert.Same(faces, StillFaces.Get(context, decoded, provider, CancellationToken.None).Faces);
    }

    [Fact]
    public void Without_face_models_the_source_gives_nothing_so_the_lighting_analysis_keeps_its_cascade()
    {
        var provider = new FaceEngineProvider(() => (null, "face models not installed (test)"));
        var context = AnalysisContext.FromBytes(File.ReadAllBytes(FaceFixtures.PortraitPath), "people_4.jpg");

        Assert.Null(StillFaces.ForLighting(provider)(context, ImageDecoder.Get(context), CancellationToken.None));
    }
}
