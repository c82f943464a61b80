using System.Globalization;
using FakeLens.Core.Scanning;
using FakeLens.Imaging.Decoding;
using OpenCvSharp;

namespace FakeLens.Imaging.CopyMove;

/// <summary>
/// Keypoint copy-move search after Amerini, Ballan, Caldelli, Del Bimbo &amp; Serra (2011, "A SIFT-based
/// forensic method for copy-move attack detection and transformation recovery", IEEE TIFS 6(3)).
/// SIFT on luma shrunk to ≤ 1600 px (copied areas worth reporting are tens of pixels even after that; SIFT
/// on 12 MP would cost seconds), over ~1 MP in bands (<see cref="BandedSift"/>: OpenCV's pyramid of a whole
/// 1600 × 1600 image needs ~600 MB), at most 4000 keypoints (the strongest), contrast threshold 0.02 (half
/// OpenCV's default: clones often sit in low-contrast grass, sky or walls where the default finds few points). g2NN matching within the image:
/// neighbours sorted by descriptor distance, closer than 10 px in the image skipped (the same spot at
/// another orientation), and d(i)/d(i+1) &lt; 0.5 accepted in turn (the paper's T = 0.5). Matched keypoints
/// are clustered by single linkage within max(24 px, 3 % of the diagonal) (the paper uses agglomerative
/// clustering; single linkage on a grid is linear time). For each pair of clusters with ≥ 8 matches an affine
/// map is fitted by RANSAC (reprojection 3 px, 2000 iterations); it is kept with ≥ 8 inliers, a scale between
/// 0.5 and 2 and a shift of at least 16 px. The dense mask comes from correlating the image with itself
/// warped by that map (7 × 7 normalised cross-correlation &gt; 0.8 where there is texture), keeping only the
/// connected areas that contain inliers; the source area is the target area mapped back.
/// </summary>
internal static class SiftCopyMoveAnalyzer
{
    internal const int MaxSide = 1600;
    internal const int MaxKeypoints = 4000;
    internal const int MinInliers = 8;
    private const double RatioThreshold = 0.5;
    private const double ContrastThreshold = 0.02;
    private const int Neighbours = 10;
    private const double MinPairDistance = 10;
    private const double MinShift = 16;
    private const int MaxPairs = 30_000;
    private const float NccThreshold = 0.8f;
    private const int MapMaxSide = 800;

    public static CopyMoveResult Analyze(RgbImage image, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (Math.Min(image.Width, image.Height) < 64)
        {
            return CopyMoveResult.Empty(image.Width, image.Height, 0, "the image is too small (under 64 px on a side) to search for copied areas");
        }

        // SIFT builds and drops a pyramid per band (twice: detection, then description) and the dense mask a dozen float
        // planes per copy: the freed native pages are kept for the next one instead of being faulted in afresh each time
        // (copy-move.sift's CPU at 16 MP −35 %, same results; docs/performance.md, eighth round), and trimmed at the end.
        using var keep = NativeHeap.KeepFreedPages();
        using var gray = CvImages.Gray(image, MaxSide, out var scale);
        var w = gray.Width;
        var h = gray.Height;
        using var descriptors = new Mat();
        var keypoints = BandedSift.DetectAndCompute(gray, MaxKeypoints, ContrastThreshold, descriptors);
        cancellationToken.ThrowIfCancellationRequested();
        if (keypoints.Length < 2 * MinInliers)
        {
            return CopyMoveResult.Empty(w, h, keypoints.Length, $"the image has too little detail for keypoints ({keypoints.Length} found)");
        }

        var pairs = Match(keypoints, descriptors, cancellationToken);
        var clusters = Cluster(keypoints, pairs, Math.Max(24, 0.03 * Math.Sqrt((w * (double)w) + (h * (double)h))));
        var copies = Verify(keypoints, pairs, clusters, out var bestInliers, cancellationToken);

        var mask = new byte[w * h];
        var matches = new List<CopyMoveMatch>();
        if (copies.Count > 0)
        {
            using var luma = new Mat();
            gray.ConvertTo(luma, MatType.CV_32FC1);
            foreach (var copy in copies)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var (src, dst) = DenseMask(luma, copy, mask);
                matches.Add(new CopyMoveMatch(ToOriginal(src, scale, image), ToOriginal(dst, scale, image), copy.Inliers, Describe(copy, scale)));
            }
        }

