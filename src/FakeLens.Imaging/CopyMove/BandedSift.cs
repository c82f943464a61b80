using OpenCvSharp;
using OpenCvSharp.Features2D;

namespace FakeLens.Imaging.CopyMove;

/// <summary>
/// OpenCV's SIFT (Lowe 2004) on horizontal bands of the image instead of the whole image, to bound memory (issue 19).
/// OpenCV doubles its input and keeps the whole Gaussian pyramid (6 levels per octave) and DoG pyramid (5 levels) of
/// 32-bit floats: about 235 bytes per input pixel, ~600 MB for a 1600 × 1600 working image. Images of at most
/// <see cref="BandPixels"/> pixels take the single whole-image call exactly as before. Larger ones are cut into
/// full-width bands of at most <see cref="BandPixels"/> pixels (≤ ~125 MB of pyramid at a time): each band's core rows
/// plus <see cref="Margin"/> rows of context above and below, starting on a multiple of 64 rows so that the octave
/// decimation samples the same rows as in the whole image. A keypoint is kept from the band whose core holds it; then the
/// strongest <c>maxKeypoints</c> over all bands are kept as OpenCV's own <c>retainBest</c> does (ties at the last
/// response kept). Keypoints whose Gaussian support and descriptor window (≈ 5 × their size) fit inside the margin —
/// all of octaves −1 and 0 (size ≤ ~5 px) and nearly all of octave 1 — come out the same as from the whole image;
/// large keypoints next to a seam differ slightly, and octaves coarser than a band's height (keypoints over ~1/6 of
/// the band) are not found. The bands are searched without descriptors first; only the keypoints kept are then described, band by band
/// (same pyramid, so the same descriptors). The banded search costs more SIFT time for the overlapping rows (~25 % with 1 MP bands, more with 0.5 MP).
/// </summary>
internal static class BandedSift
{
    /// <summary>Largest image (pixels) SIFT sees in one call: ~0.5 MP, ≈ 125 MB of pyramid (1 MP until issue 19's fifth
    /// round: halving it took a 16 MP scan's peak RSS from 560 to 489 MiB; docs/performance.md).</summary>
    internal const int BandPixels = 1 << 19;

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

        // Detection first, without descriptors: each band keeps its strongest 1.5 × maxKeypoints (margin keypoints compete
        // for its slots too), so the global strongest maxKeypoints are among the union unless a band's margin alone holds
        // half as many stronger points. Descriptors are then computed only for the keypoints kept (describing every band
        // keypoint cost more than the detection itself: 18,600 descriptors instead of 4,000 on a 1600 px scene).
        var found = new List<(KeyPoint Point, int Band)>();
        using var sift = SIFT.Create(maxKeypoints + (maxKeypoints / 2), 3, contrastThreshold);
        for (var b = 0; b < bands.Count; b++)
        {
            using var band = BandOf(gray, bands[b], out var top);
            foreach (var p in sift.Detect(band))
            {
                var y = p.Pt.Y + top;
                if (y >= bands[b].Start && y < bands[b].End)
                {
                    found.Add((p, b));
                }
            }
        }

        // Strongest first (stable: ties keep band order); keep every point tied with the last one kept, as retainBest does.
        var order = Enumerable.Range(0, found.Count).OrderByDescending(i => found[i].Point.Response).ToArray();
        var n = Math.Min(order.Length, maxKeypoints);
        while (n > 0 && n < order.Length && found[order[n]].Point.Response == found[order[n - 1]].Point.Response)
        {
            n++;
        }

        var keypoints = new KeyPoint[n];
        float[]? flat = null;
        var length = 0;
        for (var b = 0; b < bands.Count; b++)
        {
            var slots = new List<int>();
            for (var i = 0; i < n; i++)
            {
                if (found[order[i]].Band == b)
                {
                    slots.Add(i);
                }
            }

            if (slots.Count == 0)
            {
                continue;
            }

            using var band = BandOf(gray, bands[b], out var top);
            var points = slots.Select(i => found[order[i]].Point).ToList();
            if (!points.Any(p => (p.Octave & 255) == 255))
            {
                // OpenCV builds the description pyramid from the lowest octave it is given; without a point on the doubled
                // octave (-1) it would blur the undoubled band instead, and the descriptors would differ from detection's.
                // A throw-away point on octave -1, layer 1 keeps the same pyramid.
                points.Add(new KeyPoint(points[0].Pt, 2f, 0f, 0f, 255 | (1 << 8)));
            }

            var request = points.ToArray();
            using var described = new Mat();
            sift.Compute(band, ref request, described);
            if (described.Rows != points.Count || request.Length != points.Count)
            {
                throw new InvalidOperationException($"SIFT described {described.Rows} of {points.Count} keypoints of a band.");
            }

            length = described.Cols;
            flat ??= new float[n * length];
            var values = CvImages.ToArray<float>(described);
            for (var k = 0; k < slots.Count; k++)
            {
                var p = found[order[slots[k]]].Point;
                p.Pt = new Point2f(p.Pt.X, p.Pt.Y + top);
                keypoints[slots[k]] = p;
                values.AsSpan(k * length, length).CopyTo(flat.AsSpan(slots[k] * length, length));
            }
        }

        descriptors.Create(n, length == 0 ? 128 : length, MatType.CV_32FC1);
        if (n > 0)
        {
            descriptors.SetArray(flat!);
        }

        return keypoints;
    }

    private static Mat BandOf(Mat gray, (int Start, int End) core, out int top)
    {
        top = Math.Max(0, core.Start - Margin);
        var bottom = Math.Min(gray.Height, core.End + Margin);
        return new Mat(gray, new Rect(0, top, gray.Width, bottom - top));
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
