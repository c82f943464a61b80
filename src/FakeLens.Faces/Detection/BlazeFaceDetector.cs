using OpenCvSharp;
using OpenCvSharp.Dnn;

namespace FakeLens.Faces.Detection;

// BlazeFace short-range face detector (Bazarevsky et al. 2019, "BlazeFace: Sub-millisecond Neural Face Detection
// on Mobile GPUs"), the network MediaPipe ships in @mediapipe/face_detection (face_detection_short_range.tflite,
// Apache-2.0), run through OpenCV DNN's TFLite importer. Input 128×128 RGB scaled to [-1, 1]; 896 SSD anchors
// (strides 8, 16, 16, 16; 2 anchors per cell at stride 8 and 6 at stride 16, fixed size), each with a box, six
// keypoints and a logit. The parameters are MediaPipe's own face_detection_short_range graph options: score
// threshold 0.5, weighted non-maximum suppression at IoU 0.3. The short-range model is trained on faces that
// fill a good part of a selfie-like frame; to find smaller faces in large stills the image is also scanned as
// overlapping square tiles (half the shorter side, 50 % overlap) when the whole-image pass finds nothing.
internal sealed class BlazeFaceDetector : IDisposable
{
    private const int InputSize = 128;
    private const float ScoreThreshold = 0.5f;
    private const double NmsIoU = 0.3;
    private static readonly float[] AnchorCentres = BuildAnchors();
    private readonly Net _net;

    public BlazeFaceDetector(string modelPath)
    {
        _net = CvDnn.ReadNet(modelPath);
        if (_net.Empty())
        {
            throw new InvalidOperationException($"OpenCV could not load the face detector {modelPath}");
        }
    }

    /// <summary>Faces in an RGB mat, in its pixel coordinates, best first.</summary>
    public List<FaceBox> Detect(Mat rgb, bool tiles)
    {
        ArgumentNullException.ThrowIfNull(rgb);
        int width = rgb.Width, height = rgb.Height;
        var found = DetectSquare(rgb, new Rect(0, 0, width, height));
        var shorter = Math.Min(width, height);
        if (found.Count == 0 && tiles && shorter >= 2 * InputSize)
        {
            var side = shorter / 2;
            var step = side / 2;
            for (var y = 0; y + side <= height; y += step)
            {
                for (var x = 0; x + side <= width; x += step)
                {
                    found.AddRange(DetectSquare(rgb, new Rect(x, y, side, side)));
                }
            }
        }

        return WeightedNms(found);
    }

    /// <summary>Letterboxes <paramref name="area"/> into a square, runs the network, maps boxes back.</summary>
    private List<FaceBox> DetectSquare(Mat rgb, Rect area)
    {
        var side = Math.Max(area.Width, area.Height);
        using var small = Input(rgb, area);
        using var blob = CvDnn.BlobFromImage(small, 1 / 127.5, new Size(InputSize, InputSize), new Scalar(127.5, 127.5, 127.5), false, false);
        var names = new[] { "classificators", "regressors" };
        using var scores = new Mat();
        using var boxes = new Mat();
        var outs = new[] { scores, boxes };
        lock (_net)
        {
            _net.SetInput(blob);
            _net.Forward(outs, names);
        }

        var s = CvFrames.Floats(scores);
        var r = CvFrames.Floats(boxes);
        var result = new List<FaceBox>();
        float ox = area.X - ((side - area.Width) / 2f), oy = area.Y - ((side - area.Height) / 2f);
        for (var i = 0; i < s.Length; i++)
        {
            var score = 1f / (1f + MathF.Exp(-Math.Clamp(s[i], -100f, 100f)));
            if (score < ScoreThreshold)
            {
                continue;
            }

            var ax = AnchorCentres[2 * i];
            var ay = AnchorCentres[(2 * i) + 1];
            var o = 16 * i;
            var cx = (r[o] / InputSize) + ax;
            var cy = (r[o + 1] / InputSize) + ay;
            var w = r[o + 2] / InputSize;
            var h = r[o + 3] / InputSize;
            if (w <= 0 || h <= 0)
            {
                continue;
            }

            var kps = new (float X, float Y)[6];
            for (var k = 0; k < 6; k++)
            {
                kps[k] = (ox + (((r[o + 4 + (2 * k)] / InputSize) + ax) * side), oy + (((r[o + 5 + (2 * k)] / InputSize) + ay) * side));
            }

            result.Add(new FaceBox(ox + ((cx - (w / 2)) * side), oy + ((cy - (h / 2)) * side), w * side, h * side, score, kps));
        }

        return result;
    }

