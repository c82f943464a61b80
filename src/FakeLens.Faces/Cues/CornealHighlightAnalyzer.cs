using FakeLens.Faces.Mesh;
using FakeLens.Imaging.Decoding;

namespace FakeLens.Faces.Cues;

// Corneal specular highlights, after Hu, Li & Lyu (2021, "Exposing GAN-generated Faces Using Inconsistent
// Corneal Specular Highlights"): both corneas mirror the same light sources, so in a real photo the catchlights
// of the two eyes have the same shape and the same offset from the pupil, while generated faces often show two
// different highlights. The paper segments the iris and compares the highlight masks by IoU (real faces mostly
// above 0.5 at 1024 px). Here, without an iris model: each eye is the mesh's eye contour; its pupil centre is the
// centroid of the darkest 30 % of the eye's pixels and the iris the disc of 0.22 eye widths around it; a highlight
// pixel lies on that disc, is at least 0.9 × its brightest luma and at least 170, and the brightest is at least 80
// above the disc's median (a specular spot, not white sclera: the first version, eye-wide, took sclera for
// highlights on 5 of 6 real portraits of ml72). Highlight
// pixels are placed on a 24 × 12 grid in a frame centred on the pupil, x along the line between the outer eye
// corners (not mirrored: a distant light appears on the same side in both eyes), cell = 0.05 eye widths; the
// two eyes' cell masks are compared by IoU, and the highlight centroids' offsets from the pupils by distance.
// Eyes narrower than 24 px are not measured (a catchlight is then one or two pixels).
public static class CornealHighlightAnalyzer
{
    public const double MinEyeWidth = 24;
    private const int GridW = 24;
    private const int GridH = 12;
    private const double Cell = 0.05;

    public static CornealHighlights Measure(RgbImage image, FaceMesh mesh)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(mesh);
        var width = (mesh.Distance(33, 133) + mesh.Distance(263, 362)) / 2;
        if (width < MinEyeWidth)
        {
            return new CornealHighlights(width, false, false, double.NaN, double.NaN);
        }

        var (rx, ry) = mesh[MeshRegions.RightEyeOuter];
        var (lx, ly) = mesh[MeshRegions.LeftEyeOuter];
        var angle = Math.Atan2(ly - ry, lx - rx);
        var right = Eye(image, mesh.Polygon(MeshRegions.RightEyeContour), angle, width);
        var left = Eye(image, mesh.Polygon(MeshRegions.LeftEyeContour), angle, width);
        if (right is null || left is null)
        {
            return new CornealHighlights(width, right is not null, left is not null, double.NaN, double.NaN);
        }

        int inter = 0, union = 0;
        for (var i = 0; i < right.Value.Mask.Length; i++)
        {
            inter += right.Value.Mask[i] && left.Value.Mask[i] ? 1 : 0;
            union += right.Value.Mask[i] || left.Value.Mask[i] ? 1 : 0;
        }

        var du = right.Value.U - left.Value.U;
        var dv = right.Value.V - left.Value.V;
        return new CornealHighlights(width, true, true, union == 0 ? double.NaN : inter / (double)union, Math.Sqrt((du * du) + (dv * dv)));
    }

    /// <summary>The highlight cell mask and centroid offset (eye widths) of one eye, or null when it has no highlight.</summary>
    private static (bool[] Mask, double U, double V)? Eye(RgbImage image, (float X, float Y)[] contour, double angle, double eyeWidth)
    {
        var pixels = EyePixels(image, contour);
        if (pixels.Count < 30)
        {
            return null;
        }

        var (px, py) = Pupil(pixels);

        // Highlights only on the iris (within 0.22 eye widths of the pupil), so bright sclera is not taken for one.
        var radius2 = 0.22 * eyeWidth * 0.22 * eyeWidth;
        var iris = pixels.Where(p => ((p.X - px) * (p.X - px)) + ((p.Y - py) * (p.Y - py)) <= radius2).ToList();
        if (iris.Count < 10)
        {
            return null;
        }

        var irisSorted = iris.Select(p => p.L).Order().ToArray();
        var median = irisSorted[irisSorted.Length / 2];
        var max = irisSorted[^1];
        var threshold = Math.Max(0.9f * max, 170f);
        if (max - median < 80 || max < 170)
        {
            return null;
        }

        double c = Math.Cos(angle), s = Math.Sin(angle);
        var mask = new bool[GridW * GridH];
        double su = 0, sv = 0;
        var count = 0;
        foreach (var p in iris.Where(p => p.L >= threshold))
        {
            double dx = p.X - px, dy = p.Y - py;
            var u = ((c * dx) + (s * dy)) / eyeWidth;
            var v = ((-s * dx) + (c * dy)) / eyeWidth;
            su += u;
            sv += v;
            count++;
            var gx = (int)Math.Floor((u / Cell) + (GridW / 2));
            var gy = (int)Math.Floor((v / Cell) + (GridH / 2));
            if (gx >= 0 && gx < GridW && gy >= 0 && gy < GridH)
            {
                mask[(gy * GridW) + gx] = true;
            }
        }

        return count == 0 ? null : (mask, su / count, sv / count);
    }

    /// <summary>The pupil centre of an eye contour: centroid of its darkest 30 % of pixels; null when the eye is too small.</summary>
    internal static (double X, double Y)? PupilCentre(RgbImage image, (float X, float Y)[] contour)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(contour);
        var pixels = EyePixels(image, contour);
        return pixels.Count < 30 ? null : Pupil(pixels);
    }

    private static List<(int X, int Y, float L)> EyePixels(RgbImage image, (float X, float Y)[] contour)
    {
        int x0 = Math.Max(0, (int)contour.Min(p => p.X)), x1 = Math.Min(image.Width - 1, (int)Math.Ceiling(contour.Max(p => p.X)));
        int y0 = Math.Max(0, (int)contour.Min(p => p.Y)), y1 = Math.Min(image.Height - 1, (int)Math.Ceiling(contour.Max(p => p.Y)));
        var luma = image.Luma();
        var pixels = new List<(int X, int Y, float L)>();
        for (var y = y0; y <= y1; y++)
        {
            for (var x = x0; x <= x1; x++)
            {
                if (Inside(contour, x + 0.5, y + 0.5))
                {
                    pixels.Add((x, y, luma[(y * image.Width) + x]));
                }
            }
        }

        return pixels;
    }

    private static (double X, double Y) Pupil(List<(int X, int Y, float L)> pixels)
    {
        var sorted = pixels.Select(p => p.L).Order().ToArray();
        var dark = sorted[(int)(0.3 * (sorted.Length - 1))];
        double px = 0, py = 0;
        var n = 0;
        foreach (var p in pixels.Where(p => p.L <= dark))
        {
            px += p.X;
            py += p.Y;
            n++;
        }

        return (px / n, py / n);
    }

    private static bool Inside((float X, float Y)[] poly, double x, double y)
    {
        var inside = false;
        for (int i = 0, j = poly.Length - 1; i < poly.Length; j = i++)
        {
            if ((poly[i].Y > y) != (poly[j].Y > y) && x < ((poly[j].X - poly[i].X) * (y - poly[i].Y) / (poly[j].Y - poly[i].Y)) + poly[i].X)
            {
                inside = !inside;
            }
        }

        return inside;
    }
}
