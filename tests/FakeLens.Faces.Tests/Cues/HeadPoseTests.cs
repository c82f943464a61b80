using FakeLens.Core.Evidence;
using FakeLens.Faces.Cues;
using FakeLens.Faces.Mesh;
using OpenCvSharp;

namespace FakeLens.Faces.Tests.Cues;

public sealed class HeadPoseTests
{
    private const int Width = 640;
    private const int Height = 480;

    internal static CanonicalFace Canonical { get; } = CanonicalFace.Load(FaceFixtures.Engine.Files.Directory)
        ?? throw new InvalidOperationException($"{CanonicalFace.FileName} missing beside the face models (run scripts/bootstrap.sh tests)");

    private static readonly HeadPose Pose = new(Canonical);

    [Fact]
    public void The_canonical_face_has_468_vertices_and_an_inner_face()
    {
        Assert.Equal(FaceMesh.PointCount * 3, Canonical.Xyz.Length);
        Assert.InRange(Pose.InnerIndices.Count, 100, 400);
        Assert.Contains(MeshRegions.NoseTip, Pose.InnerIndices);
        Assert.DoesNotContain(MeshRegions.Chin, Pose.InnerIndices);
        Assert.Null(CanonicalFace.Parse([0x0a, 0x05, 1, 2, 3]));
    }

    [Fact]
    public void A_turned_head_is_recovered_and_its_inner_face_agrees()
    {
        var frontal = Pose.Estimate(Project(0, 0), Width, Height)!.Value;
        var turned = Pose.Estimate(Project(20, 0), Width, Height)!.Value;

        Assert.InRange(HeadPose.AngleBetween(frontal.Head, turned.Head), 19, 21);
        Assert.True(HeadPose.AngleBetween(turned.Head, turned.Inner) < 1);
    }

    [Fact]
    public void An_inner_face_turned_against_the_head_is_flagged_and_a_whole_face_is_not()
    {
        var swapped = Enumerable.Range(0, 12).Select(i => Pose.Estimate(Project(10 + i, 18), Width, Height)).ToList();
        var whole = Enumerable.Range(0, 12).Select(i => Pose.Estimate(Project(10 + i, 0), Width, Height)).ToList();

        var bad = HeadPoseAnalyzer.Analyze(swapped.Select(p => p?.Head).ToList(), swapped.Select(p => p?.Inner).ToList());
        var good = HeadPoseAnalyzer.Analyze(whole.Select(p => p?.Head).ToList(), whole.Select(p => p?.Inner).ToList());

        Assert.True(bad.MismatchDegrees > 10, $"mismatch {bad.MismatchDegrees:0.0}°");
        Assert.True(good.MismatchDegrees < 1, $"mismatch {good.MismatchDegrees:0.0}°");
        Assert.InRange(good.StepDegrees, 0.9, 1.1);
        Assert.Equal(EvidenceDirection.Manipulated, FaceCueEvidence.HeadPose("the face", bad).Direction);
        Assert.Equal(EvidenceDirection.Neutral, FaceCueEvidence.HeadPose("the face", good).Direction);
        Assert.Equal(0, FaceCueEvidence.HeadPose("the face", HeadPoseAnalyzer.Analyze([null, null], [null, null])).Reliability);
    }

    /// <summary>The canonical face turned by <paramref name="yaw"/>° and projected at 60 cm into a 640×480 frame; the
    /// inner face turned <paramref name="innerExtra"/>° further (a pasted face that does not follow the head).</summary>
    internal static FaceMesh Project(double yaw, double innerExtra, Func<int, Point3f, Point3f>? move = null)
    {
        var inner = Pose.InnerIndices.ToHashSet();
        var xyz = new float[FaceMesh.PointCount * 3];
        for (var i = 0; i < FaceMesh.PointCount; i++)
        {
            var p = Pose.Model[i];
            p = move?.Invoke(i, p) ?? p;
            var (x, y) = ProjectPoint(p, yaw + (inner.Contains(i) ? innerExtra : 0));
            xyz[i * 3] = x;
            xyz[(i * 3) + 1] = y;
        }

        return new FaceMesh(xyz, 1, new FaceRoi(Width / 2.0, Height / 2.0, 300, 0));
    }

    private static (float X, float Y) ProjectPoint(Point3f p, double yawDegrees)
    {
        var a = yawDegrees * Math.PI / 180;
        var x = (p.X * Math.Cos(a)) + (p.Z * Math.Sin(a));
        var z = (-p.X * Math.Sin(a)) + (p.Z * Math.Cos(a)) + 60;
        const double f = Width;
        return ((float)((f * x / z) + (Width / 2.0)), (float)((f * p.Y / z) + (Height / 2.0)));
    }
}
