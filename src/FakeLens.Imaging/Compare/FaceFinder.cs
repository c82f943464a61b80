using OpenCvSharp;
using OpenCvSharp.Dnn;

namespace FakeLens.Imaging.Compare;

/// <summary>
/// Faces for the comparison, found by YuNet (Wu, Peng &amp; Yu 2023, "YuNet: A Tiny Millisecond-level Face
/// Detector"; ShiqiYu/libfacedetection.train, Apache-2.0, <c>yunet_n_320_320.onnx</c> embedded in this assembly,
/// 317 KB) through OpenCV DNN. The picture is letterboxed into the fixed 320 × 320 input (BGR, 0–255, as OpenCV's
/// FaceDetectorYN feeds it); each of the 2100 anchor points at strides 8, 16 and 32 gives class and objectness
/// scores (face score = √(cls·obj)), a box (centre offset in cells, log size) and five landmarks (eyes, nose tip,
/// mouth corners). Score threshold 0.6 and NMS at IoU 0.3 are OpenCV's defaults. At 320 px faces smaller than
/// about 10 px (3 % of the longer side) are not found; the comparison says nothing about those.
/// </summary>
internal sealed class FaceFinder : IDisposable
{
    private const int Input = 320;
    private const float ScoreThreshold = 0.6f;
    private const float NmsThreshold = 0.3f;
    private static readonly int[] Strides = [8, 16, 32];
    private readonly Net _net;

    public FaceFinder()
    {
        using var stream = typeof(FaceFinder).Assembly.GetManifestResourceStream("models/yunet_n_320_320.onnx")
            ?? throw new InvalidOperationException("The YuNet face model is missing from FakeLens.Imaging (models/yunet_n_320_320.onnx).");
        _net = CvDnn.ReadNetFromOnnx(stream) ?? throw new InvalidOperationException("OpenCV could not load the YuNet face model.");
    }

    /// <summary>One face: box and landmarks in the picture's pixels, and the detector's score.</summary>
    internal sealed record Face(Rect2f Box, float Score, Point2f[] Landmarks)
    {
        /// <summary>Distance between the eyes (landmarks 0 and 1), at least 1.</summary>
        public double EyeDistance => Math.Max(1, Point2f.Distance(Landmarks[0], Landmarks[1]));
    }

    public List<Face> Find(Mat bgr)
    {
        ArgumentNullException.ThrowIfNull(bgr);
        var scale = Input / (double)Math.Max(bgr.Cols, bgr.Rows);
        using var input = new Mat(Input, Input, MatType.CV_8UC3, Scalar.All(0));
        using (var small = new Mat())
        {
            Cv2.Resize(bgr, small, new Size(Math.Max(1, (int)Math.Round(bgr.Cols * scale)), Math.Max(1, (int)Math.Round(bgr.Rows * scale))), 0, 0, InterpolationFlags.Area);
            using var roi = new Mat(input, new Rect(0, 0, Math.Min(Input, small.Cols), Math.Min(Input, small.Rows)));
            small.CopyTo(roi);
        }

        using var blob = CvDnn.BlobFromImage(input);
        _net.SetInput(blob, "input");
        string[] names = [.. Strides.SelectMany(s => new[] { $"cls_{s}", $"obj_{s}", $"bbox_{s}", $"kps_{s}" })];
        var outs = names.Select(_ => new Mat()).ToArray();
        try
        {
            _net.Forward(outs, names);
            var boxes = new List<Rect2d>();
            var scores = new List<float>();
            var marks = new List<Point2f[]>();
            for (var k = 0; k < Strides.Length; k++)
            {
                var stride = Strides[k];
                var cols = Input / stride;
                var cls = Floats(outs[k * 4]);
                var obj = Floats(outs[(k * 4) + 1]);
                var box = Floats(outs[(k * 4) + 2]);
                var kps = Floats(outs[(k * 4) + 3]);
                for (var i = 0; i < cls.Length; i++)
                {
                    var score = (float)Math.Sqrt(Math.Clamp(cls[i], 0, 1) * Math.Clamp(obj[i], 0, 1));
                    if (score < ScoreThreshold)
                    {
                        continue;
                    }

                    var col = i % cols;
                    var row = i / cols;
                    var cx = (col + box[i * 4]) * stride;
                    var cy = (row + box[(i * 4) + 1]) * stride;
                    var w = Math.Exp(box[(i * 4) + 2]) * stride;
                    var h = Math.Exp(box[(i * 4) + 3]) * stride;
                    boxes.Add(new Rect2d((cx - (w / 2)) / scale, (cy - (h / 2)) / scale, w / scale, h / scale));
                    scores.Add(score);
                    var pts = new Point2f[5];
                    for (var j = 0; j < 5; j++)
                    {
                        pts[j] = new Point2f((float)((col + kps[(i * 10) + (2 * j)]) * stride / scale), (float)((row + kps[(i * 10) + (2 * j) + 1]) * stride / scale));
                    }

                    marks.Add(pts);
                }
            }

            CvDnn.NMSBoxes(boxes, scores, ScoreThreshold, NmsThreshold, out var keep);
            return keep.Select(i => new Face(new Rect2f((float)boxes[i].X, (float)boxes[i].Y, (float)boxes[i].Width, (float)boxes[i].Height), scores[i], marks[i]))
                .OrderByDescending(f => f.Score).ToList();
        }
        finally
        {
            foreach (var m in outs)
            {
                m.Dispose();
            }
        }
    }

    private static float[] Floats(Mat m)
    {
        var total = (int)m.Total();
        var a = new float[total];
        using var flat = m.Reshape(1, 1);
        flat.GetArray(out float[] data);
        Array.Copy(data, a, Math.Min(total, data.Length));
        return a;
    }

    public void Dispose() => _net.Dispose();
}
