using System.Collections.Concurrent;
using FakeLens.Core.Detection;
using FakeLens.Imaging.CopyMove;
using FakeLens.Imaging.Decoding;
using OpenCvSharp;

namespace FakeLens.Imaging.Lighting;

/// <summary>
/// Finds occluding contours and fits a light direction to each (see <see cref="LightDirectionEstimator"/>).
/// Work is on luma shrunk to ≤ 1024 px. Regions: faces — in a scan, the boxes of faces.found's face finder (BlazeFace,
/// whole picture and tiles) of ≥ 40 px at this resolution; without a face source or face models, OpenCV's frontal-face
/// Haar cascade (Viola &amp; Jones 2001; scale step 1.1, 5 neighbours, ≥ 40 px) — whose outline is modelled as an ellipse 1.0 × 1.3 the
/// detection box, snapped to the strongest edge along each ray within ±25 %, using cheeks and chin only
/// (the top of the head is hair); and objects: closed outlines from Otsu thresholding (both polarities) and
/// from Canny edges closed by 5 × 5, kept when they cover 0.3–40 % of the picture, are nearly convex
/// (solidity ≥ 0.9) and do not touch the frame. Up to 8 regions. Along each contour, every ~4 px, the normal
/// comes from the contour smoothed over ±3 samples and the intensity is the mean 2–4 px inside. A region is
/// usable with ≥ 20 samples, normals spanning ≥ 120°, shading strength ≥ 4 grey levels and σ ≤ 30°.
/// </summary>
/// <summary>A face's box in image pixels, given to the lighting analysis by another part of the scan.</summary>
public readonly record struct FaceRectangle(double X, double Y, double Width, double Height);

/// <summary>Faces already found for this file (image pixels), or null when none can be given (then the Haar cascade runs).</summary>
public delegate IReadOnlyList<FaceRectangle>? LightingFaceSource(AnalysisContext context, DecodedImage decoded, CancellationToken cancellationToken);

internal static class LightingAnalyzer
{
    internal const int MaxSide = 1024;
    private const int MaxRegions = 8;
    private const double SampleSpacing = 4;

    /// <summary>
    /// Loaded cascades by file, each used by one caller at a time (OpenCV's classifier keeps per-image state) and kept
    /// for the next picture. Issue 19 (round 12): parsing the 0.9 MB XML cascade cost every picture ~30–50 ms.
    /// </summary>
    private static readonly ConcurrentDictionary<string, ConcurrentBag<CascadeClassifier>> Cascades = new(StringComparer.Ordinal);

    /// <summary>The analysis of the context's image, computed once per file and shared by the contour and shadow detectors.</summary>
    public static LightingAnalysis Get(AnalysisContext context, RgbImage image, string? cascadePath, CancellationToken cancellationToken) =>
        Get(context, null, image, cascadePath, null, cancellationToken);

    /// <summary>
    /// As above; with <paramref name="faceSource"/>, the faces are the source's boxes instead of the Haar cascade's
    /// (the cascade still runs when the source gives none, i.e. returns null).
    /// </summary>
    public static LightingAnalysis Get(AnalysisContext context, DecodedImage? decoded, RgbImage image, string? cascadePath, LightingFaceSource? faceSource, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (faceSource is null || decoded is null)
        {
            return context.GetOrCreate("lighting.analysis|" + cascadePath, _ => Analyze(image, cascadePath, cancellationToken));
        }

        return context.GetOrCreate("lighting.analysis|context-faces|" + cascadePath, _ =>
        {
            var boxes = faceSource(context, decoded, cancellationToken);
            return boxes is null ? Get(context, image, cascadePath, cancellationToken) : Analyze(image, cascadePath, boxes, cancellationToken);
        });
    }

    /// <summary>Drops the loaded cascades, so the next picture loads its own (for the reuse test).</summary>
    internal static void ForgetCascades() => Cascades.Clear();

    public static LightingAnalysis Analyze(RgbImage image, string? cascadePath, CancellationToken cancellationToken) =>
        Analyze(image, cascadePath, null, cancellationToken);

