using OpenCvSharp;
using OpenCvSharp.Dnn;

namespace FakeLens.Faces.Mesh;

// MediaPipe face mesh (Kartynnik et al. 2019, "Real-time Facial Surface Geometry from Monocular Video on Mobile
// GPUs"): face_landmark.tflite from @mediapipe/face_mesh 0.4.1657299874 (Apache-2.0), run through OpenCV DNN.
// Input: a 192×192 RGB crop scaled to [0, 1], rotated so the eyes are level and 1.5× the face box (MediaPipe's
// own ROI rule); outputs 468×3 landmarks in crop pixels and a face-presence logit. As in MediaPipe's tracking
// graph, the mesh is computed twice when asked to refine: once from the detector's ROI, once from the ROI of the
// first mesh's landmarks, which centres and levels the crop better (less frame-to-frame jitter).
internal sealed class FaceMeshModel : IDisposable
{
    public const int InputSize = 192;
    private readonly Net _net;

    public FaceMeshModel(string modelPath)
    {
        _net = CvDnn.ReadNet(modelPath);
        if (_net.Empty())
        {
            throw new InvalidOperationException($"OpenCV could not load the face mesh {modelPath}");
        }
    }

    /// <summary>The mesh in the ROI of an RGB mat; null when the crop is degenerate.</summary>
    public FaceMesh? Run(Mat rgb, FaceRoi roi)
    {
        ArgumentNullException.ThrowIfNull(rgb);
        if (!(roi.Side >= 8) || double.IsNaN(roi.CenterX) || double.IsNaN(roi.CenterY))
        {
            return null;
        }

        using var m = new Mat(2, 3, MatType.CV_64FC1);
        m.SetArray(roi.ImageToCrop(InputSize));
        using var crop = new Mat();
        Cv2.WarpAffine(rgb, crop, m, new Size(InputSize, InputSize), InterpolationFlags.Linear, BorderTypes.Constant, Scalar.All(0));
        using var blob = CvDnn.BlobFromImage(crop, 1 / 255.0, new Size(InputSize, InputSize), new Scalar(0, 0, 0), false, false);
        using var flag = new Mat();
        using var landmarks = new Mat();
        lock (_net)
        {
            _net.SetInput(blob);
            _net.Forward([flag, landmarks], ["conv2d_31", "conv2d_21"]);
        }

        var f = Detection.CvFrames.Floats(flag);
        var raw = Detection.CvFrames.Floats(landmarks);
        if (raw.Length < FaceMesh.PointCount * 3 || f.Length < 1)
        {
            return null;
        }

        var xyz = new float[FaceMesh.PointCount * 3];
        var zScale = roi.Side / InputSize;
        for (var i = 0; i < FaceMesh.PointCount; i++)
        {
            var (x, y) = roi.ToImage(raw[3 * i], raw[(3 * i) + 1], InputSize);
            xyz[3 * i] = (float)x;
            xyz[(3 * i) + 1] = (float)y;
            xyz[(3 * i) + 2] = (float)(raw[(3 * i) + 2] * zScale);
        }

        return new FaceMesh(xyz, 1 / (1 + Math.Exp(-Math.Clamp(f[0], -100, 100))), roi);
    }

    /// <summary>Mesh from <paramref name="roi"/>, then once more from its own landmarks' ROI.</summary>
    public FaceMesh? RunRefined(Mat rgb, FaceRoi roi)
    {
        var first = Run(rgb, roi);
        if (first is null || first.Presence < 0.5)
        {
            return first;
        }

        var second = Run(rgb, FaceRoi.FromLandmarks(first.Xyz));
        return second is not null && second.Presence >= first.Presence * 0.8 ? second : first;
    }

    public void Dispose() => _net.Dispose();
}
