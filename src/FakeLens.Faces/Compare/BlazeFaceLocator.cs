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
    private readonly FaceEngineProvider _provider = provider ?? new FaceEngineProvider();

    public string? WhyNot => _provider.Engine is null ? _provider.WhyNot ?? "face models not installed" : null;

    public IReadOnlyList<LocatedFace> Locate(RgbImage image, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (_provider.Engine is not { } engine)
        {
            return [];
        }

        return engine.Find(image, tiles: true, ct)
            .Select(f => new LocatedFace(f.Box.X, f.Box.Y, f.Box.Width, f.Box.Height, f.Box.Score, [.. f.Box.Keypoints.Take(4)]))
            .OrderByDescending(f => f.Score)
            .ToList();
    }
}
