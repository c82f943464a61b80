using FakeLens.Faces.Mesh;
using FakeLens.Faces.Still;
using FakeLens.Imaging.Compare;
using FakeLens.Imaging.Decoding;

namespace FakeLens.Faces.Compare;

/// <summary>
/// Faces for <c>fakelens compare</c> ("a face was changed"), found by the project's face engine: BlazeFace
/// (MediaPipe <c>@mediapipe/face_detection</c>, Apache-2.0, installed by <c>scripts/bootstrap.sh</c> into
/// <c>.fakelens/models/faces</c>; <see cref="Models.FaceModelFiles"/> resolves it) with the whole-image pass and the
/// tile scan for small faces, and detections the face mesh doubts dropped (<see cref="FaceEngine.MinPresence"/>).
/// Landmarks are BlazeFace's first four keypoints — subject's right eye, left eye, nose tip, mouth centre; the ear
/// points are left out, as they swing with small head turns. When the models are missing <see cref="WhyNot"/> says
/// so and the comparison reports that faces were not checked.
/// </summary>
public sealed class BlazeFaceLocator(FaceEngineProvider? provider = null) : IFaceLocator
{
    private static readonly int[] InnerLips = [78, 95, 88, 178, 87, 14, 317, 402, 318, 324, 308, 415, 310, 311, 312, 13, 82, 81, 80, 191];
    private static readonly int[] Eyebrows = [70, 63, 105, 66, 107, 55, 65, 52, 53, 46, 300, 293, 334, 296, 336, 285, 295, 282, 283, 276];
    private static readonly int[] Nose = [168, 6, 197, 195, 5, 4, 1, 19, 94, 2, 98, 327, 129, 358, 64, 294];

    private readonly FaceEngineProvider _provider = provider ?? new FaceEngineProvider();

    public string? WhyNot => _provider.Engine is null ? _provider.WhyNot ?? "face models not installed" : null;

    /// <summary>
    /// The mesh points <see cref="FaceGeometry"/> compares, by MediaPipe's mesh topology: mouth (outer and inner lips),
    /// eyes (lid margins), eyebrows and jaw (the oval's lower half, which drops when the mouth opens) move with
    /// expression; nose (bridge, tip, wings) and the oval's upper half (forehead, temples, cheeks) keep a person's shape.
    /// </summary>
    public static IReadOnlyList<FaceFeature> Features(FaceMesh mesh)
    {
        ArgumentNullException.ThrowIfNull(mesh);
        FaceFeature Feature(string name, bool expression, IEnumerable<int> indices) => new(name, expression, [.. indices.Select(i => mesh[i])]);
        return
        [
            Feature("mouth", true, MeshRegions.LipsOuter.Concat(InnerLips)),
            Feature("eyes", true, MeshRegions.RightEyeContour.Concat(MeshRegions.LeftEyeContour)),
            Feature("eyebrows", true, Eyebrows),
            Feature("jaw", true, MeshRegions.FaceOval.Skip(10).Take(16)),
            Feature("nose", false, Nose),
            Feature("face outline", false, MeshRegions.FaceOval.Take(10).Concat(MeshRegions.FaceOval.Skip(26))),
        ];
    }

    public IReadOnlyList<LocatedFace> Locate(RgbImage image, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (_provider.Engine is not { } engine)
        {
            return [];
        }

        return engine.Find(image, tiles: true, ct)
            .Select(f => new LocatedFace(f.Box.X, f.Box.Y, f.Box.Width, f.Box.Height, f.Box.Score, [.. f.Box.Keypoints.Take(4)], Features(f.Mesh)))
            .OrderByDescending(f => f.Score)
            .ToList();
    }
}