    /// <summary>
    /// The analysis; faces from <paramref name="faceBoxes"/> (image pixels) when given, else from the Haar cascade.
    /// Given boxes are scaled to the working resolution and, like the cascade's, kept from 40 px up.
    /// </summary>
    public static LightingAnalysis Analyze(RgbImage image, string? cascadePath, IReadOnlyList<FaceRectangle>? faceBoxes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(image);
        using var gray = CvImages.Gray(image, MaxSide, out var scale);
        var w = gray.Width;
        var h = gray.Height;
        if (Math.Min(w, h) < 48)
        {
            return new LightingAnalysis(w, h, scale, [], 0, faceBoxes is not null);
        }

        var luma = CvImages.ToArray<byte>(gray);
        using var blurred = new Mat();
        Cv2.GaussianBlur(gray, blurred, new Size(5, 5), 1.2);
        var smooth = CvImages.ToArray<byte>(blurred);
        var regions = new List<LitRegion>();
        var faces = 0;
        Rect[]? given = faceBoxes?.Select(b => new Rect((int)Math.Round(b.X * scale), (int)Math.Round(b.Y * scale), (int)Math.Round(b.Width * scale), (int)Math.Round(b.Height * scale)))
            .Where(r => r.Width >= 40 && r.Height >= 40).ToArray();
        if (given is not null)
        {
            faces = given.Length;
            foreach (var face in given.OrderByDescending(f => f.Width * f.Height).Take(MaxRegions / 2))
            {
                cancellationToken.ThrowIfCancellationRequested();
                var contour = FaceContour(smooth, w, h, face);
                regions.Add(Fit("face", contour, luma, w, h, scale, closed: false));
            }
        }
        else if (cascadePath is not null && File.Exists(cascadePath))
        {
            var pool = Cascades.GetOrAdd(cascadePath, _ => new ConcurrentBag<CascadeClassifier>());
            var cascade = pool.TryTake(out var loaded) ? loaded : new CascadeClassifier(cascadePath);
            Rect[] found;
            try
            {
                found = cascade.DetectMultiScale(gray, 1.1, 5, HaarDetectionTypes.ScaleImage, new Size(40, 40));
            }
            finally
            {
                pool.Add(cascade);
            }

            faces = found.Length;
            foreach (var face in found.OrderByDescending(f => f.Width * f.Height).Take(MaxRegions / 2))
            {
                cancellationToken.ThrowIfCancellationRequested();
                var contour = FaceContour(smooth, w, h, face);
                regions.Add(Fit("face", contour, luma, w, h, scale, closed: false));
            }
        }

        foreach (var contour in ObjectContours(gray, w, h, cancellationToken))
        {
            if (regions.Count >= MaxRegions)
            {
                break;
            }

            var box = Cv2.BoundingRect(contour);
            if (regions.Exists(r => Overlap(r, box, scale) > 0.5))
            {
                continue;
            }

            var points = Array.ConvertAll(contour, p => new Point2d(p.X, p.Y));
            regions.Add(Fit("object", points, luma, w, h, scale, closed: true));
        }

        return new LightingAnalysis(w, h, scale, regions, faces, given is not null);
    }

    /// <summary>Cheek and chin outline of a detected face: an ellipse around the box, snapped to the strongest edge on each ray.</summary>
    private static Point2d[] FaceContour(byte[] img, int w, int h, Rect face)
    {
        var cx = face.X + (face.Width / 2.0);
        var cy = face.Y + (face.Height * 0.55);
        var ax = face.Width * 0.5;
        var ay = face.Height * 0.65;
        var points = new List<Point2d>();
        // Image angles (y down): −30° (right, a little above) through 90° (chin) to 210° (left, a little above).
        for (var t = -30.0; t <= 210.0; t += 3)
        {
            var c = Math.Cos(t * Math.PI / 180);
            var s = Math.Sin(t * Math.PI / 180);
            double best = -1, bestR = 1;
            for (var r = 0.75; r <= 1.25; r += 0.02)
            {
                var x = cx + (ax * r * c);
                var y = cy + (ay * r * s);
                var inner = Sample(img, w, h, x - (2 * c), y - (2 * s));
                var outer = Sample(img, w, h, x + (2 * c), y + (2 * s));
                var g = Math.Abs(inner - outer);
                if (g > best)
                {
                    best = g;
                    bestR = r;
                }
            }

            var px = cx + (ax * bestR * c);
            var py = cy + (ay * bestR * s);
            if (px >= 1 && py >= 1 && px < w - 2 && py < h - 2)
            {
                points.Add(new Point2d(px, py));
            }
        }

        return [.. points];
    }

