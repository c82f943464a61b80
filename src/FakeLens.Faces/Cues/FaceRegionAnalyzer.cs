using FakeLens.Faces.Mesh;
using FakeLens.Imaging.Decoding;
using OpenCvSharp;

namespace FakeLens.Faces.Cues;

// Face vs its surroundings, the cue behind most face-swap forensics since Li & Lyu (2019, "Exposing DeepFake
// Videos By Detecting Face Warping Artifacts") and Face X-ray (Li et al. 2020, blending boundaries): a swapped or
// pasted face was rendered, resized and blended separately from the frame around it, so its noise floor,
// sharpness and colour need not match the hair, neck and background next to it, and the blend leaves a smoothed
// band along the outline. Regions from the mesh's face oval (centroid-scaled): face = 0.85× oval (skin, eyes,
// mouth; no hairline), boundary band = 0.92–1.08×, ring = 1.15–1.45× (outside the face, still near it).
// Measured on luma in a crop around the face: Laplacian residual (4-neighbour), standard deviation per 8×8 block
// wholly inside a region; noise = 25th percentile, detail = 90th percentile (noise-level estimation from the
// flattest blocks, as in Lee 1981 / Liu et al. 2006). Faces narrower than 64 px are not measured (too few blocks).
public static class FaceRegionAnalyzer
{
    public const int MinFaceWidth = 64;
    private const int Block = 8;

    /// <summary>Face, boundary band and surroundings statistics of one face in one image.</summary>
    public static FaceSurroundings Measure(RgbImage image, FaceMesh mesh)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(mesh);
        var oval = mesh.Polygon(MeshRegions.FaceOval);
        double cx = 0, cy = 0;
        foreach (var (x, y) in oval)
        {
            cx += x;
            cy += y;
        }

        cx /= oval.Length;
        cy /= oval.Length;
        var (bx, by, bw, bh) = mesh.Bounds();
        if (bw < MinFaceWidth)
        {
            return new FaceSurroundings(RegionStatistics.Empty, RegionStatistics.Empty, RegionStatistics.Empty);
        }

        // Crop: the 1.45× ring's bounding box, clipped to the image.
        var half = Math.Max(bw, bh) * 0.75;
        var x0 = Math.Clamp((int)(cx - half), 0, image.Width - 1);
        var y0 = Math.Clamp((int)(cy - half), 0, image.Height - 1);
        var x1 = Math.Clamp((int)(cx + half), x0 + 1, image.Width);
        var y1 = Math.Clamp((int)(cy + half), y0 + 1, image.Height);
        int w = x1 - x0, h = y1 - y0;
        if (w < 3 * Block || h < 3 * Block)
        {
            return new FaceSurroundings(RegionStatistics.Empty, RegionStatistics.Empty, RegionStatistics.Empty);
        }

        // Luma and chroma of the crop, and its Laplacian residual.
        var px = image.Pixels;
        var luma = new float[w * h];
        var cb = new float[w * h];
        var cr = new float[w * h];
        for (var y = 0; y < h; y++)
        {
            var row = ((y0 + y) * image.Width) + x0;
            for (var x = 0; x < w; x++)
            {
                var j = (row + x) * 3;
                float r = px[j], g = px[j + 1], b = px[j + 2];
                var i = (y * w) + x;
                luma[i] = (0.299f * r) + (0.587f * g) + (0.114f * b);
                cb[i] = (-0.168736f * r) - (0.331264f * g) + (0.5f * b);
                cr[i] = (0.5f * r) - (0.418688f * g) - (0.081312f * b);
            }
        }

        var residual = new float[w * h];
        for (var y = 1; y < h - 1; y++)
        {
            for (var x = 1; x < w - 1; x++)
            {
                var i = (y * w) + x;
                residual[i] = ((4 * luma[i]) - luma[i - 1] - luma[i + 1] - luma[i - w] - luma[i + w]) / MathF.Sqrt(20f);
            }
        }

        // Region label per pixel: 1 face, 2 boundary band, 3 ring (later polygons overwrite earlier ones).
        using var labels = new Mat(h, w, MatType.CV_8UC1, Scalar.All(0));
        Fill(labels, oval, cx, cy, 1.45, x0, y0, 3);
        Fill(labels, oval, cx, cy, 1.15, x0, y0, 0);
        Fill(labels, oval, cx, cy, 1.08, x0, y0, 2);
        Fill(labels, oval, cx, cy, 0.92, x0, y0, 0);
        Fill(labels, oval, cx, cy, 0.85, x0, y0, 1);
        var label = new byte[w * h];
        System.Runtime.InteropServices.Marshal.Copy(labels.Data, label, 0, label.Length);

        return new FaceSurroundings(Stats(1), Stats(2), Stats(3));

        RegionStatistics Stats(byte which)
        {
            var stds = new List<double>();
            double sy = 0, scb = 0, scr = 0;
            long n = 0;
            for (var by0 = 1; by0 + Block < h; by0 += Block)
            {
                for (var bx0 = 1; bx0 + Block < w; bx0 += Block)
                {
                    var inside = true;
                    for (var yy = by0; yy < by0 + Block && inside; yy += Block - 1)
                    {
                        for (var xx = bx0; xx < bx0 + Block; xx += Block - 1)
                        {
                            inside &= label[(yy * w) + xx] == which;
                        }
                    }

                    if (!inside)
                    {
                        continue;
                    }

                    double s = 0, s2 = 0;
                    for (var yy = by0; yy < by0 + Block; yy++)
                    {
                        for (var xx = bx0; xx < bx0 + Block; xx++)
                        {
                            var i = (yy * w) + xx;
                            s += residual[i];
                            s2 += residual[i] * (double)residual[i];
                            sy += luma[i];
                            scb += cb[i];
                            scr += cr[i];
                        }
                    }

                    n += Block * Block;
                    var mean = s / (Block * Block);
                    stds.Add(Math.Sqrt(Math.Max(0, (s2 / (Block * Block)) - (mean * mean))));
                }
            }

            if (stds.Count == 0)
            {
                return RegionStatistics.Empty;
            }

            stds.Sort();
            return new RegionStatistics(Percentile(stds, 0.25), Percentile(stds, 0.90), sy / n, scb / n, scr / n, stds.Count);
        }
    }

    private static double Percentile(List<double> sorted, double p) => sorted[Math.Clamp((int)Math.Round(p * (sorted.Count - 1)), 0, sorted.Count - 1)];

    private static void Fill(Mat labels, (float X, float Y)[] oval, double cx, double cy, double scale, int x0, int y0, byte value)
    {
        var pts = new Point[oval.Length];
        for (var i = 0; i < oval.Length; i++)
        {
            pts[i] = new Point((int)Math.Round(cx + ((oval[i].X - cx) * scale) - x0), (int)Math.Round(cy + ((oval[i].Y - cy) * scale) - y0));
        }

        Cv2.FillPoly(labels, [pts], Scalar.All(value));
    }
}
