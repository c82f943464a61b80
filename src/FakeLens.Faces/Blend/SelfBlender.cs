using FakeLens.Faces.Detection;
using FakeLens.Faces.Mesh;
using FakeLens.Imaging.Decoding;
using OpenCvSharp;

namespace FakeLens.Faces.Blend;

/// <summary>
/// Self-blended images (Shiohara &amp; Yamasaki, CVPR 2022, "Detecting Deepfakes with Self-Blended Images"; the
/// blending-boundary idea of Face X-ray, Li et al. 2020): a REAL face is blended with a slightly altered copy of
/// itself inside a soft mask shaped like the face's landmark hull. No second identity is involved: this is training
/// augmentation that reproduces the traces every face swap or reenactment must leave — a colour, sharpness or
/// position mismatch that ends at a blending boundary on the face — without any face-swap data.
/// The paper's idea, this library's parameters, scaled to the mesh (SelfBlendSettings.Random): colour (per-channel shift ±20 levels, contrast 0.9–1.1,
/// brightness ±10), 50 % of copies blurred (σ 0.6–1.6 px) and 20 % sharpened, scale 0.96–1.04 and a
/// shift of up to 1.5 % of the face width; mask = convex hull of all 468 points, of the points within 85 % of the
/// farthest from the centroid, or the hull shrunk to 80–95 % (like the inner-face masks of FaceSwap and DeepFakes),
/// each hull point jittered radially by ±4 %, then eroded or dilated by up to 6 % of the face width, blurred with σ
/// 1–5 % of the face width, and scaled by a blend ratio from {0.5, 0.75, 1, 1, 1}. Changed from this detector's
/// first ranges (±12-level shifts, ratio down to 0.25, less blur): the small linear classifier cannot learn the faintest blends, which
/// then act as label noise; with the stronger range a visible seam scores higher while held-out real faces set the
/// threshold as before (figures in docs/faces.md).
/// </summary>
public static class SelfBlender
{
    /// <summary>The blended image and the mask used (0..1 per pixel, row-major, the image's size), with random settings.</summary>
    public static (RgbImage Image, float[] Mask) Blend(RgbImage image, FaceMesh mesh, Random rng)
    {
        ArgumentNullException.ThrowIfNull(mesh);
        return Blend(image, mesh, SelfBlendSettings.Random(rng, FaceSize(mesh)), rng);
    }

    /// <summary>The blended image and mask with the given settings (<paramref name="rng"/> only jitters the hull).</summary>
    public static (RgbImage Image, float[] Mask) Blend(RgbImage image, FaceMesh mesh, SelfBlendSettings settings, Random rng)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(mesh);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(rng);
        using var target = CvFrames.Rgb(image);
        using var source = Alter(target, mesh, settings);
        using var mask = Mask(image.Width, image.Height, mesh, settings, rng);

        var pixels = new byte[image.Pixels.Length];
        var maskValues = new float[image.Width * image.Height];
        var src = new byte[image.Pixels.Length];
        System.Runtime.InteropServices.Marshal.Copy(source.Data, src, 0, src.Length);
        System.Runtime.InteropServices.Marshal.Copy(mask.Data, maskValues, 0, maskValues.Length);
        var dst = image.Pixels;
        for (var i = 0; i < maskValues.Length; i++)
        {
            var m = maskValues[i];
            for (var c = 0; c < 3; c++)
            {
                var k = (i * 3) + c;
                pixels[k] = (byte)Math.Clamp(Math.Round((src[k] * m) + (dst[k] * (1 - m))), 0, 255);
            }
        }

