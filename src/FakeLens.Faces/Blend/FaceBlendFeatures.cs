using FakeLens.Faces.Detection;
using FakeLens.Faces.Mesh;
using FakeLens.Imaging.Decoding;
using OpenCvSharp;

namespace FakeLens.Faces.Blend;

/// <summary>
/// Blending-boundary features of one face (feature version <see cref="Version"/>), for the self-blended face
/// detector. A face swap or reenactment pastes a generated inner face into the frame through a soft mask that
/// follows the landmark hull; wherever the pasted face's colour, sharpness, noise or position differs from the
/// frame, a discontinuity runs along that boundary (Face X-ray, Li et al. 2020). Pixels are indexed by their
/// normalised radius ρ = distance from the mesh centroid / distance of the convex hull of the 468 points in the same
/// direction, in 16 rings of width 0.05 from ρ 0.45 to 1.25 and 8 angular sectors. Per ring: log noise residual (4-neighbour
/// Laplacian), log ratio of radial to tangential luma gradient (a boundary parallel to the hull is radial), log radial
/// chroma gradient, and the spread of the radial/tangential ratio over sectors (a boundary visible on one side only);
/// between adjacent rings: the step in log noise, luma (over the face's luma spread), Cb and Cr; and, per sector, the
/// largest chroma, noise and luma step between rings within ρ 0.65–1.1, median over the sectors (v2; v1 had 9 rings of
/// 0.1 and no sector steps: leave-one-source-out AUC 0.71 on self-blends, see docs/faces.md); v3 adds the seam search
/// (the outline step that is consistent all around the face, see Compute).
/// The face is measured at most 192 px wide (larger faces are reduced with area averaging, which both classes get
/// alike) on a 1.6× crop around the mesh. Faces under 40 px are not measured.
/// </summary>
public static class FaceBlendFeatures
{
    public const int Version = 3;
    public const int Rings = 16;
    public const int Sectors = 8;
    public const double FirstRing = 0.45;
    public const double RingWidth = 0.05;
    public const int MinFaceSize = 40;
    public const int WorkingFaceSize = 192;
    private const int AngleBins = 72;

    // Seam search (v3): fine rings of 0.025 from ρ 0.55 to 1.10 in 16 sectors; candidate boundaries ρ0 0.70–0.975.
    private const int FineRings = 22;
    private const double FineFirst = 0.55;
    private const double FineWidth = 0.025;
    private const int FineSectors = 16;

    public static IReadOnlyList<string> Names { get; } = BuildNames();

    public static int Count => Names.Count;

    /// <summary>The features, or null when the face is too small or outside the image.</summary>
    public static FaceBlendMeasurement? Measure(RgbImage image, FaceMesh mesh)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(mesh);
        var (bx, by, bw, bh) = mesh.Bounds();
        var size = Math.Max(bw, bh);
        if (!(size >= MinFaceSize) || !float.IsFinite(bx) || !float.IsFinite(by))
        {
            return null;
        }

        var (mcx, mcy) = SelfBlender.Centroid(mesh);
        var half = 0.8 * size;
        var x0 = (int)Math.Max(0, Math.Floor(mcx - half));
        var y0 = (int)Math.Max(0, Math.Floor(mcy - half));
        var x1 = (int)Math.Min(image.Width, Math.Ceiling(mcx + half));
        var y1 = (int)Math.Min(image.Height, Math.Ceiling(mcy + half));
        if (x1 - x0 < MinFaceSize || y1 - y0 < MinFaceSize)
        {
            return null;
        }

        var k = Math.Min(1.0, WorkingFaceSize / (double)size);
        using var rgb = CvFrames.Rgb(image);
        using var roi = new Mat(rgb, new Rect(x0, y0, x1 - x0, y1 - y0));
        using var crop = new Mat();
        var w = Math.Max(8, (int)Math.Round((x1 - x0) * k));
        var h = Math.Max(8, (int)Math.Round((y1 - y0) * k));
        if (k < 1)
        {
            Cv2.Resize(roi, crop, new Size(w, h), 0, 0, InterpolationFlags.Area);
        }
        else
        {
            roi.CopyTo(crop);
            (w, h) = (crop.Width, crop.Height);
        }

        var bytes = new byte[w * h * 3];
        using (var cont = crop.IsContinuous() ? crop : crop.Clone())
        {
            System.Runtime.InteropServices.Marshal.Copy(cont.Data, bytes, 0, bytes.Length);
        }

