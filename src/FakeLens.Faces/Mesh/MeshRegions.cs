namespace FakeLens.Faces.Mesh;

/// <summary>
/// Landmark indices of MediaPipe's 468-point canonical face mesh used by the cues (from the mesh's published
/// topology: face oval, eye contours, lips). "Right" is the subject's right, which appears on the image's left.
/// </summary>
public static class MeshRegions
{
    public const int RightEyeOuter = 33;
    public const int LeftEyeOuter = 263;
    public const int UpperLipInner = 13;
    public const int LowerLipInner = 14;
    public const int MouthRightCorner = 78;
    public const int MouthLeftCorner = 308;
    public const int NoseTip = 1;
    public const int Chin = 152;
    public const int Forehead = 10;

    /// <summary>Six eye points p1..p6 for the eye aspect ratio: outer corner, two upper lid, inner corner, two lower lid.</summary>
    public static IReadOnlyList<int> RightEyeEar { get; } = [33, 160, 158, 133, 153, 144];

    public static IReadOnlyList<int> LeftEyeEar { get; } = [263, 387, 385, 362, 380, 373];

    /// <summary>Face silhouette (the oval around forehead, cheeks and jaw), in order.</summary>
    public static IReadOnlyList<int> FaceOval { get; } =
        [10, 338, 297, 332, 284, 251, 389, 356, 454, 323, 361, 288, 397, 365, 379, 378, 400, 377, 152, 148, 176, 149, 150, 136, 172, 58, 132, 93, 234, 127, 162, 21, 54, 103, 67, 109];

    /// <summary>Eye contours (lid margins), in order.</summary>
    public static IReadOnlyList<int> RightEyeContour { get; } = [33, 7, 163, 144, 145, 153, 154, 155, 133, 173, 157, 158, 159, 160, 161, 246];

    public static IReadOnlyList<int> LeftEyeContour { get; } = [263, 249, 390, 373, 374, 380, 381, 382, 362, 398, 384, 385, 386, 387, 388, 466];

    /// <summary>Outer lip contour, in order.</summary>
    public static IReadOnlyList<int> LipsOuter { get; } = [61, 146, 91, 181, 84, 17, 314, 405, 321, 375, 291, 409, 270, 269, 267, 0, 37, 39, 40, 185];
}