    /// <summary>MediaPipe's weighted NMS: overlapping candidates are averaged, weighted by score.</summary>
    /// <summary>
    /// The network's 128 × 128 input for <paramref name="area"/>: the area centred in a black square, shrunk by area
    /// averaging. Issue 19 (round 12): a square area (every tile, and a square photo) is shrunk straight from the
    /// image — OpenCV's area resize reads only the pixels of the view it is given, so the result is the same as from a
    /// copy — and a non-square one is copied into an uninitialised square whose two black bands alone are cleared; the
    /// copy and full clear of a 12–64 MB square per pass were ~30 % of the detector at 16 MP. The same bytes as the
    /// copy-into-a-zeroed-square path it replaces (test).
    /// </summary>
    internal static Mat Input(Mat rgb, Rect area)
    {
        var small = new Mat();
        if (area.Width == area.Height)
        {
            using var roi = new Mat(rgb, area);
            Cv2.Resize(roi, small, new Size(InputSize, InputSize), 0, 0, InterpolationFlags.Area);
            return small;
        }

        var side = Math.Max(area.Width, area.Height);
        using var square = new Mat(side, side, MatType.CV_8UC3);
        var inner = new Rect((side - area.Width) / 2, (side - area.Height) / 2, area.Width, area.Height);
        Rect before, after;
        if (area.Width < side)
        {
            before = new Rect(0, 0, inner.X, side);
            after = new Rect(inner.Right, 0, side - inner.Right, side);
        }
        else
        {
            before = new Rect(0, 0, side, inner.Y);
            after = new Rect(0, inner.Bottom, side, side - inner.Bottom);
        }

        foreach (var band in (Rect[])[before, after])
        {
            if (band.Width > 0 && band.Height > 0)
            {
                using var b = new Mat(square, band);
                b.SetTo(Scalar.All(0));
            }
        }

        using (var roi = new Mat(rgb, area))
        using (var dst = new Mat(square, inner))
        {
            roi.CopyTo(dst);
        }

        Cv2.Resize(square, small, new Size(InputSize, InputSize), 0, 0, InterpolationFlags.Area);
        return small;
    }

    private static List<FaceBox> WeightedNms(List<FaceBox> candidates)
    {
        var remaining = candidates.OrderByDescending(c => c.Score).ToList();
        var kept = new List<FaceBox>();
        while (remaining.Count > 0)
        {
            var best = remaining[0];
            var cluster = remaining.Where(c => c.IoU(best) > NmsIoU).ToList();
            remaining.RemoveAll(c => c.IoU(best) > NmsIoU);
            if (!cluster.Contains(best))
            {
                cluster.Add(best);
                remaining.Remove(best);
            }

            double total = 0, x = 0, y = 0, w = 0, h = 0;
            var kps = new double[12];
            foreach (var c in cluster)
            {
                total += c.Score;
                x += c.Score * c.X;
                y += c.Score * c.Y;
                w += c.Score * c.Width;
                h += c.Score * c.Height;
                for (var k = 0; k < 6; k++)
                {
                    kps[2 * k] += c.Score * c.Keypoints[k].X;
                    kps[(2 * k) + 1] += c.Score * c.Keypoints[k].Y;
                }
            }

            var points = new (float X, float Y)[6];
            for (var k = 0; k < 6; k++)
            {
                points[k] = ((float)(kps[2 * k] / total), (float)(kps[(2 * k) + 1] / total));
            }

            kept.Add(new FaceBox((float)(x / total), (float)(y / total), (float)(w / total), (float)(h / total), best.Score, points));
        }

        return kept;
    }

    /// <summary>Anchor centres (x, y in 0..1) of MediaPipe's SSD anchor calculator for the short-range model.</summary>
    private static float[] BuildAnchors()
    {
        var list = new List<float>(896 * 2);
        foreach (var (stride, perCell) in new[] { (8, 2), (16, 6) })
        {
            var grid = InputSize / stride;
            for (var y = 0; y < grid; y++)
            {
                for (var x = 0; x < grid; x++)
                {
                    for (var a = 0; a < perCell; a++)
                    {
                        list.Add((x + 0.5f) / grid);
                        list.Add((y + 0.5f) / grid);
                    }
                }
            }
        }

        return [.. list];
    }

    public void Dispose() => _net.Dispose();
}
