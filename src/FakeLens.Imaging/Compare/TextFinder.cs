using OpenCvSharp;

namespace FakeLens.Imaging.Compare;

/// <summary>
/// Lines of text, found as in the MSER text detectors (Matas et al. 2002 regions; Neumann &amp; Matas 2010 grouping):
/// MSER regions of the grey picture and of its negative (dark and light lettering) that are letter-shaped (height
/// 6 px to a fifth of the picture, width 0.1–1.5 × height, filling 20–95 % of their box) are chained left to right
/// when their heights agree within 1.6 ×, their vertical centres within half a height and the gap is under one
/// height; a chain of at least 3 letters that is at least 1.5 times as wide as high is a line. Busy textures also
/// produce letter-like blobs, so a "line" is a candidate, and the comparison only reports lines whose pixels changed.
/// </summary>
internal static class TextFinder
{
    public static List<Rect> Find(Mat bgr)
    {
        ArgumentNullException.ThrowIfNull(bgr);
        using var gray = new Mat();
        Cv2.CvtColor(bgr, gray, ColorConversionCodes.BGR2GRAY);
        using var negative = new Mat();
        Cv2.BitwiseNot(gray, negative);
        var letters = new List<Rect>();
        using var mser = MSER.Create(5, 30, Math.Max(400, gray.Rows * gray.Cols / 25), 0.25, 0.2, 200, 1.01, 0.003, 5);
        foreach (var img in new[] { gray, negative })
        {
            mser.DetectRegions(img, out var regions, out var boxes);
            for (var i = 0; i < boxes.Length; i++)
            {
                var b = boxes[i];
                if (b.Height < 6 || b.Height > gray.Rows / 5 || b.Width < 0.1 * b.Height || b.Width > 1.5 * b.Height)
                {
                    continue;
                }

                var fill = regions[i].Length / (double)(b.Width * b.Height);
                if (fill is > 0.2 and < 0.95)
                {
                    letters.Add(b);
                }
            }
        }

        // Nested MSER boxes of the same letter: keep the outermost.
        letters = [.. letters.Distinct().OrderByDescending(b => b.Width * b.Height)];
        var kept = new List<Rect>();
        foreach (var b in letters)
        {
            if (!kept.Any(k => (k & b).Width * (k & b).Height > 0.8 * b.Width * b.Height))
            {
                kept.Add(b);
            }
        }

        kept.Sort((a, b) => a.X.CompareTo(b.X));
        var used = new bool[kept.Count];
        var lines = new List<Rect>();
        for (var i = 0; i < kept.Count; i++)
        {
            if (used[i])
            {
                continue;
            }

            var chain = new List<int> { i };
            used[i] = true;
            var last = kept[i];
            for (var j = i + 1; j < kept.Count; j++)
            {
                var c = kept[j];
                if (used[j] || c.X > last.Right + last.Height)
                {
                    continue;
                }

                var ratio = Math.Max(c.Height, last.Height) / (double)Math.Min(c.Height, last.Height);
                var dy = Math.Abs((c.Y + (c.Height / 2.0)) - (last.Y + (last.Height / 2.0)));
                if (ratio <= 1.6 && dy <= 0.5 * Math.Max(c.Height, last.Height) && c.X >= last.X)
                {
                    chain.Add(j);
                    used[j] = true;
                    last = c;
                }
            }

            if (chain.Count < 3)
            {
                continue;
            }

            var box = chain.Select(k => kept[k]).Aggregate((a, b) => a | b);
            if (box.Width >= 1.5 * box.Height)
            {
                lines.Add(box);
            }
        }

        return lines;
    }
}