    /// <summary>Closed, nearly convex outlines not touching the frame, largest first.</summary>
    private static List<Point[]> ObjectContours(Mat gray, int w, int h, CancellationToken cancellationToken)
    {
        var area = (double)w * h;
        var found = new List<(Point[] Contour, double Area)>();
        using var blurred = new Mat();
        Cv2.GaussianBlur(gray, blurred, new Size(5, 5), 1.5);
        using var kernel = Cv2.GetStructuringElement(MorphShapes.Ellipse, new Size(5, 5));
        var masks = new List<Mat>();
        try
        {
            foreach (var type in (ThresholdTypes[])[ThresholdTypes.Binary, ThresholdTypes.BinaryInv])
            {
                var bin = new Mat();
                Cv2.Threshold(blurred, bin, 0, 255, type | ThresholdTypes.Otsu);
                Cv2.MorphologyEx(bin, bin, MorphTypes.Open, kernel);
                masks.Add(bin);
            }

            var edges = new Mat();
            Cv2.Canny(blurred, edges, 30, 90);
            Cv2.MorphologyEx(edges, edges, MorphTypes.Close, kernel);
            masks.Add(edges);
            foreach (var mask in masks)
            {
                cancellationToken.ThrowIfCancellationRequested();
                Cv2.FindContours(mask, out var contours, out _, RetrievalModes.External, ContourApproximationModes.ApproxNone);
                foreach (var c in contours)
                {
                    if (c.Length < 40)
                    {
                        continue;
                    }

                    var a = Cv2.ContourArea(c);
                    if (a < 0.003 * area || a > 0.4 * area)
                    {
                        continue;
                    }

                    var box = Cv2.BoundingRect(c);
                    if (box.X <= 1 || box.Y <= 1 || box.Right >= w - 1 || box.Bottom >= h - 1)
                    {
                        continue;
                    }

                    var hull = Cv2.ConvexHull(c);
                    if (a / Math.Max(1, Cv2.ContourArea(hull)) < 0.9)
                    {
                        continue;
                    }

                    // The same outline often comes from several masks: keep one.
                    if (found.Exists(f => BoxIoU(Cv2.BoundingRect(f.Contour), box) > 0.7))
                    {
                        continue;
                    }

                    found.Add((c, a));
                }
            }
        }
        finally
        {
            foreach (var m in masks)
            {
                m.Dispose();
            }
        }

        found.Sort((x, y) => y.Area.CompareTo(x.Area));
        return found.ConvertAll(f => f.Contour);
    }

    /// <summary>Samples a contour every ~4 px: smoothed outward normal and mean intensity 2–4 px inside; fits the light.</summary>
    private static LitRegion Fit(string kind, Point2d[] contour, byte[] luma, int w, int h, double scale, bool closed)
    {
        var box = contour.Length == 0 ? default : Cv2.BoundingRect(Array.ConvertAll(contour, p => new Point((int)p.X, (int)p.Y)));
        var mask = RegionMask(contour, w, h, closed);
        var original = new Rect((int)(box.X / scale), (int)(box.Y / scale), (int)Math.Ceiling(box.Width / scale), (int)Math.Ceiling(box.Height / scale));
        var resampled = Resample(contour, closed);
        var n = resampled.Length;
        var nx = new List<double>();
        var ny = new List<double>();
        var iv = new List<double>();
        double mx = 0, my = 0;
        foreach (var p in contour)
        {
            mx += p.X / contour.Length;
            my += p.Y / contour.Length;
        }

        for (var i = 0; i < n; i++)
        {
            var a = closed ? resampled[(i - 3 + n) % n] : resampled[Math.Max(0, i - 3)];
            var b = closed ? resampled[(i + 3) % n] : resampled[Math.Min(n - 1, i + 3)];
            double tx = b.X - a.X, ty = b.Y - a.Y;
            var len = Math.Sqrt((tx * tx) + (ty * ty));
            if (len < 1e-6)
            {
                continue;
            }

            double ox = ty / len, oy = -tx / len;
            var p = resampled[i];
            if ((ox * (p.X - mx)) + (oy * (p.Y - my)) < 0)
            {
                ox = -ox;
                oy = -oy;
            }

            double sum = 0;
            var clipped = false;
            for (var d = 2; d <= 4; d++)
            {
                var v = Sample(luma, w, h, p.X - (d * ox), p.Y - (d * oy));
                clipped |= v >= 252 || double.IsNaN(v);
                sum += v;
            }

            if (clipped)
            {
                continue;
            }

            nx.Add(ox);
            ny.Add(oy);
            iv.Add(sum / 3);
        }

        var light = LightDirectionEstimator.Fit(nx.ToArray(), ny.ToArray(), iv.ToArray());
        if (light is null)
        {
            return new LitRegion(kind, original.X, original.Y, original.Width, original.Height, new LightEstimate(double.NaN, double.PositiveInfinity, 0, 0, 0, nx.Count, 0), false, "too few usable outline points", mask);
        }

        var why = WhyUnusable(light);
        return new LitRegion(kind, original.X, original.Y, original.Width, original.Height, light, why is null, why, mask);
    }

