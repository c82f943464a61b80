using FakeLens.Faces.Detection;
using FakeLens.Faces.Mesh;
using FakeLens.Faces.Models;
using FakeLens.Imaging.Decoding;
using OpenCvSharp;

namespace FakeLens.Faces;

/// <summary>
/// Finds faces and fits the 468-point mesh: BlazeFace boxes, one refined mesh per box, faces whose mesh the
/// network itself doubts (presence below 0.5) dropped. Loaded once and shared (thread-safe: each network is
/// locked while it runs). Dispose releases the networks.
/// </summary>
public sealed class FaceEngine : IDisposable
{
    /// <summary>Mesh presence below which a detection is not kept as a face.</summary>
    public const double MinPresence = 0.5;

    private readonly BlazeFaceDetector _detector;
    private readonly FaceMeshModel _mesh;

    private FaceEngine(FaceModelFiles files)
    {
        _detector = new BlazeFaceDetector(files.DetectorPath);
        _mesh = new FaceMeshModel(files.MeshPath);
        Files = files;
    }

    public FaceModelFiles Files { get; }

    /// <summary>The engine, or null with the reason (models not installed, or OpenCV could not load them).</summary>
    public static FaceEngine? TryCreate(out string? whyNot)
    {
        var files = FaceModelFiles.Locate(out whyNot);
        if (files is null)
        {
            return null;
        }

        try
        {
            return new FaceEngine(files);
        }
        catch (Exception e) when (e is OpenCVException or InvalidOperationException or TypeInitializationException or DllNotFoundException)
        {
            whyNot = $"face models could not be loaded from {files.Directory}: {e.Message}";
            return null;
        }
    }

    /// <summary>Faces in an image, largest first. <paramref name="tiles"/> also scans tiles for small faces (stills).</summary>
    public IReadOnlyList<FaceObservation> Find(RgbImage image, bool tiles, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(image);
        using var view = CvFrames.View(image);
        var rgb = view.Mat;
        var result = new List<FaceObservation>();
        foreach (var box in _detector.Detect(rgb, tiles))
        {
            ct.ThrowIfCancellationRequested();
            if (box.Width < 12 || box.Height < 12)
            {
                continue;
            }

            var mesh = _mesh.RunRefined(rgb, FaceRoi.FromDetection(box));
            if (mesh is not null && mesh.Presence >= MinPresence)
            {
                result.Add(new FaceObservation(box, mesh));
            }
        }

        return result.OrderByDescending(f => f.Box.Width * f.Box.Height).ToList();
    }

    public void Dispose()
    {
        _detector.Dispose();
        _mesh.Dispose();
    }
}
