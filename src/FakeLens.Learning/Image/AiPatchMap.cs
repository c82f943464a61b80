using FakeLens.Core.Evidence;
using FakeLens.Imaging.Decoding;
using FakeLens.Imaging.Features;

namespace FakeLens.Learning.Image;

// Where in the picture the learned AI-image model fires: the same patch features and classifier as the whole-image
// score (LearnedImageModel), on overlapping windows — sliding-window localisation as in patch-based forgery
// localisation (Cozzolino & Verdoliva 2020, Noiseprint; Chai et al. 2020, "What makes fake images detectable?", patch
// classifiers) — so that an AI-filled area pasted into a photo stands out against the rest. Windows: the model's patch
// side (256 px) every half side (128 px), laid out so that the 16-patch grid of the whole-image score is a subset and its
// scores are reused; when an image would need more than MaxWindows (32) windows, they are spaced further apart (a 12 MP photo
// gets about 7 × 6 windows, not a dense cover). Each map cell (half a window) takes the overlap-weighted mean of the
// raw scores (logits) of the windows covering it (or, when the model file says so, the score of the window covering most
// of it), calibrated like an image. A cell is flagged when its calibrated log-odds are at least the model's map contrast
// above the picture's baseline window — the median, or the quantile of the window scores the model file stores (it
// differs from the rest of this image) — and its
// probability reaches the model's own decision threshold (at most 1 % of held-out real photos score that high as a
// whole), and only when the median window is itself below that threshold (the rest looks like a photo). Regions are
// the bounding boxes of 4-connected flagged cells. The whole-image verdict does not use any of this.
internal static class AiPatchMap
{
    /// <summary>Most windows scored per image (the whole-image grid's 16 included): bounds the cost on large photos.</summary>
    public const int MaxWindows = 32;

    /// <summary>
    /// Calibrated log-odds above the picture's median window for a cell to be flagged (×e⁶ ≈ 400 in odds) when the model
    /// file stores no contrast of its own (<see cref="LearnedImageModel.MapContrastMetric"/>; v7 and older files). Set on
    /// v7 with real photos of sources outside the training corpus (103 face photos of deepface, face_recognition, dlib and
    /// facenet-pytorch): 2 logits on the raw score put an area on 35 of them, 6 calibrated on 3; on a camera-photo set
    /// of 20 AI fills and 20 untouched controls, areas went from 15 fills and 2 controls to 10 fills and none
    /// (docs/image-model.md). A model whose window scores spread differently within a picture stores its own, measured by
    /// <c>fakelens train image-map</c> on held-out real photos (<see cref="AiPatchMapContrast"/>).
    /// </summary>
    public const double DefaultMinContrast = 6.0;

    internal sealed record Result(
        int Columns,
        int Rows,
        float[] CellProbabilities,
        int Windows,
        double MedianLogit,
        double MedianProbability,
        double BaselineProbability,
        double MaxCellProbability,
        IReadOnlyList<Region> Regions,
        IReadOnlyList<(PatchRect Rect, double Logit)> WindowScores)
    {
        /// <summary>The flagged cells (pixel rectangles) the regions are made of, for measuring where an area falls (empty when none).</summary>
        public IReadOnlyList<(int X, int Y, int Width, int Height)> FlaggedCells { get; init; } = [];
    }

    /// <param name="maxWindows">Cap on the windows (<see cref="MaxWindows"/>; at the grid's size no window beyond the grid is scored).</param>
    /// <param name="memo">When given, the windows' features are read from (or added to) it (<see cref="PatchFeatureMemo"/>).</param>
    public static Result Build(LearnedImageModel model, RgbImage image, ImageModelScore score, int maxWindows, CancellationToken cancellationToken, PatchFeatureMemo? memo = null)
    {
        int w = image.Width, h = image.Height;
        var side = score.Patches[0].Size;
        var stride = Math.Max(1, side / 2);
        var (xs, ys) = Layout(w, h, side, stride, score.Columns, score.Rows, maxWindows);
        var known = new Dictionary<(int, int), double>();
        for (var i = 0; i < score.Patches.Count; i++)
        {
            known[(score.Patches[i].X, score.Patches[i].Y)] = score.PatchScores[i];
        }

        var windows = new List<(PatchRect Rect, double Logit)>(xs.Length * ys.Length);
        foreach (var y in ys)
        {
            foreach (var x in xs)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (!known.TryGetValue((x, y), out var logit))
                {
                    var rect = new PatchRect(x, y, side);
                    logit = model.Model.RawScore(memo is null ? model.Extractor.Extract(image, rect) : memo.Extract(model.Extractor, image, rect));
                }

                windows.Add((new PatchRect(x, y, side), logit));
            }
        }

