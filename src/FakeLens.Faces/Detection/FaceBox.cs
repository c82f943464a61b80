namespace FakeLens.Faces.Detection;

/// <summary>
/// One detected face in image pixels: the box, the detector's confidence, and six keypoints in BlazeFace's order
/// (subject's right eye, left eye, nose tip, mouth centre, right ear tragion, left ear tragion).
/// </summary>
public sealed record FaceBox(float X, float Y, float Width, float Height, float Score, IReadOnlyList<(float X, float Y)> Keypoints)
{
    public float CenterX => X + (Width / 2);

    public float CenterY => Y + (Height / 2);

    /// <summary>Intersection over union of two boxes (0 when they do not overlap).</summary>
    public static double IoU(float ax, float ay, float aw, float ah, float bx, float by, float bw, float bh)
    {
        var ix = Math.Max(0, Math.Min(ax + aw, bx + bw) - Math.Max(ax, bx));
        var iy = Math.Max(0, Math.Min(ay + ah, by + bh) - Math.Max(ay, by));
        var inter = (double)ix * iy;
        var union = ((double)aw * ah) + ((double)bw * bh) - inter;
        return union <= 0 ? 0 : inter / union;
    }

    public double IoU(FaceBox other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return IoU(X, Y, Width, Height, other.X, other.Y, other.Width, other.Height);
    }
}
