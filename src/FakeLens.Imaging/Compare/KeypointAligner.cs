using FakeLens.Imaging.CopyMove;
using FakeLens.Imaging.Decoding;
using OpenCvSharp;
using OpenCvSharp.Features2D;

namespace FakeLens.Imaging.Compare;

/// <summary>
/// Registers the original onto the suspect: SIFT keypoints (Lowe 2004) on luma shrunk to
/// <see cref="CompareOptions.KeypointSide"/>, nearest-neighbour matching with Lowe's ratio test (0.75), and a
/// RANSAC fit (Fischler &amp; Bolles 1981) of a full 6-parameter affine map, so crop, scale, rotation and aspect
/// change are all one model. SIFT descriptors are not mirror-invariant, so the mirrored original is matched
/// too and the model with more inliers wins. A homography is not fitted: edits that published pictures go
/// through (crop, resize, rotate, mirror, stretch) are affine, and the two extra degrees of freedom let RANSAC
/// fit unrelated pictures more easily.
/// </summary>
internal static class KeypointAligner
{
    private const double Ratio = 0.75;

    /// <summary>SIFT features of one image, computed once (the search verifies many candidates against one suspect).</summary>
    internal sealed class Features(KeyPoint[] points, Mat descriptors, double scale, int width, int height) : IDisposable
    {
        public KeyPoint[] Points { get; } = points;

        public Mat Descriptors { get; } = descriptors;

        /// <summary>Working / full-resolution scale.</summary>
        public double Scale { get; } = scale;

        public int Width { get; } = width;

        public int Height { get; } = height;

        public void Dispose() => Descriptors.Dispose();
    }

    public static Features Describe(RgbImage image, int maxSide, bool mirror = false)
    {
        using var gray = CvImages.Gray(image, maxSide, out var scale);
        if (mirror)
        {
            Cv2.Flip(gray, gray, FlipMode.Y);
        }

        using var sift = SIFT.Create(4000);
        var descriptors = new Mat();
        sift.DetectAndCompute(gray, null, out var points, descriptors);
        return new Features(points, descriptors, scale, image.Width, image.Height);
    }

    /// <summary>The best affine map original → suspect in full-resolution pixels, or null with the inlier count found.</summary>
    public static (double[]? Map, int Inliers, int Matches) Align(Features suspect, Features original, Features originalMirrored, int minInliers, CancellationToken ct)
    {
        var direct = Fit(suspect, original, false);
        ct.ThrowIfCancellationRequested();
        var mirrored = Fit(suspect, originalMirrored, true);
        var best = mirrored.Inliers > direct.Inliers ? mirrored : direct;
        return best.Inliers >= minInliers ? best : (null, best.Inliers, best.Matches);
    }

    private static (double[]? Map, int Inliers, int Matches) Fit(Features s, Features o, bool mirrored)
    {
        if (s.Points.Length < 3 || o.Points.Length < 3)
        {
            return (null, 0, 0);
        }

        using var matcher = new BFMatcher(NormTypes.L2);
        var knn = matcher.KnnMatch(o.Descriptors, s.Descriptors, 2);
        var src = new List<Point2f>();
        var dst = new List<Point2f>();
        var oWidthWork = o.Width * o.Scale;
        foreach (var pair in knn)
        {
            if (pair.Length < 2 || pair[0].Distance >= Ratio * pair[1].Distance)
            {
                continue;
            }

            var op = o.Points[pair[0].QueryIdx].Pt;
            var sp = s.Points[pair[0].TrainIdx].Pt;
            var ox = mirrored ? (float)(oWidthWork - 1 - op.X) : op.X;
            src.Add(new Point2f((float)(ox / o.Scale), (float)(op.Y / o.Scale)));
            dst.Add(new Point2f((float)(sp.X / s.Scale), (float)(sp.Y / s.Scale)));
        }

        if (src.Count < 3)
        {
            return (null, 0, src.Count);
        }

        using var srcMat = InputArray.Create(src);
        using var dstMat = InputArray.Create(dst);
        using var inliers = new Mat();
        var threshold = Math.Max(3.0, 3.0 / s.Scale);
        using var model = Cv2.EstimateAffine2D(srcMat, dstMat, inliers, RobustEstimationAlgorithms.RANSAC, threshold, 4000, 0.995, 10);
        if (model is null || model.Empty())
        {
            return (null, 0, src.Count);
        }

        var count = Cv2.CountNonZero(inliers);
        var m = new double[6];
        for (var i = 0; i < 6; i++)
        {
            m[i] = model.At<double>(i / 3, i % 3);
        }

        return (m, count, src.Count);
    }
}
