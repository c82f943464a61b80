namespace FakeLens.Faces.Mesh;

/// <summary>
/// A rotated square crop of the image that the mesh network sees: centre, side (pixels) and the angle (radians,
/// image axes, y down) of the crop's x axis, so that the eyes lie level in the crop.
/// </summary>
public readonly record struct FaceRoi(double CenterX, double CenterY, double Side, double Angle)
{
    /// <summary>MediaPipe enlarges both the detection box and the landmark box by 1.5 before cropping.</summary>
    public const double Scale = 1.5;

    /// <summary>ROI from a BlazeFace box and its two eye keypoints (subject's right eye first).</summary>
    public static FaceRoi FromDetection(Detection.FaceBox box)
    {
        ArgumentNullException.ThrowIfNull(box);
        var (rx, ry) = box.Keypoints[0];
        var (lx, ly) = box.Keypoints[1];
        return new FaceRoi(box.CenterX, box.CenterY, Math.Max(box.Width, box.Height) * Scale, Math.Atan2(ly - ry, lx - rx));
    }

    /// <summary>ROI from a mesh: the landmarks' bounding box in the eye-aligned frame (outer eye corners 33 and 263).</summary>
    public static FaceRoi FromLandmarks(ReadOnlySpan<float> xyz)
    {
        var angle = Math.Atan2(xyz[(263 * 3) + 1] - xyz[(33 * 3) + 1], xyz[263 * 3] - xyz[33 * 3]);
        double c = Math.Cos(angle), s = Math.Sin(angle);
        double minU = double.MaxValue, maxU = double.MinValue, minV = double.MaxValue, maxV = double.MinValue;
        for (var i = 0; i < xyz.Length; i += 3)
        {
            var u = (c * xyz[i]) + (s * xyz[i + 1]);
            var v = (-s * xyz[i]) + (c * xyz[i + 1]);
            minU = Math.Min(minU, u);
            maxU = Math.Max(maxU, u);
            minV = Math.Min(minV, v);
            maxV = Math.Max(maxV, v);
        }

        double cu = (minU + maxU) / 2, cv = (minV + maxV) / 2;
        return new FaceRoi((c * cu) - (s * cv), (s * cu) + (c * cv), Math.Max(maxU - minU, maxV - minV) * Scale, angle);
    }

    /// <summary>Maps a point of a <paramref name="size"/>-pixel crop back to image coordinates.</summary>
    public (double X, double Y) ToImage(double u, double v, int size)
    {
        var k = Side / size;
        double du = (u - (size / 2.0)) * k, dv = (v - (size / 2.0)) * k;
        double c = Math.Cos(Angle), s = Math.Sin(Angle);
        return (CenterX + (c * du) - (s * dv), CenterY + (s * du) + (c * dv));
    }

    /// <summary>The 2×3 affine matrix taking image pixels to crop pixels (for OpenCV's warpAffine).</summary>
    public double[] ImageToCrop(int size)
    {
        var k = size / Side;
        double c = Math.Cos(Angle), s = Math.Sin(Angle);
        double a = k * c, b = k * s;
        return [a, b, (size / 2.0) - (a * CenterX) - (b * CenterY), -b, a, (size / 2.0) + (b * CenterX) - (a * CenterY)];
    }
}