        var (map, mw, mh) = Pool(mask, w, h);
        var score = bestInliers / (bestInliers + 12.0);
        return new CopyMoveResult(mw, mh, map, matches, score, keypoints.Length, pairs.Count, null);
    }

    /// <summary>g2NN: every keypoint against all others; returns unique pairs (i &lt; j).</summary>
    private static List<(int A, int B)> Match(KeyPoint[] keypoints, Mat descriptors, CancellationToken cancellationToken)
    {
        using var matcher = new BFMatcher(NormTypes.L2);
        var k = Math.Min(Neighbours + 1, keypoints.Length);
        var knn = matcher.KnnMatch(descriptors, descriptors, k);
        cancellationToken.ThrowIfCancellationRequested();
        var seen = new HashSet<long>();
        var pairs = new List<(int, int)>();
        var dist = new float[k];
        var idx = new int[k];
        for (var i = 0; i < knn.Length && pairs.Count < MaxPairs; i++)
        {
            var p = keypoints[i].Pt;
            var n = 0;
            foreach (var m in knn[i])
            {
                var q = keypoints[m.TrainIdx].Pt;
                var dx = p.X - q.X;
                var dy = p.Y - q.Y;
                if (m.TrainIdx == i || (dx * dx) + (dy * dy) < MinPairDistance * MinPairDistance)
                {
                    continue;
                }

                dist[n] = m.Distance;
                idx[n++] = m.TrainIdx;
            }

            for (var j = 0; j + 1 < n; j++)
            {
                var ratio = dist[j + 1] <= 0 ? 0 : dist[j] / dist[j + 1];
                if (ratio >= RatioThreshold)
                {
                    break;
                }

                var a = Math.Min(i, idx[j]);
                var b = Math.Max(i, idx[j]);
                if (seen.Add(((long)a << 32) | (uint)b))
                {
                    pairs.Add((a, b));
                }
            }
        }

        return pairs;
    }

    /// <summary>Single-linkage clusters of the matched keypoints (union–find over a grid of cells of the link radius); -1 = unmatched.</summary>
    private static int[] Cluster(KeyPoint[] keypoints, List<(int A, int B)> pairs, double radius)
    {
        var label = new int[keypoints.Length];
        Array.Fill(label, -1);
        var members = new List<int>();
        foreach (var (a, b) in pairs)
        {
            foreach (var v in (int[])[a, b])
            {
                if (label[v] == -1)
                {
                    label[v] = members.Count;
                    members.Add(v);
                }
            }
        }

        var parent = new int[members.Count];
        for (var i = 0; i < parent.Length; i++)
        {
            parent[i] = i;
        }

        int Find(int x)
        {
            while (parent[x] != x)
            {
                parent[x] = parent[parent[x]];
                x = parent[x];
            }

            return x;
        }

        var grid = new Dictionary<long, List<int>>();
        static long Key(int cx, int cy) => ((long)cx << 32) | (uint)cy;
        for (var m = 0; m < members.Count; m++)
        {
            var pt = keypoints[members[m]].Pt;
            var key = Key((int)(pt.X / radius), (int)(pt.Y / radius));
            if (!grid.TryGetValue(key, out var list))
            {
                grid[key] = list = [];
            }

            list.Add(m);
        }

        var r2 = radius * radius;
        for (var m = 0; m < members.Count; m++)
        {
            var pt = keypoints[members[m]].Pt;
            int cx = (int)(pt.X / radius), cy = (int)(pt.Y / radius);
            for (var gy = cy - 1; gy <= cy + 1; gy++)
            {
                for (var gx = cx - 1; gx <= cx + 1; gx++)
                {
                    if (!grid.TryGetValue(Key(gx, gy), out var list))
                    {
                        continue;
                    }

                    foreach (var o in list)
                    {
                        if (o <= m)
                        {
                            continue;
                        }

                        var q = keypoints[members[o]].Pt;
                        if ((((pt.X - q.X) * (pt.X - q.X)) + ((pt.Y - q.Y) * (pt.Y - q.Y))) <= r2)
                        {
                            parent[Find(o)] = Find(m);
                        }
                    }
                }
            }
        }

        for (var m = 0; m < members.Count; m++)
        {
            label[members[m]] = Find(m);
        }

        return label;
    }

    /// <summary>Affine RANSAC per pair of clusters; the plausible fits with enough inliers, strongest first.</summary>
    private static List<Copy> Verify(KeyPoint[] keypoints, List<(int A, int B)> pairs, int[] label, out int bestInliers, CancellationToken cancellationToken)
    {
        var groups = new Dictionary<long, List<(Point2f From, Point2f To)>>();
        foreach (var (a, b) in pairs)
        {
            var (la, lb) = (label[a], label[b]);
            var pa = keypoints[a].Pt;
            var pb = keypoints[b].Pt;
            bool swap;
            if (la != lb)
            {
                swap = la > lb;
            }
            else
            {
                // Within one cluster (source and target touch): orient by the displacement so all pairs point one way.
                var dx = pb.X - pa.X;
                var dy = pb.Y - pa.Y;
                swap = dx < 0 || (dx == 0 && dy < 0);
            }

            var key = ((long)Math.Min(la, lb) << 32) | (uint)Math.Max(la, lb);
            if (!groups.TryGetValue(key, out var list))
            {
                groups[key] = list = [];
            }

            list.Add(swap ? (pb, pa) : (pa, pb));
        }

        bestInliers = 0;
        var copies = new List<Copy>();
        foreach (var list in groups.Values)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (list.Count < MinInliers)
            {
                bestInliers = Math.Max(bestInliers, list.Count / 2);
                continue;
            }

            var from = new Point2f[list.Count];
            var to = new Point2f[list.Count];
            for (var i = 0; i < list.Count; i++)
            {
                (from[i], to[i]) = list[i];
            }

            using var inlierMask = new Mat();
            using var fromMat = Mat.FromArray(from);
            using var toMat = Mat.FromArray(to);
            using var affine = Cv2.EstimateAffine2D(fromMat, toMat, inlierMask, RobustEstimationAlgorithms.RANSAC, 3.0, 2000, 0.99, 10);
            if (affine is null || affine.Empty())
            {
                continue;
            }

            var flags = CvImages.ToArray<byte>(inlierMask);
            var inFrom = new List<Point2f>();
            var inTo = new List<Point2f>();
            for (var i = 0; i < flags.Length; i++)
            {
                if (flags[i] != 0)
                {
                    inFrom.Add(from[i]);
                    inTo.Add(to[i]);
                }
            }

            var m = CvImages.ToArray<double>(affine);
            if (!Plausible(m, inFrom, inTo))
            {
                bestInliers = Math.Max(bestInliers, inFrom.Count / 2);
                continue;
            }

            bestInliers = Math.Max(bestInliers, inFrom.Count);
            if (inFrom.Count >= MinInliers)
            {
                copies.Add(new Copy(m, inFrom.Count, [.. inFrom], [.. inTo]));
            }
        }

        copies.Sort((x, y) => y.Inliers.CompareTo(x.Inliers));
        return copies.Count > 4 ? copies.GetRange(0, 4) : copies;
    }

    /// <summary>A copy, not noise: a sane scale, a real shift, and inliers spread over an area rather than piled on a line.</summary>
    private static bool Plausible(double[] m, List<Point2f> from, List<Point2f> to)
    {
        if (from.Count < MinInliers)
        {
            return false;
        }

        var det = (m[0] * m[4]) - (m[1] * m[3]);
        if (!(Math.Abs(det) is >= 0.25 and <= 4.0))
        {
            return false;
        }

        double shift = 0;
        for (var i = 0; i < from.Count; i++)
        {
            shift += Math.Sqrt(((to[i].X - from[i].X) * (to[i].X - from[i].X)) + ((to[i].Y - from[i].Y) * (to[i].Y - from[i].Y)));
        }

        if (shift / from.Count < MinShift)
        {
            return false;
        }

        var box = Cv2.BoundingRect(from);
        return box.Width >= 8 && box.Height >= 8;
    }

    /// <summary>Marks the copied pixels of one copy in <paramref name="mask"/>; returns the source and target boxes (working pixels).</summary>
    private static (Rect Source, Rect Target) DenseMask(Mat luma, Copy copy, byte[] mask)
    {
        var w = luma.Width;
        var h = luma.Height;
        using var affine = new Mat(2, 3, MatType.CV_64FC1);
        affine.SetArray(copy.Affine);
        using var warped = new Mat();
        Cv2.WarpAffine(luma, warped, affine, luma.Size(), InterpolationFlags.Linear, BorderTypes.Constant, new Scalar(-1000));
        var ncc = LocalCorrelation(luma, warped, out var valid);

        var target = new byte[w * h];
        for (var i = 0; i < target.Length; i++)
        {
            target[i] = (byte)(valid[i] && ncc[i] > NccThreshold ? 255 : 0);
        }

        using var targetMat = CvImages.FromArray(target, w, h, MatType.CV_8UC1);
        using var kernel = Cv2.GetStructuringElement(MorphShapes.Ellipse, new Size(7, 7));
        Cv2.MorphologyEx(targetMat, targetMat, MorphTypes.Close, kernel);
        using var labels = new Mat();
        var count = Cv2.ConnectedComponents(targetMat, labels, PixelConnectivity.Connectivity8, MatType.CV_32SC1);
        var lab = CvImages.ToArray<int>(labels);
        var keep = new bool[count];
        foreach (var p in copy.To)
        {
            // A component counts when an inlier lands in it or right next to it.
            for (var dy = -3; dy <= 3; dy += 3)
            {
                for (var dx = -3; dx <= 3; dx += 3)
                {
                    var x = Math.Clamp((int)p.X + dx, 0, w - 1);
                    var y = Math.Clamp((int)p.Y + dy, 0, h - 1);
                    var l = lab[(y * w) + x];
                    if (l > 0)
                    {
                        keep[l] = true;
                    }
                }
            }
        }

        var any = false;
        for (var i = 0; i < target.Length; i++)
        {
            target[i] = (byte)(keep[lab[i]] && lab[i] > 0 ? 255 : 0);
            any |= target[i] != 0;
        }

        if (!any)
        {
            // Correlation failed (heavy recompression, strong rescaling): fall back to the hull of the inliers.
            FillHull(copy.To, target, w, h);
        }

        using var dense = CvImages.FromArray(target, w, h, MatType.CV_8UC1);
        using var back = new Mat();
        Cv2.WarpAffine(dense, back, affine, luma.Size(), InterpolationFlags.Nearest | InterpolationFlags.WarpInverseMap, BorderTypes.Constant, new Scalar(0));
        var source = CvImages.ToArray<byte>(back);
        for (var i = 0; i < mask.Length; i++)
        {
            if (target[i] != 0 || source[i] != 0)
            {
                mask[i] = 1;
            }
        }

        return (Bounds(source, w, h), Bounds(target, w, h));
    }

    /// <summary>7 × 7 zero-mean normalised cross-correlation of two float images; valid where the warp landed inside and there is texture.</summary>
    private static float[] LocalCorrelation(Mat a, Mat b, out bool[] valid)
    {
        var size = new Size(7, 7);
        using var bClean = new Mat();
        using var inside = new Mat();
        Cv2.Threshold(b, inside, -500, 1, ThresholdTypes.Binary);
        Cv2.Multiply(b, inside, bClean);
        using var meanA = new Mat();
        using var meanB = new Mat();
        using var aa = new Mat();
        using var bb = new Mat();
        using var ab = new Mat();
        using var insideMean = new Mat();
        Cv2.Blur(a, meanA, size);
        Cv2.Blur(bClean, meanB, size);
        Cv2.Blur(a.Mul(a), aa, size);
        Cv2.Blur(bClean.Mul(bClean), bb, size);
        Cv2.Blur(a.Mul(bClean), ab, size);
        Cv2.Blur(inside, insideMean, size);
        var ma = CvImages.ToArray<float>(meanA);
        var mb = CvImages.ToArray<float>(meanB);
        var saa = CvImages.ToArray<float>(aa);
        var sbb = CvImages.ToArray<float>(bb);
        var sab = CvImages.ToArray<float>(ab);
        var ins = CvImages.ToArray<float>(insideMean);
        var ncc = new float[ma.Length];
        valid = new bool[ma.Length];
        for (var i = 0; i < ncc.Length; i++)
        {
            var va = saa[i] - (ma[i] * ma[i]);
            var vb = sbb[i] - (mb[i] * mb[i]);
            if (ins[i] < 0.999f || va < 1f || vb < 1f)
            {
                continue;
            }

            valid[i] = true;
            ncc[i] = (sab[i] - (ma[i] * mb[i])) / MathF.Sqrt(va * vb);
        }

        return ncc;
    }

    private static void FillHull(Point2f[] points, byte[] target, int w, int h)
    {
        var hull = Cv2.ConvexHull(points);
        using var canvas = new Mat(h, w, MatType.CV_8UC1, Scalar.All(0));
        var ints = Array.ConvertAll(hull, p => new Point((int)Math.Round(p.X), (int)Math.Round(p.Y)));
        Cv2.FillConvexPoly(canvas, ints, Scalar.All(255));
        CvImages.ToArray<byte>(canvas).CopyTo(target, 0);
    }

    private static Rect Bounds(byte[] m, int w, int h)
    {
        int x0 = w, y0 = h, x1 = -1, y1 = -1;
        for (var y = 0; y < h; y++)
        {
            var row = y * w;
            for (var x = 0; x < w; x++)
            {
                if (m[row + x] != 0)
                {
                    x0 = Math.Min(x0, x);
                    x1 = Math.Max(x1, x);
                    y0 = Math.Min(y0, y);
                    y1 = Math.Max(y1, y);
                }
            }
        }

        return x1 < 0 ? default : new Rect(x0, y0, x1 - x0 + 1, y1 - y0 + 1);
    }

    internal static Rect ToOriginal(Rect r, double scale, RgbImage image)
    {
        var x = (int)Math.Floor(r.X / scale);
        var y = (int)Math.Floor(r.Y / scale);
        var right = Math.Min(image.Width, (int)Math.Ceiling((r.X + r.Width) / scale));
        var bottom = Math.Min(image.Height, (int)Math.Ceiling((r.Y + r.Height) / scale));
        return new Rect(x, y, Math.Max(0, right - x), Math.Max(0, bottom - y));
    }

    /// <summary>The affine map in words: shift (original pixels), rotation, scale.</summary>
    private static string Describe(Copy copy, double scale)
    {
        var inv = CultureInfo.InvariantCulture;
        var m = copy.Affine;
        double cx = 0, cy = 0;
        foreach (var p in copy.From)
        {
            cx += p.X / copy.From.Length;
            cy += p.Y / copy.From.Length;
        }

        // Shift of the source centre; rotation counter-clockwise as seen on screen.
        var shiftX = (m[0] * cx) + (m[1] * cy) + m[2] - cx;
        var shiftY = (m[3] * cx) + (m[4] * cy) + m[5] - cy;
        var sx = Math.Sqrt((m[0] * m[0]) + (m[3] * m[3]));
        var sy = Math.Sqrt((m[1] * m[1]) + (m[4] * m[4]));
        var rotation = Math.Atan2(m[3], m[0]) * 180 / Math.PI;
        var flip = (m[0] * m[4]) - (m[1] * m[3]) < 0 ? ", mirrored" : string.Empty;
        return string.Format(inv, "shift ({0:+0;-0;0}, {1:+0;-0;0}) px, rotation {2:0}°, scale {3:0.00}{4}", shiftX / scale, shiftY / scale, Math.Abs(rotation) < 0.5 ? 0 : -rotation, (sx + sy) / 2, flip);
    }

    /// <summary>Mean-pools the 0/1 working mask to at most 800 cells on the longer side.</summary>
    internal static (float[] Map, int Width, int Height) Pool(byte[] mask, int w, int h)
    {
        var factor = Math.Max(1, (int)Math.Ceiling(Math.Max(w, h) / (double)MapMaxSide));
        var mw = (w + factor - 1) / factor;
        var mh = (h + factor - 1) / factor;
        var sums = new float[mw * mh];
        var counts = new int[mw * mh];
        for (var y = 0; y < h; y++)
        {
            var row = y / factor * mw;
            for (var x = 0; x < w; x++)
            {
                sums[row + (x / factor)] += mask[(y * w) + x];
                counts[row + (x / factor)]++;
            }
        }

        for (var i = 0; i < sums.Length; i++)
        {
            sums[i] /= Math.Max(1, counts[i]);
        }

        return (sums, mw, mh);
    }

    /// <summary>A verified copy: affine map (2 × 3, row-major, source → target, working pixels) and its inliers.</summary>
    private sealed record Copy(double[] Affine, int Inliers, Point2f[] From, Point2f[] To);
}
