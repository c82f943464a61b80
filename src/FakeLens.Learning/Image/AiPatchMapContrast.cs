using FakeLens.Imaging.Decoding;
using FakeLens.Imaging.Features;

namespace FakeLens.Learning.Image;

/// <summary>
/// Sets the window map's contrast rule (<see cref="LearnedImageModel.MapContrastMetric"/>) for one model from real photos it
/// never trained on. A model's window scores spread more or less within a picture: v7's typical photo window scores 0.08
/// and a pasted LDM area 0.998 (+8.5 log-odds), v9's 0.34 and 0.977 (+4.4), so a contrast fixed on one model (6 log-odds,
/// set on v7) either floods another with areas on real photos or never fires. The rule here: the contrast that only a
/// share <c>1 − quantile</c> (1 %) of held-out real photos reach between their strongest map cell and their median window,
/// measured by the map's own code (<see cref="AiPatchMap.Build"/>) on the scan path's decoded pixels.
/// </summary>
public static class AiPatchMapContrast
{
    /// <summary>What the map of one picture says about contrast.</summary>
    /// <param name="TopContrast">
    /// Calibrated log-odds of the strongest cell above the picture's baseline window (the median, or the quantile the model
    /// file stores), whatever the threshold.
    /// </param>
    /// <param name="AreaContrast">
    /// The largest contrast at which the map would still report an area (the best cell that also reaches the model's threshold,
    /// with the median window below it); negative infinity when no contrast would (no cell at the threshold, or the whole
    /// picture above it).
    /// </param>
    /// <param name="Regions">Areas reported with the model's current contrast rule.</param>
    public sealed record Measurement(double TopContrast, double AreaContrast, double MaxCellProbability, double MedianProbability, int Windows, int Regions)
    {
        /// <summary>Whether the model has a candidate window (a cell at its threshold, its median window below it): where its map model runs.</summary>
        public bool Candidate { get; init; }

        /// <summary>The model that drew the map a scan would show (the map model on a candidate picture when the file names one).</summary>
        public string MapDrawnBy { get; init; } = "";

        /// <summary>Areas on the map a scan would show (the map model's own rule where it drew it).</summary>
        public int ShownRegions { get; init; }

        /// <summary>The flagged cells of the map a scan would show (x, y, width, height in pixels).</summary>
        public IReadOnlyList<(int X, int Y, int Width, int Height)> ShownCells { get; init; } = [];
    }

    public static Measurement Measure(LearnedImageModel model, RgbImage image, CancellationToken cancellationToken) =>
        MeasureMap(model, image, cancellationToken).Measurement;

    private static (Measurement Measurement, AiPatchMap.Result Map) MeasureMap(LearnedImageModel model, RgbImage image, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(image);
        if (PatchLayout.SideFor(image.Width, image.Height) == 0)
        {
            throw new ArgumentException($"{image.Width}×{image.Height} is smaller than the {PatchLayout.MinSide} px minimum patch.", nameof(image));
        }

        var score = model.Score(image, cancellationToken);
        var choice = AiMapTrigger.Build(model, image, score, AiPatchMap.MaxWindows, useMapModel: true, cancellationToken);
        var map = choice.Own;
        var baseline = AiPatchMap.LogOdds(map.BaselineProbability);
        var threshold = model.Model.Threshold;
        var area = double.NegativeInfinity;
        if (map.Windows >= 3 && map.MedianProbability < threshold)
        {
            foreach (var p in map.CellProbabilities)
            {
                if (p >= threshold)
                {
                    area = Math.Max(area, AiPatchMap.LogOdds(p) - baseline);
                }
            }
        }

        return (new Measurement(AiPatchMap.LogOdds(map.MaxCellProbability) - baseline, area, map.MaxCellProbability, map.MedianProbability, map.Windows, map.Regions.Count)
        {
            Candidate = choice.Candidate,
            MapDrawnBy = choice.DrawnBy.Bundle.Manifest.DisplayName,
            ShownRegions = choice.Shown.Regions.Count,
            ShownCells = choice.Shown.FlaggedCells,
        }, map);
    }

