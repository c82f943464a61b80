using FakeLens.Faces.Mesh;
using FakeLens.Faces.Models;

namespace FakeLens.Faces.Tests.Mesh;

public sealed class FaceMeshTests
{
    [Fact]
    public void Mesh_lands_on_the_face_of_a_real_portrait()
    {
        var image = FaceFixtures.Decode(FaceFixtures.PortraitPath);
        var faces = FaceFixtures.Engine.Find(image, tiles: true);

        var face = Assert.Single(faces);
        var mesh = face.Mesh;
        Assert.True(mesh.Presence > 0.9, $"presence {mesh.Presence}");

        // The detector box of this photo lies near (1470, 1265) with a side near 945 px (checked by eye on the drawn
        // mesh); she looks slightly to her left, so the nose tip sits left of the box centre but well inside it.
        var (bx, by, bw, bh) = (face.Box.X, face.Box.Y, face.Box.Width, face.Box.Height);
        Assert.InRange(bx, 1300, 1650);
        Assert.InRange(bw, 800, 1100);
        var (nx, ny) = mesh[MeshRegions.NoseTip];
        Assert.InRange(nx, bx + (0.15 * bw), bx + (0.85 * bw));
        Assert.InRange(ny, by + (0.3 * bh), by + (0.8 * bh));
        var (rx, ry) = mesh[MeshRegions.RightEyeOuter];
        var (lx, ly) = mesh[MeshRegions.LeftEyeOuter];
        Assert.True(rx < nx && nx < lx, "the nose lies between the eyes");
        Assert.True(ry < ny && ly < ny, "the eyes lie above the nose tip");
        Assert.True(mesh[MeshRegions.Chin].Y > ny, "the chin lies below the nose");

        // Open eyes, closed-ish mouth (she smiles with lips nearly together).
        Assert.InRange(mesh.EyeAspectRatio(), 0.18, 0.45);
        Assert.InRange(mesh.MouthOpening(), 0.0, 0.3);
    }

    [Fact]
    public void Two_faces_are_found_in_a_photo_of_two_people()
    {
        var faces = FaceFixtures.Engine.Find(FaceFixtures.Decode(FaceFixtures.TwoPeoplePath), tiles: true);

        Assert.Equal(2, faces.Count);
        Assert.True(faces[0].Box.IoU(faces[1].Box) < 0.1);
    }

    [Fact]
    public void A_landscape_without_people_has_no_face()
    {
        var image = FakeLens.TestSupport.Scenes.Natural(640, 480, seed: 3);

        Assert.Empty(FaceFixtures.Engine.Find(image, tiles: true));
    }

    [Fact]
    public void Roi_maps_crop_points_back_to_the_image_and_inverts_its_affine()
    {
        var roi = new FaceRoi(300, 200, 150, 0.3);
        var m = roi.ImageToCrop(192);
        var (x, y) = roi.ToImage(40, 150, 192);

        var u = (m[0] * x) + (m[1] * y) + m[2];
        var v = (m[3] * x) + (m[4] * y) + m[5];

        Assert.Equal(40, u, 6);
        Assert.Equal(150, v, 6);
        Assert.Equal((300.0, 200.0), roi.ToImage(96, 96, 192));
    }

    [Fact]
    public void Missing_models_are_reported_with_the_reason()
    {
        var empty = Directory.CreateTempSubdirectory("fakelens-no-models-");
        try
        {
            Assert.Null(FaceModelFiles.Locate(empty.FullName, [], out var whyEnv));
            Assert.Contains("not installed", whyEnv, StringComparison.Ordinal);
            Assert.Null(FaceModelFiles.Locate(null, [empty.FullName], out var whySearch));
            Assert.Contains("bootstrap", whySearch, StringComparison.Ordinal);
        }
        finally
        {
            empty.Delete(true);
        }
    }
}
