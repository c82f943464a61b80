using FakeLens.Core.Evidence;
using FakeLens.Faces.Cues;
using FakeLens.Faces.Mesh;
using OpenCvSharp;

namespace FakeLens.Faces.Tests.Cues;

public sealed class ExpressionAnalyzerTests
{
    [Fact]
    public void A_smile_that_comes_and_goes_is_one_movement_and_a_still_face_is_frozen()
    {
        // 20 frames; frames 8–12 widen the mouth corners by 0.6 cm each side (a smile's onset, apex and offset).
        var smiling = Enumerable.Range(0, 20).Select(k =>
        {
            var widen = k is >= 8 and <= 12 ? 0.6f * (1 - (Math.Abs(k - 10) / 3f)) : 0f;
            return (ExpressionSample?)ExpressionAnalyzer.Measure(HeadPoseTests.Project(5, 0, (i, p) =>
                i == 61 ? new Point3f(p.X - widen, p.Y, p.Z) : i == 291 ? new Point3f(p.X + widen, p.Y, p.Z) : p));
        }).ToList();
        var still = Enumerable.Range(0, 20).Select(_ => (ExpressionSample?)ExpressionAnalyzer.Measure(HeadPoseTests.Project(5, 0))).ToList();

        var moving = ExpressionAnalyzer.Analyze(smiling);
        var frozen = ExpressionAnalyzer.Analyze(still);

        Assert.Equal(1, moving.Movements);
        Assert.True(moving.SmileVariation > 0.02, $"smile variation {moving.SmileVariation:0.000}");
        Assert.False(moving.Frozen);
        Assert.True(frozen.Frozen);
        Assert.Equal(0, frozen.Movements);
        Assert.Equal(EvidenceDirection.Neutral, FaceCueEvidence.Expression("the face", frozen).Direction);
        Assert.Contains("hardly changes", FaceCueEvidence.Expression("the face", frozen).Title, StringComparison.Ordinal);
    }

    [Fact]
    public void A_lopsided_mouth_is_asymmetric()
    {
        var level = ExpressionAnalyzer.Measure(HeadPoseTests.Project(0, 0));
        var lopsided = ExpressionAnalyzer.Measure(HeadPoseTests.Project(0, 0, (i, p) => i == 291 ? new Point3f(p.X, p.Y - 0.8f, p.Z) : p));
        Assert.True(lopsided.Asymmetry > level.Asymmetry + 0.05, $"{lopsided.Asymmetry:0.000} vs {level.Asymmetry:0.000}");
    }
}