        var logits = windows.Select(v => v.Logit).Order().ToArray();
        var median = logits.Length % 2 == 1 ? logits[logits.Length / 2] : 0.5 * (logits[(logits.Length / 2) - 1] + logits[logits.Length / 2]);
        var baseline = Quantile(logits, model.MapBaselineQuantile);
        var bestWindow = model.MapCellFromBestWindow;

        // Cells of half a window where the windows overlap, of one window spacing where they are spread out.
        var cell = Math.Max(stride, Math.Min(Spacing(xs, stride), Spacing(ys, stride)));
        var gw = Math.Clamp((int)Math.Round(w / (double)cell), 1, 128);
        var gh = Math.Clamp((int)Math.Round(h / (double)cell), 1, 128);
        var cellLogits = new double[gw * gh];
        for (var cy = 0; cy < gh; cy++)
        {
            int y0 = cy * h / gh, y1 = (cy + 1) * h / gh;
            for (var cx = 0; cx < gw; cx++)
            {
                int x0 = cx * w / gw, x1 = (cx + 1) * w / gw;
                double sum = 0, weight = 0, nearest = double.MaxValue, nearestLogit = median, bestOverlap = 0, bestLogit = 0;
                foreach (var (r, logit) in windows)
                {
                    var ox = Math.Min(x1, r.X + r.Size) - Math.Max(x0, r.X);
                    var oy = Math.Min(y1, r.Y + r.Size) - Math.Max(y0, r.Y);
                    if (ox > 0 && oy > 0)
                    {
                        var overlap = (double)ox * oy;
                        sum += overlap * logit;
                        weight += overlap;
                        if (overlap > bestOverlap || (overlap == bestOverlap && logit > bestLogit))
                        {
                            (bestOverlap, bestLogit) = (overlap, logit);
                        }
                    }

                    var d = Math.Pow(((x0 + x1) / 2.0) - (r.X + (r.Size / 2.0)), 2) + Math.Pow(((y0 + y1) / 2.0) - (r.Y + (r.Size / 2.0)), 2);
                    if (d < nearest)
                    {
                        (nearest, nearestLogit) = (d, logit);
                    }
                }

                cellLogits[(cy * gw) + cx] = weight <= 0 ? nearestLogit : bestWindow ? bestLogit : sum / weight;
            }
        }

        var calibrator = model.Model.Calibrator;
        var probabilities = cellLogits.Select(v => (float)calibrator.Calibrate(v)).ToArray();
        var medianProbability = calibrator.Calibrate(median);
        var baselineProbability = calibrator.Calibrate(baseline);
        var threshold = model.Model.Threshold;
        var minContrast = model.MapMinContrast;
        var flagged = new bool[cellLogits.Length];
        if (windows.Count >= 3 && medianProbability < threshold)
        {
            for (var i = 0; i < flagged.Length; i++)
            {
                flagged[i] = LogOdds(probabilities[i]) - LogOdds(baselineProbability) >= minContrast && probabilities[i] >= threshold;
            }
        }

        var cells = new List<(int, int, int, int)>();
        for (var i = 0; i < flagged.Length; i++)
        {
            if (flagged[i])
            {
                int cx = i % gw, cy = i / gw, x0 = cx * w / gw, y0 = cy * h / gh;
                cells.Add((x0, y0, ((cx + 1) * w / gw) - x0, ((cy + 1) * h / gh) - y0));
            }
        }

