using FakeLens.Imaging.Decoding;
using FakeLens.Imaging.Lighting;
using FakeLens.TestSupport;

namespace FakeLens.Imaging.Tests.Lighting;

/// <summary>Issue 19, round 12: the face cascade is loaded once and reused; a reused cascade must find what a freshly loaded one does.</summary>
public sealed class LightingCascadeReuseTests
{
    private static readonly byte[] NoMask = [];

    [Fact]
    public void A_reused_face_cascade_gives_the_analysis_of_a_freshly_loaded_one()
    {
        Assert.True(File.Exists(LightingConsistencyDetector.DefaultCascadePath), $"the lighting tests need OpenCV's face cascade at {LightingConsistencyDetector.DefaultCascadePath} (apt-get install opencv-data)");
        var portrait = Decode("people_4.jpg");
        var twoPeople = Decode("people_2.jpg");

        LightingAnalyzer.ForgetCascades();
        var freshPortrait = LightingAnalyzer.Analyze(portrait, LightingConsistencyDetector.DefaultCascadePath, CancellationToken.None);
        LightingAnalyzer.ForgetCascades();
        var freshTwo = LightingAnalyzer.Analyze(twoPeople, LightingConsistencyDetector.DefaultCascadePath, CancellationToken.None);

        // Now the pool holds the cascade that read people_2: people_4 and people_2 again go through it, in turn.
        var reusedPortrait = LightingAnalyzer.Analyze(portrait, LightingConsistencyDetector.DefaultCascadePath, CancellationToken.None);
        var reusedTwo = LightingAnalyzer.Analyze(twoPeople, LightingConsistencyDetector.DefaultCascadePath, CancellationToken.None);

        Assert.True(freshPortrait.Faces + freshTwo.Faces > 0, "the cascade found no face in either portrait, so the comparison would not exercise it");
        AssertSame(freshPortrait, reusedPortrait);
        AssertSame(freshTwo, reusedTwo);
    }

    private static RgbImage Decode(string name) =>
        ImageDecoder.Decode(File.ReadAllBytes(TestData.Path("images", "ai-vs-real", "ml72", "real", name)), 100_000_000).Image;

    private static void AssertSame(LightingAnalysis expected, LightingAnalysis actual)
    {
        Assert.Equal(expected.Faces, actual.Faces);
        Assert.Equal((expected.WorkWidth, expected.WorkHeight, expected.Scale), (actual.WorkWidth, actual.WorkHeight, actual.Scale));
        Assert.Equal(expected.Regions.Count, actual.Regions.Count);
        for (var i = 0; i < expected.Regions.Count; i++)
        {
            var e = expected.Regions[i];
            var a = actual.Regions[i];
            Assert.Equal(e with { Mask = NoMask }, a with { Mask = NoMask });
            Assert.Equal(e.Mask, a.Mask);
        }
    }
}