    /// <summary>
    /// The refusal rule: a fit is used only with ≥ 20 samples, normals spanning ≥ 120° (a short arc cannot tell the
    /// light's direction from a brightness gradient along it), shading strength ≥ 4 grey levels and σ ≤ 30°.
    /// Returns why the fit is refused, or null when it is usable.
    /// </summary>
    internal static string? WhyUnusable(LightEstimate light) =>
        light.Samples < 20 ? "too few usable outline points"
            : light.SpanDegrees < 120 ? $"the outline turns through only {light.SpanDegrees:0}°"
            : light.Strength < 4 ? "almost no shading across it"
            : light.SigmaDegrees > 30 ? $"the fit is too uncertain (±{light.SigmaDegrees:0}°)"
            : null;

    /// <summary>Points about <see cref="SampleSpacing"/> px apart along the contour.</summary>
    private static Point2d[] Resample(Point2d[] contour, bool closed)
    {
        var result = new List<Point2d>();
        if (contour.Length == 0)
        {
            return [];
        }

        result.Add(contour[0]);
        var carried = 0.0;
        var count = closed ? contour.Length : contour.Length - 1;
        for (var i = 0; i < count; i++)
        {
            var a = contour[i];
            var b = contour[(i + 1) % contour.Length];
            var seg = Math.Sqrt(((b.X - a.X) * (b.X - a.X)) + ((b.Y - a.Y) * (b.Y - a.Y)));
            var t = SampleSpacing - carried;
            while (t <= seg)
            {
                result.Add(new Point2d(a.X + ((b.X - a.X) * t / seg), a.Y + ((b.Y - a.Y) * t / seg)));
                t += SampleSpacing;
            }

            carried = seg - (t - SampleSpacing);
        }

        return [.. result];
    }

    private static byte[] RegionMask(Point2d[] contour, int w, int h, bool closed)
    {
        using var canvas = new Mat(h, w, MatType.CV_8UC1, Scalar.All(0));
        if (contour.Length >= 3)
        {
            var pts = Array.ConvertAll(contour, p => new Point((int)Math.Round(p.X), (int)Math.Round(p.Y)));
            if (closed)
            {
                Cv2.FillPoly(canvas, [pts], Scalar.All(1));
            }
            else
            {
                Cv2.FillConvexPoly(canvas, Cv2.ConvexHull(pts), Scalar.All(1));
            }
        }

        return CvImages.ToArray<byte>(canvas);
    }

    private static double Sample(byte[] img, int w, int h, double x, double y)
    {
        if (x < 0 || y < 0 || x > w - 1.001 || y > h - 1.001)
        {
            return double.NaN;
        }

        var ix = (int)x;
        var iy = (int)y;
        double fx = x - ix, fy = y - iy;
        var i = (iy * w) + ix;
        var top = img[i] + ((img[i + 1] - img[i]) * fx);
        var bottom = img[i + w] + ((img[i + w + 1] - img[i + w]) * fx);
        return top + ((bottom - top) * fy);
    }

    private static double Overlap(LitRegion r, Rect workBox, double scale)
    {
        var box = new Rect((int)(r.X * scale), (int)(r.Y * scale), (int)(r.Width * scale), (int)(r.Height * scale));
        var inter = box & workBox;
        return inter.Width <= 0 || inter.Height <= 0 ? 0 : inter.Width * (double)inter.Height / Math.Max(1, Math.Min(box.Width * box.Height, workBox.Width * workBox.Height));
    }

    private static double BoxIoU(Rect a, Rect b)
    {
        var inter = a & b;
        if (inter.Width <= 0 || inter.Height <= 0)
        {
            return 0;
        }

        var i = inter.Width * (double)inter.Height;
        return i / ((a.Width * (double)a.Height) + (b.Width * (double)b.Height) - i);
    }
}
