using OpenCvSharp;
using OpenCvSharp.Features2D;

namespace FakeLens.Imaging.CopyMove;

/// <summary>
/// OpenCV's SIFT (Lowe 2004) on horizontal bands of the image instead of the whole image, to bound memory (issue 19).
/// OpenCV doubles its input and keeps the whole Gaussian pyramid (6 levels per octave) and DoG pyramid (5 levels) of
/// 32-bit floats: about 235 bytes per input pixel, ~600 MB for a 1600 × 1600 working image. Images of at most
/// <see cref="BandPixels"/> pixels take the single whole-image call exactly as before. Larger ones are cut into
/// full-width bands of at most <see cref="BandPixels"/> pixels (≤ ~250 MB of pyramid at a time): each band's core rows
/// plus <see cref="Margin"/> rows of context above and below, starting on a multiple of 64 rows so that the octave
/// decimation samples the same rows as in the whole image. A keypoint is kept from the band whose core holds it; then the
/// strongest <c>maxKeypoints</c> over all bands are kept as OpenCV's own <c>retainBest</c> does (ties at the last
/// response kept). Keypoints whose Gaussian support and descriptor window (≈ 5 × their size) fit inside the margin —
/// all of octaves −1 and 0 (size ≤ ~5 px) and nearly all of octave 1 — come out the same as from the whole image;
/// large keypoints next to a seam differ slightly, and octaves coarser than a band's height (keypoints over ~1/6 of
/// the band) are not found. The banded search costs ~25 % more SIFT time (the overlapping rows).
/// </summary>
internal static class BandedSift
{
    /// <summary>Largest image (pixels) SIFT sees in one call: ~1 MP, ≈ 250 MB of pyramid.</summary>
    internal const int BandPixels = 1 << 20;

    /// <summary>Rows of context above and below a band's core (working pixels).</summary>
    internal const int Margin = 64;

    private const int Align = 64;

    /// <summary>
    /// Keypoints (whole-image coordinates) and their descriptors (one 128-float row each, in <paramref name="descriptors"/>),
    /// the same parameters as <c>SIFT.Create(maxKeypoints, 3, contrastThreshold)</c>.
    /// </summary>
    public static KeyPoint[] DetectAndCompute(Mat gray, int maxKeypoints, double contrastThreshold, Mat descriptors, int bandPixels = BandPixels)
    {
        ArgumentNullException.ThrowIfNull(gray);
        ArgumentNullException.ThrowIfNull(descriptors);
        var w = gray.Width;
        var h = gray.Height;
        var bands = Bands(w, h, bandPixels);
        if (bands.Count == 1)
        {
            using var whole = SIFT.Create(maxKeypoints, 3, contrastThreshold);
            whole.DetectAndCompute(gray, null, out var all, descriptors);
            return all;
        }

        // Each band keeps its strongest 1.5 × maxKeypoints (margin keypoints compete for its slots too), so the global
        // strongest maxKeypoints are among the union unless a band's margin alone holds half as many stronger points.
        var kept = new List<(KeyPoint Point, float[] Descriptor)>();
        using var sift = SIFT.Create(maxKeypoints + (maxKeypoints / 2), 3, contrastThreshold);
        foreach (var (core0, core1) in bands)
        {
            var top = Math.Max(0, core0 - Margin);
            var bottom = Math.Min(h, core1 + Margin);
            using var band = new Mat(gray, new Rect(0, top, w, bottom - top));
            using var bandDescriptors = new Mat();
            sift.DetectAndCompute(band, null, out var points, bandDescriptors);
            if (points.Length == 0)
            {
                continue;
            }

            var cols = bandDescriptors.Cols;
            var values = CvImages.ToArray<float>(bandDescriptors);
            for (var i = 0; i < points.Length; i++)
            {
                var p = points[i];
                var y = p.Pt.Y + top;
                if (y < core0 || y >= core1)
                {
                    continue;
                }

                p.Pt = new Point2f(p.Pt.X, y);
                kept.Add((p, values.AsSpan(i * cols, cols).ToArray()));
            }
        }

        // Strongest first (stable: ties keep band order); keep every point tied with the last one kept, as retainBest does.
        var order = Enumerable.Range(0, kept.Count).OrderByDescending(i => kept[i].Point.Response).ToArray();
        var n = Math.Min(order.Length, maxKeypoints);
        while (n > 0 && n < order.Length && kept[order[n]].Point.Response == kept[order[n - 1]].Point.Response)
        {
            n++;
        }

        var keypoints = new KeyPoint[n];
        var length = n == 0 ? 0 : kept[order[0]].Descriptor.Length;
        var flat = new float[n * length];
        for (var i = 0; i < n; i++)
        {
            keypoints[i] = kept[order[i]].Point;
            kept[order[i]].Descriptor.CopyTo(flat, i * length);
        }

        descriptors.Create(n, length, MatType.CV_32FC1);
        if (n > 0)
        {
            descriptors.SetArray(flat);
        }

        return keypoints;
    }

    /// <summary>Core row ranges [start, end) of the bands; one band (the whole image) when it fits <paramref name="bandPixels"/>.</summary>
    internal static List<(int Start, int End)> Bands(int width, int height, int bandPixels)
    {
        if ((long)width * height <= bandPixels)
        {
            return [(0, height)];
        }

        // Core rows per band: what fits beside the two margins, a multiple of the alignment.
        var rows = Math.Max(Align, ((bandPixels / Math.Max(1, width)) - (2 * Margin)) / Align * Align);
        var count = (height + rows - 1) / rows;
        var core = ((height + count - 1) / count + Align - 1) / Align * Align;
        var bands = new List<(int, int)>();
        for (var start = 0; start < height; start += core)
        {
            bands.Add((start, Math.Min(height, start + core)));
        }

        return bands;
    }
}