        var frame = new BlendFrame(x0, y0, k, (mcx - x0) * k, (mcy - y0) * k, HullRadii(mesh, x0, y0, k, (mcx - x0) * k, (mcy - y0) * k));
        return Compute(bytes, w, h, frame);
    }

    private static FaceBlendMeasurement Compute(byte[] rgb, int w, int h, BlendFrame frame)
    {
        var n = w * h;
        var luma = new float[n];
        var cb = new float[n];
        var cr = new float[n];
        for (var i = 0; i < n; i++)
        {
            float r = rgb[i * 3], g = rgb[(i * 3) + 1], b = rgb[(i * 3) + 2];
            var y = (0.299f * r) + (0.587f * g) + (0.114f * b);
            luma[i] = y;
            cb[i] = 0.564f * (b - y);
            cr[i] = 0.713f * (r - y);
        }

        const int Cells = Rings * Sectors;
        var count = new double[Cells];
        var lap = new double[Cells];
        var rad = new double[Cells];
        var tan = new double[Cells];
        var chroma = new double[Cells];
        var ySum = new double[Cells];
        var cbSum = new double[Cells];
        var crSum = new double[Cells];
        double lumaSum = 0, luma2 = 0, lumaN = 0;
        const int FineCells = FineRings * FineSectors;
        var fCount = new double[FineCells];
        var fY = new double[FineCells];
        var fCb = new double[FineCells];
        var fCr = new double[FineCells];
        var fLap = new double[FineCells];
        for (var y = 1; y < h - 1; y++)
        {
            for (var x = 1; x < w - 1; x++)
            {
                var (rho, ux, uy, sector) = frame.Polar(x, y);
                var i = (y * w) + x;
                var fine = (int)Math.Floor((rho - FineFirst) / FineWidth);
                if (fine >= 0 && fine < FineRings)
                {
                    var fs = Math.Clamp((int)((Math.Atan2(uy, ux) + Math.PI) / (2 * Math.PI) * FineSectors), 0, FineSectors - 1);
                    var fc = (fine * FineSectors) + fs;
                    fCount[fc]++;
                    fY[fc] += luma[i];
                    fCb[fc] += cb[i];
                    fCr[fc] += cr[i];
                    fLap[fc] += Math.Abs((4 * luma[i]) - luma[i - 1] - luma[i + 1] - luma[i - w] - luma[i + w]);
                }

                var ring = (int)Math.Floor((rho - FirstRing) / RingWidth);
                if (ring < 0 || ring >= Rings)
                {
                    continue;
                }

                var cell = (ring * Sectors) + sector;
                var gx = luma[i + 1] - luma[i - 1];
                var gy = luma[i + w] - luma[i - w];
                var cgx = Math.Abs(((cb[i + 1] - cb[i - 1]) * ux) + ((cb[i + w] - cb[i - w]) * uy)) + Math.Abs(((cr[i + 1] - cr[i - 1]) * ux) + ((cr[i + w] - cr[i - w]) * uy));
                count[cell]++;
                lap[cell] += Math.Abs((4 * luma[i]) - luma[i - 1] - luma[i + 1] - luma[i - w] - luma[i + w]);
                rad[cell] += Math.Abs((gx * ux) + (gy * uy));
                tan[cell] += Math.Abs((-gx * uy) + (gy * ux));
                chroma[cell] += cgx;
                ySum[cell] += luma[i];
                cbSum[cell] += cb[i];
                crSum[cell] += cr[i];
                lumaSum += luma[i];
                luma2 += luma[i] * (double)luma[i];
                lumaN++;
            }
        }

        var lumaStd = lumaN > 1 ? Math.Sqrt(Math.Max(1, (luma2 / lumaN) - ((lumaSum / lumaN) * (lumaSum / lumaN)))) : 1;
        var features = new float[Count];
        var ringLap = new double[Rings];
        var ringY = new double[Rings];
        var ringCb = new double[Rings];
        var ringCr = new double[Rings];
        var sectorRatio = new double[Cells];
        var f = 0;
        for (var r = 0; r < Rings; r++)
        {
            double c = 0, l = 0, ra = 0, ta = 0, ch = 0, yy = 0, b = 0, rr = 0;
            var ratios = new List<double>(Sectors);
            for (var s = 0; s < Sectors; s++)
            {
                var cell = (r * Sectors) + s;
                c += count[cell];
                l += lap[cell];
                ra += rad[cell];
                ta += tan[cell];
                ch += chroma[cell];
                yy += ySum[cell];
                b += cbSum[cell];
                rr += crSum[cell];
                sectorRatio[cell] = count[cell] > 0 ? Math.Log(((rad[cell] / count[cell]) + 1) / ((tan[cell] / count[cell]) + 1)) : double.NaN;
                if (count[cell] > 0)
                {
                    ratios.Add(sectorRatio[cell]);
                }
            }

            c = Math.Max(c, 1);
            ringLap[r] = Math.Log((l / c) + 1);
            ringY[r] = yy / c;
            ringCb[r] = b / c;
            ringCr[r] = rr / c;
            ratios.Sort();
            features[f++] = (float)ringLap[r];
            features[f++] = (float)Math.Log(((ra / c) + 1) / ((ta / c) + 1));
            features[f++] = (float)Math.Log((ch / c) + 1);
            features[f++] = ratios.Count == 0 ? 0f : (float)(ratios[^1] - ratios[ratios.Count / 2]);
        }

        for (var r = 0; r + 1 < Rings; r++)
        {
            features[f++] = (float)(ringLap[r + 1] - ringLap[r]);
            features[f++] = (float)((ringY[r + 1] - ringY[r]) / lumaStd);
            features[f++] = (float)(ringCb[r + 1] - ringCb[r]);
            features[f++] = (float)(ringCr[r + 1] - ringCr[r]);
        }

        // Per sector: the largest step between adjacent rings inside ρ 0.65–1.1 (where masks end), median over sectors —
        // a boundary that runs all around the face rather than one edge of hair or jaw.
        var chromaStep = new List<double>(Sectors);
        var noiseStep = new List<double>(Sectors);
        var lumaStep = new List<double>(Sectors);
        for (var s = 0; s < Sectors; s++)
        {
            double bc = 0, bn = 0, bl = 0;
            for (var r = 4; r + 1 < Rings && FirstRing + ((r + 1) * RingWidth) <= 1.1; r++)
            {
                int a = (r * Sectors) + s, b = ((r + 1) * Sectors) + s;
                if (count[a] < 4 || count[b] < 4)
                {
                    continue;
                }

                bc = Math.Max(bc, Math.Abs((cbSum[b] / count[b]) - (cbSum[a] / count[a])) + Math.Abs((crSum[b] / count[b]) - (crSum[a] / count[a])));
                bn = Math.Max(bn, Math.Abs(Math.Log((lap[b] / count[b]) + 1) - Math.Log((lap[a] / count[a]) + 1)));
                bl = Math.Max(bl, Math.Abs((ySum[b] / count[b]) - (ySum[a] / count[a])) / lumaStd);
            }

            chromaStep.Add(bc);
            noiseStep.Add(bn);
            lumaStep.Add(bl);
        }

        chromaStep.Sort();
        noiseStep.Sort();
        lumaStep.Sort();
        features[f++] = (float)chromaStep[Sectors / 2];
        features[f++] = (float)noiseStep[Sectors / 2];
        features[f++] = (float)lumaStep[Sectors / 2];

        // Seam search: a pasted face differs from the frame the same way all around its outline (warmer, darker,
        // smoother inside), whereas the natural changes inside the face (cheek to jaw shadow, brow to forehead) differ
        // from sector to sector. For each candidate boundary ρ0, the step between the two fine rings inside and the two
        // outside is taken per sector, and its mean over sectors divided by its standard error (a t statistic); the
        // feature is the largest |t| over ρ0 for luma, Cb, Cr and log noise, and the mean step there.
        foreach (var (plane, useLog) in new[] { (fY, false), (fCb, false), (fCr, false), (fLap, true) })
        {
            var bestT = 0.0;
            var bestStep = 0.0;
            for (var b = 6; b <= 17; b++)
            {
                var steps = new List<double>(FineSectors);
                for (var sct = 0; sct < FineSectors; sct++)
                {
                    double ci = 0, si = 0, co = 0, so = 0;
                    for (var r = b - 2; r < b; r++)
                    {
                        ci += fCount[(r * FineSectors) + sct];
                        si += plane[(r * FineSectors) + sct];
                    }

                    for (var r = b; r < b + 2; r++)
                    {
                        co += fCount[(r * FineSectors) + sct];
                        so += plane[(r * FineSectors) + sct];
                    }

                    if (ci < 4 || co < 4)
                    {
                        continue;
                    }

                    var inside = si / ci;
                    var outside = so / co;
                    steps.Add(useLog ? Math.Log(inside + 1) - Math.Log(outside + 1) : (inside - outside) / (plane == fY ? lumaStd : 1));
                }

                if (steps.Count < FineSectors / 2)
                {
                    continue;
                }

                var mean = steps.Average();
                var sd = Math.Sqrt(steps.Sum(v => (v - mean) * (v - mean)) / Math.Max(1, steps.Count - 1));
                var t = mean / ((sd / Math.Sqrt(steps.Count)) + 1e-3);
                if (Math.Abs(t) > Math.Abs(bestT))
                {
                    bestT = t;
                    bestStep = mean;
                }
            }

            features[f++] = (float)Math.Abs(bestT);
            features[f++] = (float)bestStep;
        }

        // Where along the outline the boundary is strongest (for the map only): per sector, the largest radial/tangential
        // excess in rings ρ 0.7–1.05 over the same sector's ρ 0.55–0.6 ring.
        var boundary = new float[Sectors];
        for (var s = 0; s < Sectors; s++)
        {
            var reference = sectorRatio[(2 * Sectors) + s];
            var best = 0.0;
            for (var r = 5; r <= 11; r++)
            {
                var v = sectorRatio[(r * Sectors) + s] - (double.IsNaN(reference) ? 0 : reference);
                if (!double.IsNaN(v))
                {
                    best = Math.Max(best, v);
                }
            }

            boundary[s] = (float)best;
        }

        return new FaceBlendMeasurement(features, boundary, frame);
    }

    private static double[] HullRadii(FaceMesh mesh, int x0, int y0, double k, double cx, double cy)
    {
        var points = new Point2f[FaceMesh.PointCount];
        for (var i = 0; i < points.Length; i++)
        {
            var (x, y) = mesh[i];
            points[i] = new Point2f((float)((x - x0) * k), (float)((y - y0) * k));
        }

        var hull = Cv2.ConvexHull(points);
        var radii = new double[AngleBins];
        for (var a = 0; a < AngleBins; a++)
        {
            var theta = (2 * Math.PI * a / AngleBins) - Math.PI;
            double dx = Math.Cos(theta), dy = Math.Sin(theta);
            var best = double.MaxValue;
            for (var e = 0; e < hull.Length; e++)
            {
                var p = hull[e];
                var q = hull[(e + 1) % hull.Length];
                double ex = q.X - p.X, ey = q.Y - p.Y;
                var den = (dx * ey) - (dy * ex);
                if (Math.Abs(den) < 1e-9)
                {
                    continue;
                }

                double px = p.X - cx, py = p.Y - cy;
                var t = ((px * ey) - (py * ex)) / den;
                var u = ((px * dy) - (py * dx)) / den;
                if (t > 0 && u >= -1e-6 && u <= 1 + 1e-6)
                {
                    best = Math.Min(best, t);
                }
            }

            radii[a] = best == double.MaxValue ? 1 : Math.Max(1, best);
        }

        return radii;
    }

    private static List<string> BuildNames()
    {
        var names = new List<string>();
        for (var r = 0; r < Rings; r++)
        {
            var rho = FormattableString.Invariant($"{FirstRing + (r * RingWidth):0.00}");
            names.Add($"blend.ring{rho}.log_noise");
            names.Add($"blend.ring{rho}.radial_tangential");
            names.Add($"blend.ring{rho}.chroma_radial");
            names.Add($"blend.ring{rho}.sector_spread");
        }

        for (var r = 0; r + 1 < Rings; r++)
        {
            var rho = FormattableString.Invariant($"{FirstRing + ((r + 1) * RingWidth):0.00}");
            names.Add($"blend.step{rho}.log_noise");
            names.Add($"blend.step{rho}.luma");
            names.Add($"blend.step{rho}.cb");
            names.Add($"blend.step{rho}.cr");
        }

        names.Add("blend.sector_median.max_chroma_step");
        names.Add("blend.sector_median.max_noise_step");
        names.Add("blend.sector_median.max_luma_step");
        foreach (var plane in (string[])["luma", "cb", "cr", "log_noise"])
        {
            names.Add($"blend.seam.{plane}.max_abs_t");
            names.Add($"blend.seam.{plane}.step_at_max");
        }

        return names;
    }
}
