using FakeLens.Faces.Blend;
using FakeLens.Faces.Detection;
using FakeLens.Faces.Mesh;
using FakeLens.Imaging.Decoding;
using OpenCvSharp;

namespace FakeLens.Faces.Learned;

/// <summary>
/// A learned face representation for face tracks (round 15, measured in docs/faces.md; not used at scan time). Per frame:
/// the frozen ImageNet ResNet-18 views of <see cref="FaceBlendDeepFeatures"/> (the face crop around the mesh box with a
/// 1.25× margin resized to the network's input, and its high-pass residual; 2 × 512 pooled activations), plus a few
/// confound statistics of the same crop that say nothing about manipulation (face width in pixels, mean R, G, B, luma
/// standard deviation, sharpness as the variance of the Laplacian) — the baseline a learned model must beat. Per track:
/// the mean and the standard deviation over its measured frames of each value. An empty track gives zeros (and a frame
/// count of 0), so every row is finite; the caller decides whether to keep it.
/// </summary>
public static class FaceCropFeatures
{
    /// <summary>Side of the square crop the confound statistics are measured on.</summary>
    public const int ConfoundSide = 128;

    public static IReadOnlyList<string> ConfoundFrameNames { get; } = ["crop.face_width_px", "crop.mean_r", "crop.mean_g", "crop.mean_b", "crop.luma_std", "crop.sharpness"];

    public static IReadOnlyList<string> DeepFrameNames => FaceBlendDeepFeatures.Names;

    /// <summary>Per-track names of the deep part: each frame value's ".mean", then each one's ".std".</summary>
    public static IReadOnlyList<string> DeepTrackNames { get; } = TrackNames(FaceBlendDeepFeatures.Names);

    /// <summary>Per-track names of the confound part (mean, then std).</summary>
    public static IReadOnlyList<string> ConfoundTrackNames { get; } = TrackNames(ConfoundFrameNames);

    public static IReadOnlyList<string> TrackNames(IReadOnlyList<string> frameNames)
    {
        ArgumentNullException.ThrowIfNull(frameNames);
        return [.. frameNames.Select(n => n + ".mean"), .. frameNames.Select(n => n + ".std")];
    }

    /// <summary>The confound statistics of one face (null when the face's box is degenerate).</summary>
    public static float[]? Confound(RgbImage image, FaceMesh mesh)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(mesh);
        var (x, y, w, h) = mesh.Bounds();
        var side = Math.Max(w, h) * FaceBlendDeepFeatures.Margin;
        if (!(side >= 8))
        {
            return null;
        }

        using var src = CvFrames.Rgb(image);
        var s = ConfoundSide / side;
        using var m = new Mat(2, 3, MatType.CV_64FC1);
        m.Set(0, 0, s);
        m.Set(0, 1, 0.0);
        m.Set(0, 2, (ConfoundSide / 2.0) - (s * (x + (w / 2))));
        m.Set(1, 0, 0.0);
        m.Set(1, 1, s);
        m.Set(1, 2, (ConfoundSide / 2.0) - (s * (y + (h / 2))));
        using var crop = new Mat();
        Cv2.WarpAffine(src, crop, m, new Size(ConfoundSide, ConfoundSide), s < 1 ? InterpolationFlags.Area : InterpolationFlags.Linear, BorderTypes.Reflect101);
        var mean = Cv2.Mean(crop);
        using var gray = new Mat();
        Cv2.CvtColor(crop, gray, ColorConversionCodes.RGB2GRAY);
        Cv2.MeanStdDev(gray, out _, out var lumaStd);
        using var lap = new Mat();
        Cv2.Laplacian(gray, lap, MatType.CV_64F);
        Cv2.MeanStdDev(lap, out _, out var lapStd);
        return [(float)w, (float)mean.Val0, (float)mean.Val1, (float)mean.Val2, (float)lumaStd.Val0, (float)(lapStd.Val0 * lapStd.Val0)];
    }

    /// <summary>
    /// Mean, then standard deviation (population) over the frames of each of <paramref name="dimension"/> values; null
    /// frames are skipped; no measured frame gives zeros.
    /// </summary>
    public static float[] Aggregate(IEnumerable<float[]?> frames, int dimension)
    {
        ArgumentNullException.ThrowIfNull(frames);
        ArgumentOutOfRangeException.ThrowIfNegative(dimension);
        var sum = new double[dimension];
        var sq = new double[dimension];
        var n = 0;
        foreach (var f in frames)
        {
            if (f is null)
            {
                continue;
            }

            if (f.Length != dimension)
            {
                throw new ArgumentException($"a frame has {f.Length} values, expected {dimension}", nameof(frames));
            }

            n++;
            for (var j = 0; j < dimension; j++)
            {
                sum[j] += f[j];
                sq[j] += (double)f[j] * f[j];
            }
        }

        var row = new float[2 * dimension];
        if (n == 0)
        {
            return row;
        }

        for (var j = 0; j < dimension; j++)
        {
            var mean = sum[j] / n;
            row[j] = (float)mean;
            row[dimension + j] = (float)Math.Sqrt(Math.Max(0, (sq[j] / n) - (mean * mean)));
        }

        return row;
    }
}
