using FakeLens.Imaging.Decoding;

namespace FakeLens.Provenance.Metadata;

/// <summary>
/// Compares an EXIF thumbnail with the main image, after Kee &amp; Farid ("Digital image authentication from
/// thumbnails", SPIE 2010) and the long-standing forensic practice of checking that the embedded preview still
/// shows the picture: editors that do not rewrite the thumbnail leave the original framing and content in it.
/// Both images are box-filtered to at most <see cref="CompareSide"/> px on the long side (this hides JPEG and
/// resampling differences), letterbox bars are removed when that makes the shapes agree, and
/// <list type="bullet">
/// <item>shapes differing by more than <see cref="AspectTolerance"/> (or 3 thumbnail pixels) → aspect mismatch;</item>
/// <item>luma correlation below <see cref="MismatchCorrelation"/> → a different picture;</item>
/// <item>otherwise, after a least-squares brightness/contrast fit, 4×4-pixel cells whose mean differs by more than
/// max(<see cref="LocalFloor"/>, 5 × the median cell difference) mark a local change when they cover less than a
/// third of the picture, and a different picture when they cover more;</item>
/// <item>no such cells but correlation below <see cref="MatchCorrelation"/> → a different picture; else a match.</item>
/// </list>
/// </summary>
internal static class ThumbnailComparer
{
    public const int CompareSide = 64;
    public const double AspectTolerance = 0.04;
    public const double MismatchCorrelation = 0.6;
    public const double MatchCorrelation = 0.85;
    public const float LocalFloor = 18f;
    private const int Cell = 4;

    public static ThumbnailComparison Compare(RgbImage thumbnail, RgbImage image, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(thumbnail);
        ArgumentNullException.ThrowIfNull(image);
        var imageAspect = image.Width / (double)image.Height;
        var tLuma = thumbnail.Luma();
        int tw = thumbnail.Width, th = thumbnail.Height;
        if (Math.Min(tw, th) < 8 || image.Width < 8 || image.Height < 8)
        {
            return Empty(ThumbnailVerdict.Undecidable, tw / (double)th, imageAspect, NoBars);
        }

        // Same shape, directly or once the letterbox/pillarbox bars the image's shape predicts are removed.
        if (Fit(tLuma, tw, th, imageAspect) is { } fit)
        {
            var r = fit.Rect;
            var (w, h) = CompareSize(Math.Min(r.W, image.Width), Math.Min(r.H, image.Height));
            var tl = Downsample(tLuma, tw, r, Turn.None, w, h, cancellationToken);
            var ml = Downsample(image.Luma(), image.Width, (0, 0, image.Width, image.Height), Turn.None, w, h, cancellationToken);
            var thumbAspect = r.W / (double)r.H;
            if (Correlation(tl, ml) is not { } c)
            {
                return Empty(ThumbnailVerdict.Undecidable, thumbAspect, imageAspect, fit.Bars);
            }

            return c < MismatchCorrelation
                ? Empty(ThumbnailVerdict.ContentMismatch, thumbAspect, imageAspect, fit.Bars) with { Correlation = c }
                : LocalDifferences(tl, ml, w, h, image, thumbAspect, imageAspect, fit.Bars, c);
        }

        // A thumbnail of the same picture turned by 90° is the benign case (lossless rotation tools).
        if (Fit(tLuma, tw, th, 1 / imageAspect) is { } turned)
        {
            var r = turned.Rect;
            var (cw, ch) = CompareSize(Math.Min(r.W, image.Height), Math.Min(r.H, image.Width));
            var t = Downsample(tLuma, tw, r, Turn.None, cw, ch, cancellationToken);
            var best = double.NegativeInfinity;
            foreach (var turn in new[] { Turn.Clockwise, Turn.CounterClockwise })
            {
                var m = Downsample(image.Luma(), image.Width, (0, 0, image.Width, image.Height), turn, cw, ch, cancellationToken);
                best = Math.Max(best, Correlation(t, m) ?? double.NegativeInfinity);
            }

            if (best >= MatchCorrelation)
            {
                return Empty(ThumbnailVerdict.Rotated, r.W / (double)r.H, imageAspect, turned.Bars) with { Correlation = best };
            }
        }

        // Report the shape of the thumbnail's picture area as far as flat bars show it.
        var bars = FindBars(tLuma, tw, th);
        var pw = tw - bars.Left - bars.Right;
        var ph = th - bars.Top - bars.Bottom;
        return pw >= 8 && ph >= 8
            ? Empty(ThumbnailVerdict.AspectMismatch, pw / (double)ph, imageAspect, bars)
            : Empty(ThumbnailVerdict.AspectMismatch, tw / (double)th, imageAspect, NoBars);
    }

    private static readonly (int, int, int, int) NoBars = (0, 0, 0, 0);

