using FakeLens.Faces.Mesh;
using OpenCvSharp;

namespace FakeLens.Faces.Cues;

/// <summary>
/// Head pose from mesh landmarks: <c>solvePnP</c> (iterative Levenberg–Marquardt, OpenCV) of the canonical 3-D face
/// against the landmarks' image positions, with a pinhole camera whose focal length is the frame's longer side and
/// whose centre is the frame's centre (no distortion) — the usual assumption when the camera is unknown. Two poses per
/// face: from the inner face (eyes, nose and mouth: canonical vertices within 55 % of the half-width and 60 % of the
/// half-height of the face's centre) and from the rest of the mesh — forehead, temples, cheeks and jaw, which follow
/// the head — after Yang, Li &amp; Lyu 2019 ("Exposing deep fakes using inconsistent head poses"): a face swap pastes an
/// inner face from another head, so the two poses disagree. Changed from the paper: the paper compares the inner face
/// with the whole face; with the 468-point mesh the inner points are over half of the whole, which dilutes the
/// difference (an inner face turned 18° against the head gave 5.5° against the whole mesh in the test), so the head's
/// pose is fitted to the complement. The canonical face has y up and z towards the viewer; it is turned 180° about x into the camera's
/// frame (a proper rotation, so the poses are only offset by a constant, which cancels in differences).
/// </summary>
public sealed class HeadPose
{
    private readonly Point3f[] _model;
    private readonly int[] _inner;
    private readonly int[] _outer;

    public HeadPose(CanonicalFace canonical)
    {
        ArgumentNullException.ThrowIfNull(canonical);
        var v = canonical.Xyz;
        _model = new Point3f[FaceMesh.PointCount];
        for (var i = 0; i < _model.Length; i++)
        {
            _model[i] = new Point3f(v[i * 3], -v[(i * 3) + 1], -v[(i * 3) + 2]);
        }

        var xs = _model.Select(p => p.X).ToList();
        var ys = _model.Select(p => p.Y).ToList();
        var cx = (xs.Min() + xs.Max()) / 2;
        var cy = (ys.Min() + ys.Max()) / 2;
        var hw = (xs.Max() - xs.Min()) / 2;
        var hh = (ys.Max() - ys.Min()) / 2;
        _inner = Enumerable.Range(0, _model.Length)
            .Where(i => Math.Pow((_model[i].X - cx) / (0.55 * hw), 2) + Math.Pow((_model[i].Y - cy) / (0.6 * hh), 2) <= 1)
            .ToArray();
        var innerSet = _inner.ToHashSet();
        _outer = Enumerable.Range(0, _model.Length).Where(i => !innerSet.Contains(i)).ToArray();
    }

    /// <summary>Canonical vertices counted as the inner face.</summary>
    public IReadOnlyList<int> InnerIndices => _inner;

    /// <summary>The canonical face in the camera's axes (x right, y down, z away from the viewer).</summary>
    public IReadOnlyList<Point3f> Model => _model;

    /// <summary>Rotation vectors (Rodrigues, radians) of the head (the mesh outside the inner face) and of the inner
    /// face; null when solvePnP fails.</summary>
    public (double[] Head, double[] Inner)? Estimate(FaceMesh mesh, int frameWidth, int frameHeight)
    {
        ArgumentNullException.ThrowIfNull(mesh);
        var whole = Solve(mesh, _outer, frameWidth, frameHeight);
        var inner = Solve(mesh, _inner, frameWidth, frameHeight);
        return whole is null || inner is null ? null : (whole, inner);
    }

    /// <summary>Angle in degrees of the rotation that takes one rotation vector to the other.</summary>
    public static double AngleBetween(double[] a, double[] b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var ra = Matrix(a);
        var rb = Matrix(b);
        double trace = 0;
        for (var i = 0; i < 3; i++)
        {
            for (var k = 0; k < 3; k++)
            {
                trace += ra[k, i] * rb[k, i];
            }
        }

        return Math.Acos(Math.Clamp((trace - 1) / 2, -1, 1)) * 180 / Math.PI;
    }

    private double[]? Solve(FaceMesh mesh, int[]? indices, int w, int h)
    {
        var idx = indices ?? Enumerable.Range(0, _model.Length).ToArray();
        var obj = idx.Select(i => _model[i]).ToArray();
        var img = idx.Select(i => { var (x, y) = mesh[i]; return new Point2f(x, y); }).ToArray();
        var f = Math.Max(w, h);
        using var camera = new Mat(3, 3, MatType.CV_64FC1);
        camera.Set(0, 0, (double)f);
        camera.Set(1, 1, (double)f);
        camera.Set(0, 2, w / 2.0);
        camera.Set(1, 2, h / 2.0);
        camera.Set(2, 2, 1.0);
        using var objMat = Mat.FromArray(obj);
        using var imgMat = Mat.FromArray(img);
        using var dist = new Mat();
        using var rvec = new Mat();
        using var tvec = new Mat();
        try
        {
            Cv2.SolvePnP(objMat, imgMat, camera, dist, rvec, tvec, false, SolvePnPMethod.Iterative);
            if (rvec.Rows != 3 || !double.IsFinite(rvec.At<double>(0)))
            {
                return null;
            }
        }
        catch (OpenCVException)
        {
            return null;
        }

        return [rvec.At<double>(0), rvec.At<double>(1), rvec.At<double>(2)];
    }

    private static double[,] Matrix(double[] r)
    {
        using var v = new Mat(3, 1, MatType.CV_64FC1);
        v.Set(0, 0, r[0]);
        v.Set(1, 0, r[1]);
        v.Set(2, 0, r[2]);
        using var m = new Mat();
        Cv2.Rodrigues(v, m);
        var result = new double[3, 3];
        for (var i = 0; i < 3; i++)
        {
            for (var k = 0; k < 3; k++)
            {
                result[i, k] = m.At<double>(i, k);
            }
        }

        return result;
    }
}