        return (new RgbImage(image.Width, image.Height, pixels), maskValues);
    }

    internal static double FaceSize(FaceMesh mesh)
    {
        var (_, _, bw, bh) = mesh.Bounds();
        return Math.Max(8, (double)Math.Max(bw, bh));
    }

    private static Mat Alter(Mat target, FaceMesh mesh, SelfBlendSettings p)
    {
        var altered = new Mat();
        target.ConvertTo(altered, MatType.CV_32FC3);
        Cv2.Multiply(altered, new Scalar(p.Contrast, p.Contrast, p.Contrast), altered);
        Cv2.Add(altered, new Scalar(p.ShiftR, p.ShiftG, p.ShiftB), altered);
        if (p.BlurSigma > 0)
        {
            Cv2.GaussianBlur(altered, altered, new Size(0, 0), p.BlurSigma);
        }
        else if (p.Sharpen > 0)
        {
            using var blurred = new Mat();
            Cv2.GaussianBlur(altered, blurred, new Size(0, 0), 1.0);
            Cv2.AddWeighted(altered, 1 + p.Sharpen, blurred, -p.Sharpen, 0, altered);
        }

        var (cx, cy) = Centroid(mesh);
        var faceSize = FaceSize(mesh);
        using var m = Cv2.GetRotationMatrix2D(new Point2f((float)cx, (float)cy), 0, p.Scale);
        m.Set(0, 2, m.At<double>(0, 2) + (p.ShiftX * faceSize));
        m.Set(1, 2, m.At<double>(1, 2) + (p.ShiftY * faceSize));
        using var warped = new Mat();
        Cv2.WarpAffine(altered, warped, m, altered.Size(), InterpolationFlags.Linear, BorderTypes.Reflect101);
        altered.Dispose();
        var result = new Mat();
        warped.ConvertTo(result, MatType.CV_8UC3);
        return result;
    }

    private static Mat Mask(int width, int height, FaceMesh mesh, SelfBlendSettings p, Random rng)
    {
        var (cx, cy) = Centroid(mesh);
        var faceSize = FaceSize(mesh);
        var points = new List<Point2f>(FaceMesh.PointCount);
        var maxDist = 0.0;
        for (var i = 0; i < FaceMesh.PointCount; i++)
        {
            var (x, y) = mesh[i];
            maxDist = Math.Max(maxDist, Math.Sqrt(((x - cx) * (x - cx)) + ((y - cy) * (y - cy))));
        }

        for (var i = 0; i < FaceMesh.PointCount; i++)
        {
            var (x, y) = mesh[i];
            var d = Math.Sqrt(((x - cx) * (x - cx)) + ((y - cy) * (y - cy)));
            if (p.InnerPointsOnly && d > 0.85 * maxDist)
            {
                continue;
            }

            points.Add(new Point2f((float)(cx + ((x - cx) * p.Shrink)), (float)(cy + ((y - cy) * p.Shrink))));
        }

        var hull = Cv2.ConvexHull(points);
        var jittered = hull.Select(q =>
        {
            var f = 1 + U(rng, p.HullJitter);
            return new Point((int)Math.Round(cx + ((q.X - cx) * f)), (int)Math.Round(cy + ((q.Y - cy) * f)));
        }).ToArray();

        using var binary = new Mat(height, width, MatType.CV_8UC1, Scalar.All(0));
        Cv2.FillConvexPoly(binary, jittered, Scalar.All(255));
        var morph = (int)Math.Round(Math.Abs(p.Morph) * faceSize);
        if (morph >= 1)
        {
            using var kernel = Cv2.GetStructuringElement(MorphShapes.Ellipse, new Size((2 * morph) + 1, (2 * morph) + 1));
            if (p.Morph < 0)
            {
                Cv2.Erode(binary, binary, kernel);
            }
            else
            {
                Cv2.Dilate(binary, binary, kernel);
            }
        }

        var mask = new Mat();
        binary.ConvertTo(mask, MatType.CV_32FC1, 1.0 / 255);
        Cv2.GaussianBlur(mask, mask, new Size(0, 0), Math.Max(0.8, p.MaskSigma * faceSize));
        Cv2.Multiply(mask, new Scalar(p.Ratio), mask);
        return mask;
    }

    internal static (double X, double Y) Centroid(FaceMesh mesh)
    {
        double sx = 0, sy = 0;
        for (var i = 0; i < FaceMesh.PointCount; i++)
        {
            var (x, y) = mesh[i];
            sx += x;
            sy += y;
        }

        return (sx / FaceMesh.PointCount, sy / FaceMesh.PointCount);
    }

    internal static double U(Random rng, double half) => ((rng.NextDouble() * 2) - 1) * half;
}