    /// <summary>
    /// The thumbnail's picture area when its shape agrees with <paramref name="aspect"/>: the whole thumbnail, or
    /// the centre once bars of the predicted size are removed and found flat (the row or column touching the
    /// picture is not tested: JPEG blurs it).
    /// </summary>
    private static ((int X, int Y, int W, int H) Rect, (int Top, int Bottom, int Left, int Right) Bars)? Fit(float[] luma, int w, int h, double aspect)
    {
        if (AspectAgrees(w, h, aspect))
        {
            return ((0, 0, w, h), NoBars);
        }

        if (aspect > w / (double)h)
        {
            var ch = (int)Math.Round(w / aspect);
            var top = (h - ch) / 2;
            var bottom = h - ch - top;
            return ch >= 8 && Flat(luma, w, 0, 0, w, top - 1) && Flat(luma, w, 0, h - bottom + 1, w, bottom - 1)
                ? ((0, top, w, ch), (top, bottom, 0, 0))
                : null;
        }

        var cw = (int)Math.Round(h * aspect);
        var left = (w - cw) / 2;
        var right = w - cw - left;
        return cw >= 8 && Flat(luma, w, 0, 0, left - 1, h) && Flat(luma, w, w - right + 1, 0, right - 1, h)
            ? ((left, 0, cw, h), (0, 0, left, right))
            : null;
    }

    /// <summary>True when the rectangle is uniform (luma standard deviation under 5 grey levels) or empty.</summary>
    private static bool Flat(float[] luma, int stride, int x0, int y0, int w, int h)
    {
        if (w <= 0 || h <= 0)
        {
            return true;
        }

        double s = 0, ss = 0;
        for (var y = y0; y < y0 + h; y++)
        {
            for (var x = x0; x < x0 + w; x++)
            {
                var v = luma[(y * stride) + x];
                s += v;
                ss += v * v;
            }
        }

        var n = w * (double)h;
        var mean = s / n;
        return (ss / n) - (mean * mean) < 25.0;
    }

    private static ThumbnailComparison LocalDifferences(
        float[] t, float[] m, int w, int h, RgbImage image, double thumbAspect, double imageAspect, (int, int, int, int) bars, double correlation)
    {
        // Fit m ≈ a·t + b so that a thumbnail written with other tone settings is not "different".
        double st = 0, sm = 0, stt = 0, stm = 0;
        for (var i = 0; i < t.Length; i++)
        {
            st += t[i];
            sm += m[i];
            stt += t[i] * (double)t[i];
            stm += t[i] * (double)m[i];
        }

        var n = t.Length;
        var varT = stt - (st * st / n);
        var a = varT > 1e-9 ? (stm - (st * sm / n)) / varT : 1.0;
        var b = (sm - (a * st)) / n;

        var gw = (w + Cell - 1) / Cell;
        var gh = (h + Cell - 1) / Cell;
        var cells = new float[gw * gh];
        var counts = new int[gw * gh];
        for (var y = 0; y < h; y++)
        {
            for (var x = 0; x < w; x++)
            {
                var i = (y * w) + x;
                var k = (y / Cell * gw) + (x / Cell);
                cells[k] += (float)(m[i] - ((a * t[i]) + b));
                counts[k]++;
            }
        }

        for (var k = 0; k < cells.Length; k++)
        {
            cells[k] = Math.Abs(cells[k] / Math.Max(1, counts[k]));
        }

        var sorted = (float[])cells.Clone();
        Array.Sort(sorted);
        var median = sorted[sorted.Length / 2];
        var threshold = Math.Max(LocalFloor, 5 * median);
        int changed = 0, minX = int.MaxValue, minY = int.MaxValue, maxX = -1, maxY = -1;
        for (var cy = 0; cy < gh; cy++)
        {
            for (var cx = 0; cx < gw; cx++)
            {
                if (cells[(cy * gw) + cx] > threshold)
                {
                    changed++;
                    minX = Math.Min(minX, cx);
                    minY = Math.Min(minY, cy);
                    maxX = Math.Max(maxX, cx);
                    maxY = Math.Max(maxY, cy);
                }
            }
        }

        var local = changed > 0 && changed * 3 < cells.Length;
        var verdict = local ? ThumbnailVerdict.LocalMismatch
            : changed > 0 || correlation < MatchCorrelation ? ThumbnailVerdict.ContentMismatch
            : ThumbnailVerdict.Match;
        (int, int, int, int)? area = null;
        if (local)
        {
            var x0 = minX * Cell * image.Width / w;
            var y0 = minY * Cell * image.Height / h;
            var x1 = Math.Min(image.Width, (maxX + 1) * Cell * image.Width / w);
            var y1 = Math.Min(image.Height, (maxY + 1) * Cell * image.Height / h);
            area = (x0, y0, x1 - x0, y1 - y0);
        }

        return new ThumbnailComparison(
            verdict,
            thumbAspect,
            imageAspect,
            correlation,
            bars,
            cells,
            gw,
            gh,
            local ? changed : 0,
            area);
    }

