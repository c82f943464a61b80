using FakeLens.Imaging.Decoding;

namespace FakeLens.Imaging.Compare;

/// <summary>
/// Finds faces for <see cref="ImageComparer"/> ("a face was changed"). Imaging ships no face model: the
/// implementation lives with the face models (FakeLens.Faces, BlazeFace). A comparer without one, or with one whose
/// models are missing (<see cref="WhyNot"/>), says that faces were not checked.
/// </summary>
public interface IFaceLocator
{
    /// <summary>Null when faces can be found; otherwise why not, in words a person can act on.</summary>
    string? WhyNot { get; }

    /// <summary>Faces in <paramref name="image"/>, in its pixels, best first. Empty when <see cref="WhyNot"/> is set.</summary>
    IReadOnlyList<LocatedFace> Locate(RgbImage image, CancellationToken ct = default);
}

/// <summary>
/// One face in picture pixels: box, the detector's score and landmarks, the subject's right eye and left eye first
/// (the others — nose, mouth — in a fixed order of the locator's choosing, the same for every face), and, when the
/// locator fits a face mesh, its points grouped into <paramref name="Features"/> for <see cref="FaceGeometry"/>.
/// </summary>
public sealed record LocatedFace(float X, float Y, float Width, float Height, float Score, IReadOnlyList<(float X, float Y)> Landmarks, IReadOnlyList<FaceFeature>? Features = null)
{
    /// <summary>Distance between the eyes (landmarks 0 and 1), at least 1.</summary>
    public double EyeDistance => Landmarks.Count < 2 ? Math.Max(1, Width / 3.0)
        : Math.Max(1, Math.Sqrt(Math.Pow(Landmarks[0].X - Landmarks[1].X, 2) + Math.Pow(Landmarks[0].Y - Landmarks[1].Y, 2)));
}
