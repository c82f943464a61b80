namespace FakeLens.Faces.Mesh;

/// <summary>
/// The 468 landmarks of MediaPipe's face mesh for one face, in image pixels (x, y, and a relative depth z in the
/// same pixel scale; smaller z is nearer the camera), with the network's face-presence probability and the crop it
/// was computed from.
/// </summary>
public sealed class FaceMesh
{
    public const int PointCount = 468;

    public FaceMesh(float[] xyz, double presence, FaceRoi roi)
    {
        ArgumentNullException.ThrowIfNull(xyz);
        if (xyz.Length != PointCount * 3)
        {
            throw new ArgumentException($"expected {PointCount * 3} values", nameof(xyz));
        }

        Xyz = xyz;
        Presence = presence;
        Roi = roi;
    }

    /// <summary>x, y, z per landmark, interleaved.</summary>
    public float[] Xyz { get; }

    public double Presence { get; }

    public FaceRoi Roi { get; }

    public (float X, float Y) this[int index] => (Xyz[index * 3], Xyz[(index * 3) + 1]);

    /// <summary>Distance in pixels between two landmarks (image plane).</summary>
    public double Distance(int a, int b)
    {
        var (ax, ay) = this[a];
        var (bx, by) = this[b];
        return Math.Sqrt(((ax - bx) * (double)(ax - bx)) + ((ay - by) * (double)(ay - by)));
    }

    /// <summary>Distance between the outer eye corners (33, 263): the face's scale for normalising distances.</summary>
    public double EyeSpan => Distance(MeshRegions.RightEyeOuter, MeshRegions.LeftEyeOuter);

    /// <summary>Axis-aligned bounding box of the landmarks.</summary>
    public (float X, float Y, float Width, float Height) Bounds()
    {
        float minX = float.MaxValue, minY = float.MaxValue, maxX = float.MinValue, maxY = float.MinValue;
        for (var i = 0; i < Xyz.Length; i += 3)
        {
            minX = Math.Min(minX, Xyz[i]);
            maxX = Math.Max(maxX, Xyz[i]);
            minY = Math.Min(minY, Xyz[i + 1]);
            maxY = Math.Max(maxY, Xyz[i + 1]);
        }

        return (minX, minY, maxX - minX, maxY - minY);
    }

    /// <summary>The polygon of the given landmark indices, in image pixels.</summary>
    public (float X, float Y)[] Polygon(IReadOnlyList<int> indices)
    {
        ArgumentNullException.ThrowIfNull(indices);
        var poly = new (float X, float Y)[indices.Count];
        for (var i = 0; i < poly.Length; i++)
        {
            poly[i] = this[indices[i]];
        }

        return poly;
    }

    /// <summary>Eye aspect ratio of one eye (Soukupová &amp; Čech 2016): eyelid gaps over eye width.</summary>
    public double EyeAspectRatio(IReadOnlyList<int> eye)
    {
        ArgumentNullException.ThrowIfNull(eye);
        var width = Distance(eye[0], eye[3]);
        return width <= 0 ? 0 : (Distance(eye[1], eye[5]) + Distance(eye[2], eye[4])) / (2 * width);
    }

    /// <summary>Mean eye aspect ratio of both eyes.</summary>
    public double EyeAspectRatio() => (EyeAspectRatio(MeshRegions.RightEyeEar) + EyeAspectRatio(MeshRegions.LeftEyeEar)) / 2;

    /// <summary>Inner-lip gap over mouth width (0 closed, about 0.3–0.6 wide open).</summary>
    public double MouthOpening()
    {
        var width = Distance(MeshRegions.MouthLeftCorner, MeshRegions.MouthRightCorner);
        return width <= 0 ? 0 : Distance(MeshRegions.UpperLipInner, MeshRegions.LowerLipInner) / width;
    }
}