    private static ThumbnailComparison Empty(ThumbnailVerdict verdict, double thumbAspect, double imageAspect, (int, int, int, int) bars) =>
        new(verdict, thumbAspect, imageAspect, null, bars, null, 0, 0, 0, null);

    private static bool AspectAgrees(int w, int h, double aspect)
    {
        var tolerance = Math.Max(AspectTolerance, 3.0 / Math.Min(w, h));
        return Math.Abs(Math.Log(w / (double)h / aspect)) <= tolerance;
    }

    private static (int W, int H) CompareSize(int w, int h)
    {
        var scale = Math.Min(1.0, CompareSide / (double)Math.Max(w, h));
        return (Math.Max(4, (int)Math.Round(w * scale)), Math.Max(4, (int)Math.Round(h * scale)));
    }

    /// <summary>Uniform rows/columns at the edges (letterbox bars), each side at most 40% of the size.</summary>
    private static (int Top, int Bottom, int Left, int Right) FindBars(float[] luma, int w, int h)
    {
        bool RowFlat(int y)
        {
            double s = 0, ss = 0;
            for (var x = 0; x < w; x++)
            {
                var v = luma[(y * w) + x];
                s += v;
                ss += v * v;
            }

            var mean = s / w;
            return (ss / w) - (mean * mean) < 9.0;
        }

        bool ColFlat(int x, int y0, int y1)
        {
            double s = 0, ss = 0;
            var count = Math.Max(1, y1 - y0);
            for (var y = y0; y < y1; y++)
            {
                var v = luma[(y * w) + x];
                s += v;
                ss += v * v;
            }

            var mean = s / count;
            return (ss / count) - (mean * mean) < 9.0;
        }

        int top = 0, bottom = 0, left = 0, right = 0;
        while (top < h * 2 / 5 && RowFlat(top))
        {
            top++;
        }

        while (bottom < h * 2 / 5 && RowFlat(h - 1 - bottom))
        {
            bottom++;
        }

        while (left < w * 2 / 5 && ColFlat(left, top, h - bottom))
        {
            left++;
        }

        while (right < w * 2 / 5 && ColFlat(w - 1 - right, top, h - bottom))
        {
            right++;
        }

        return (top, bottom, left, right);
    }

    private enum Turn
    {
        None,
        Clockwise,
        CounterClockwise,
    }

    /// <summary>Box-filters the rectangle of a luma plane (optionally turned by 90°) to <paramref name="tw"/> × <paramref name="th"/>.</summary>
    private static float[] Downsample(float[] luma, int stride, (int X, int Y, int W, int H) rect, Turn turn, int tw, int th, CancellationToken cancellationToken)
    {
        var sums = new double[tw * th];
        var counts = new int[tw * th];
        // Turned output: a clockwise turn maps source (x, y) to (H-1-y, x); output width spans source rows.
        var outW = turn == Turn.None ? rect.W : rect.H;
        var outH = turn == Turn.None ? rect.H : rect.W;
        for (var y = 0; y < rect.H; y++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var row = (rect.Y + y) * stride;
            for (var x = 0; x < rect.W; x++)
            {
                int ox, oy;
                switch (turn)
                {
                    case Turn.Clockwise:
                        ox = rect.H - 1 - y;
                        oy = x;
                        break;
                    case Turn.CounterClockwise:
                        ox = y;
                        oy = rect.W - 1 - x;
                        break;
                    default:
                        ox = x;
                        oy = y;
                        break;
                }

                var k = ((int)((long)oy * th / outH) * tw) + (int)((long)ox * tw / outW);
                sums[k] += luma[row + rect.X + x];
                counts[k]++;
            }
        }

        var result = new float[tw * th];
        for (var k = 0; k < result.Length; k++)
        {
            result[k] = counts[k] > 0 ? (float)(sums[k] / counts[k]) : 0f;
        }

        return result;
    }

    /// <summary>Pearson correlation, or null when either side is flat (standard deviation under 2 grey levels).</summary>
    private static double? Correlation(float[] a, float[] b)
    {
        double sa = 0, sb = 0, saa = 0, sbb = 0, sab = 0;
        var n = a.Length;
        for (var i = 0; i < n; i++)
        {
            sa += a[i];
            sb += b[i];
            saa += a[i] * (double)a[i];
            sbb += b[i] * (double)b[i];
            sab += a[i] * (double)b[i];
        }

        var va = (saa / n) - (sa / n * (sa / n));
        var vb = (sbb / n) - (sb / n * (sb / n));
        if (va < 4 || vb < 4)
        {
            return null;
        }

        return ((sab / n) - (sa / n * (sb / n))) / Math.Sqrt(va * vb);
    }
}