        return new Result(gw, gh, probabilities, windows.Count, median, medianProbability, baselineProbability, probabilities.Max(), Regions(flagged, probabilities, gw, gh, w, h), windows)
        {
            FlaggedCells = cells,
        };
    }

    /// <summary>
    /// Window positions per axis: every <paramref name="stride"/> px or closer, chosen as a refinement of the whole-image
    /// grid (its positions are every k-th window) so its scores are reused; coarser when over <see cref="MaxWindows"/>.
    /// </summary>
    internal static (int[] Xs, int[] Ys) Layout(int width, int height, int side, int stride, int gridColumns, int gridRows, int maxWindows = MaxWindows)
    {
        int maxX = Refinement(width, side, stride, gridColumns), maxY = Refinement(height, side, stride, gridRows);
        int kx = 1, ky = 1;
        double bestSpacing = double.MaxValue;
        var bestCount = 0;

        // The refinement with the most windows under the cap; among equals, the one whose wider spacing is smaller.
        for (var a = 1; a <= maxX; a++)
        {
            for (var b = 1; b <= maxY; b++)
            {
                int nx = Count(gridColumns, a), ny = Count(gridRows, b);
                var count = nx * ny;
                if (count > maxWindows && (a > 1 || b > 1))
                {
                    continue;
                }

                var spacing = Math.Max((width - side) / (double)Math.Max(1, nx - 1), (height - side) / (double)Math.Max(1, ny - 1));
                if (count > bestCount || (count == bestCount && spacing < bestSpacing))
                {
                    (kx, ky, bestCount, bestSpacing) = (a, b, count, spacing);
                }
            }
        }

        return (Positions(width, side, Count(gridColumns, kx)), Positions(height, side, Count(gridRows, ky)));
    }

    private static int Count(int grid, int k) => grid <= 1 ? k : ((grid - 1) * k) + 1;

    /// <summary>How many windows to put per grid interval so that neighbours are at most <paramref name="stride"/> apart.</summary>
    private static int Refinement(int length, int side, int stride, int grid)
    {
        var span = length - side;
        if (span <= 0)
        {
            return 1;
        }

        if (grid <= 1)
        {
            // A single centred grid patch cannot be refined into a subset-preserving layout: cover the axis instead
            // (an odd count keeps the centred position).
            var n = (int)Math.Ceiling(span / (double)stride) + 1;
            return n % 2 == 0 ? n + 1 : n;
        }

        return Math.Max(1, (int)Math.Ceiling(span / (double)(stride * (grid - 1))));
    }

    private static int[] Positions(int length, int side, int n)
    {
        if (n <= 1 || length <= side)
        {
            return [Math.Max(0, (length - side) / 2)];
        }

        var p = new int[n];
        for (var i = 0; i < n; i++)
        {
            p[i] = (int)Math.Round(i * (length - side) / (double)(n - 1));
        }

        return p;
    }

    /// <summary>The <paramref name="q"/> quantile of sorted values, linear between order statistics (0.5: the median).</summary>
    internal static double Quantile(double[] sorted, double q)
    {
        var position = q * (sorted.Length - 1);
        var lo = (int)Math.Floor(position);
        var hi = Math.Min(lo + 1, sorted.Length - 1);
        return sorted[lo] + ((position - lo) * (sorted[hi] - sorted[lo]));
    }

    internal static double LogOdds(double p)
    {
        p = Math.Clamp(p, 1e-9, 1 - 1e-9);
        return Math.Log(p / (1 - p));
    }

    private static int Spacing(int[] positions, int fallback) => positions.Length < 2 ? fallback : positions[1] - positions[0];

    private static List<Region> Regions(bool[] flagged, float[] probabilities, int gw, int gh, int w, int h)
    {
        var found = GridComponents.Find(gw, gh, i => flagged[i], probabilities);
        return found.OrderByDescending(c => c.Cells * c.Max).Take(3)
            .Select(c =>
            {
                int px0 = c.X0 * w / gw, py0 = c.Y0 * h / gh, px1 = (c.X1 + 1) * w / gw, py1 = (c.Y1 + 1) * h / gh;
                return new Region(px0, py0, px1 - px0, py1 - py0, c.Max, "looks generated");
            })
            .ToList();
    }
}
