using FakeLens.Faces.Detection;

namespace FakeLens.Faces.Tracking;

// Tracking by overlap, the simplest tracker that holds up at 10 fps (Bochinski et al. 2017, "High-speed
// tracking-by-detection without using image information"): each new face joins the live track whose last mesh
// box overlaps it most (IoU ≥ 0.3) and whose last sighting is at most 1 s old; largest faces choose first; a face
// that matches no track starts a new one. Mesh boxes (landmark bounds) are steadier than detector boxes.
public sealed class FaceTracker
{
    public const double MinIoU = 0.3;
    public const double MaxGapSeconds = 1.0;
    private readonly List<FaceTrack> _tracks = [];

    public IReadOnlyList<FaceTrack> Tracks => _tracks;

    /// <summary>Assigns the faces of one frame (all at <paramref name="time"/>) to tracks.</summary>
    public void Add(double time, IReadOnlyList<TrackSample> faces)
    {
        ArgumentNullException.ThrowIfNull(faces);
        var taken = new HashSet<FaceTrack>();
        foreach (var face in faces.OrderByDescending(f => f.Face.Box.Width * f.Face.Box.Height))
        {
            var (x, y, w, h) = face.Face.Mesh.Bounds();
            FaceTrack? best = null;
            var bestIoU = MinIoU;
            foreach (var track in _tracks)
            {
                if (taken.Contains(track) || time - track.Last.TimeSeconds > MaxGapSeconds || time <= track.Last.TimeSeconds)
                {
                    continue;
                }

                var (tx, ty, tw, th) = track.Last.Face.Mesh.Bounds();
                var iou = FaceBox.IoU(x, y, w, h, tx, ty, tw, th);
                if (iou >= bestIoU)
                {
                    best = track;
                    bestIoU = iou;
                }
            }

            if (best is null)
            {
                best = new FaceTrack(_tracks.Count + 1);
                _tracks.Add(best);
            }

            best.Add(face);
            taken.Add(best);
        }
    }
}