    /// <summary>
    /// <see cref="Measure"/> plus the raw score of every window of the map's layout (<paramref name="density"/> 1) or of one
    /// twice as dense per axis (2: the map's positions and the midpoints between them), so that map rules (window density,
    /// how a cell takes its value, the picture's baseline) can be compared offline on the same scores. <c>Coarse</c> marks
    /// the map's own windows, whose scores are the map's.
    /// </summary>
    public static (Measurement Measurement, IReadOnlyList<(int X, int Y, int Side, bool Coarse, double Logit)> Windows) MeasureWithWindows(
        LearnedImageModel model, RgbImage image, int density, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(image);
        ArgumentOutOfRangeException.ThrowIfLessThan(density, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(density, 2);
        var (measurement, map) = MeasureMap(model, image, cancellationToken);
        var known = map.WindowScores.ToDictionary(v => (v.Rect.X, v.Rect.Y), v => v.Logit);
        var side = map.WindowScores[0].Rect.Size;
        int[] xs = [.. map.WindowScores.Select(v => v.Rect.X).Distinct().Order()], ys = [.. map.WindowScores.Select(v => v.Rect.Y).Distinct().Order()];
        static int[] Densify(int[] p) => [.. p.SelectMany((v, i) => i + 1 < p.Length ? new[] { v, (v + p[i + 1]) / 2 } : [v])];
        if (density == 2)
        {
            (xs, ys) = (Densify(xs), Densify(ys));
        }

        var result = new List<(int, int, int, bool, double)>(xs.Length * ys.Length);
        foreach (var y in ys)
        {
            foreach (var x in xs)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var coarse = known.TryGetValue((x, y), out var logit);
                if (!coarse)
                {
                    logit = model.Model.RawScore(model.Extractor.Extract(image, new PatchRect(x, y, side)));
                }

                result.Add((x, y, side, coarse, logit));
            }
        }

        return (measurement, result);
    }

    /// <summary>
    /// The <paramref name="quantile"/> (linear interpolation between order statistics) of the real photos' top-cell
    /// contrasts: at that contrast about a share 1 − quantile of them still have a cell that far above their median window.
    /// </summary>
    public static double Choose(IReadOnlyCollection<double> realTopContrasts, double quantile)
    {
        ArgumentNullException.ThrowIfNull(realTopContrasts);
        if (realTopContrasts.Count < 2)
        {
            throw new ArgumentException("The map contrast needs at least two real photos.", nameof(realTopContrasts));
        }

        if (quantile is <= 0 or >= 1 || double.IsNaN(quantile))
        {
            throw new ArgumentOutOfRangeException(nameof(quantile), quantile, "The quantile must lie strictly between 0 and 1.");
        }

        var sorted = realTopContrasts.Order().ToArray();
        var position = quantile * (sorted.Length - 1);
        var lo = (int)Math.Floor(position);
        var hi = Math.Min(lo + 1, sorted.Length - 1);

        // Area contrasts are −∞ for photos on which no contrast would show an area: between −∞ and a finite value, the value.
        if (double.IsNegativeInfinity(sorted[lo]))
        {
            return double.IsNegativeInfinity(sorted[hi]) ? throw new ArgumentException("No real photo reaches the model's threshold anywhere: the contrast is not determined.", nameof(realTopContrasts)) : sorted[hi];
        }

        return sorted[lo] + ((position - lo) * (sorted[hi] - sorted[lo]));
    }

    /// <summary>How many of the measured pictures would show an area at <paramref name="contrast"/>.</summary>
    public static int AreasAt(IEnumerable<Measurement> measurements, double contrast)
    {
        ArgumentNullException.ThrowIfNull(measurements);
        return measurements.Count(m => m.AreaContrast >= contrast);
    }
}
