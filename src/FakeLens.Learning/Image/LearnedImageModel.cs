using System.Globalization;
using System.Text.Json;
using FakeLens.Imaging.Decoding;
using FakeLens.Imaging.Features;
using FakeLens.Learning.Models;
using FakeLens.Learning.Training;

namespace FakeLens.Learning.Image;

/// <summary>
/// A trained image model ready to score: the bundle, the feature extractor rebuilt from the families the
/// model was trained on (refusing a feature set, version or name list this build does not compute), the
/// patch grid (at most <see cref="MaxPatches"/> 256 px patches, so cost per image is bounded) and the
/// aggregation (mean of patch logits, then the image-level calibrator).
/// </summary>
public sealed class LearnedImageModel
{
    public const string DefaultFileName = "default-image-v11.zip";
    public const string RealStatsAttachment = "real-patch-stats.json";
    public const int MaxPatches = 16;

    /// <summary>Manifest metric: mean leave-one-generator-out AUC with both classes' test images centre-cropped to at most 512 px and re-encoded as JPEG 85 (<c>train image --loo</c>).</summary>
    public const string LooMetric = "loo_auc_jpeg85";

    /// <summary>Manifest metric: AUC of the pooled leave-one-generator-out held-out scores (same test treatment).</summary>
    public const string LooPooledMetric = "loo_pooled_auc_jpeg85";

    /// <summary>
    /// Manifest metric: calibrated log-odds a map cell must stand above the picture's median window to be reported as an
    /// area that looks generated (<c>fakelens train image-map</c> sets it from held-out real photos). Absent: <see cref="AiPatchMap.DefaultMinContrast"/>.
    /// </summary>
    public const string MapContrastMetric = "map_min_contrast";

    /// <summary>
    /// Manifest metric: which quantile of the picture's window scores the map's contrast is measured from (0.5, the median
    /// window, when absent). A lower quantile keeps a large AI area from lifting its own baseline: a pasted area that
    /// covers a quarter of a small picture touches half of its windows and moves their median towards itself.
    /// </summary>
    public const string MapBaselineQuantileMetric = "map_baseline_quantile";

    /// <summary>
    /// Manifest metric: how a map cell takes its value from the windows covering it: 0 (absent) the overlap-weighted mean
    /// of their raw scores, 1 the raw score of the window that covers most of it (ties: the higher score).
    /// </summary>
    public const string MapCellMetric = "map_cell";

    private readonly float[]? _realMean;
    private readonly float[]? _realStd;
    private readonly Lazy<LearnedImageModel>? _mapModel;

    private LearnedImageModel(ModelBundle bundle, CalibratedModel model, ImagePatchFeatures extractor, Func<string, ModelBundle>? mapSource)
    {
        Bundle = bundle;
        Model = model;
        Extractor = extractor;
        if (bundle.Manifest.MapModel is { Length: > 0 } mapName && mapSource is not null)
        {
            if (!string.Equals(Path.GetFileName(mapName), mapName, StringComparison.Ordinal))
            {
                throw new ModelMismatchException($"Model {bundle.Manifest.DisplayName} names its map model '{mapName}': a file name is expected, not a path.");
            }

            // Loaded on first use only: a picture where this model sees no candidate window never pays for the second model.
            // The map model's own map-model setting is not followed (one level only).
            _mapModel = new Lazy<LearnedImageModel>(() => FromBundle(mapSource(mapName), mapSource: null), LazyThreadSafetyMode.ExecutionAndPublication);
        }
        if (bundle.Attachments.TryGetValue(RealStatsAttachment, out var bytes))
        {
            var stats = JsonSerializer.Deserialize<RealPatchStats>(bytes);
            if (stats is not null && stats.Mean.Length == extractor.Count && stats.Std.Length == extractor.Count)
            {
                _realMean = stats.Mean;
                _realStd = stats.Std;
            }
        }
    }

    public ModelBundle Bundle { get; }

    public CalibratedModel Model { get; }

    public ImagePatchFeatures Extractor { get; }

    /// <summary>The map's contrast rule for this model: the stored <see cref="MapContrastMetric"/>, else the fixed default set on v7.</summary>
    public double MapMinContrast =>
        Bundle.Manifest.Metrics.TryGetValue(MapContrastMetric, out var c) && double.IsFinite(c) && c > 0 ? c : AiPatchMap.DefaultMinContrast;

    /// <summary>The quantile of the picture's window scores that the map's contrast is measured from (<see cref="MapBaselineQuantileMetric"/>; 0.5 when absent).</summary>
    public double MapBaselineQuantile =>
        Bundle.Manifest.Metrics.TryGetValue(MapBaselineQuantileMetric, out var q) && q is >= 0 and < 1 ? q : 0.5;

    /// <summary>Whether a map cell takes the score of its best-covering window (<see cref="MapCellMetric"/> = 1) instead of the overlap-weighted mean.</summary>
    public bool MapCellFromBestWindow =>
        Bundle.Manifest.Metrics.TryGetValue(MapCellMetric, out var c) && c == 1;

    /// <summary>The map model's file name (<see cref="ModelManifest.MapModel"/>), or null when this model draws its own map.</summary>
    public string? MapModelName => _mapModel is null ? null : Bundle.Manifest.MapModel;

    /// <summary>
    /// The model that draws the map where this one has a candidate window, loaded on first access (null when the file names
    /// none); throws <see cref="ModelMismatchException"/> when the named file cannot be found or read.
    /// </summary>
    public LearnedImageModel? MapModel => _mapModel?.Value;

    /// <summary>Whether <see cref="MapModel"/> has been loaded (for tests and memory accounting: it is loaded only when needed).</summary>
    public bool MapModelLoaded => _mapModel is { IsValueCreated: true };

    public static LearnedImageModel LoadDefault() => FromBundle(ModelBundle.LoadEmbedded(DefaultFileName));

    /// <summary>A model file; a map model it names is looked for beside it, then among the shipped models.</summary>
    public static LearnedImageModel Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return FromBundle(ModelBundle.Load(path), MapSourceBeside(path));
    }

    /// <summary>Where a model file's map model is read from: the file of that name beside <paramref name="path"/>, else the shipped one.</summary>
    public static Func<string, ModelBundle> MapSourceBeside(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var folder = Path.GetDirectoryName(Path.GetFullPath(path)) ?? ".";
        return name =>
        {
            var beside = Path.Combine(folder, name);
            return File.Exists(beside) ? ModelBundle.Load(beside) : ModelBundle.LoadEmbedded(name);
        };
    }

    /// <summary>A bundle in memory; a map model it names is one of the shipped models.</summary>
    public static LearnedImageModel FromBundle(ModelBundle bundle) => FromBundle(bundle, ModelBundle.LoadEmbedded);

    /// <summary>A bundle in memory whose map model, if it names one, <paramref name="mapSource"/> reads from its file name (null: never).</summary>
    public static LearnedImageModel FromBundle(ModelBundle bundle, Func<string, ModelBundle>? mapSource)
    {
        ArgumentNullException.ThrowIfNull(bundle);
        bundle.EnsureFeatures(ImagePatchFeatures.FeatureSetId, ImagePatchFeatures.Version);
        var model = bundle.Model ?? throw new ModelMismatchException($"Model {bundle.Manifest.DisplayName} holds no classifier.");
        var families = ImagePatchFeatures.FamiliesOf(bundle.Manifest.FeatureNames);
        if (families == ImageFeatureFamilies.None)
        {
            throw new ModelMismatchException($"Model {bundle.Manifest.DisplayName} names no image feature this build knows.");
        }

        var extractor = new ImagePatchFeatures(families);
        if (!extractor.Names.SequenceEqual(bundle.Manifest.FeatureNames, StringComparer.Ordinal))
        {
            throw new ModelMismatchException($"Model {bundle.Manifest.DisplayName} lists features this build's '{ImagePatchFeatures.FeatureSetId}' v{ImagePatchFeatures.Version} does not compute in that order; retrain it.");
        }

        return new LearnedImageModel(bundle, model, extractor, mapSource);
    }

    public ImageModelScore Score(RgbImage image, CancellationToken cancellationToken) => Score(image, cancellationToken, null);

    /// <param name="memo">When given, the patches' features are read from (or added to) it, shared with a second model of the same features (<see cref="PatchFeatureMemo"/>).</param>
    internal ImageModelScore Score(RgbImage image, CancellationToken cancellationToken, PatchFeatureMemo? memo)
    {
        ArgumentNullException.ThrowIfNull(image);
        var (patches, cols, rows) = PatchLayout.Grid(image.Width, image.Height, MaxPatches);
        if (patches.Length == 0)
        {
            throw new ArgumentException($"{image.Width}×{image.Height} is smaller than the {PatchLayout.MinSide} px minimum patch.", nameof(image));
        }

        var features = new float[patches.Length][];
        var raw = new double[patches.Length];
        for (var i = 0; i < patches.Length; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            features[i] = memo is null ? Extractor.Extract(image, patches[i]) : memo.Extract(Extractor, image, patches[i]);
            raw[i] = Model.RawScore(features[i]);
        }

        var mean = raw.Average();
        var probability = Model.Calibrator.Calibrate(mean);
        var top = Array.IndexOf(raw, raw.Max());
        return new ImageModelScore(
            probability,
            mean,
            Model.FractionOfRealAtOrAbove(probability),
            patches,
            raw,
            raw.Select(Model.Calibrator.Calibrate).ToArray(),
            cols,
            rows,
            StrongestCue(features[top]));
    }

    /// <summary>
    /// The cue of the most suspicious patch that stands furthest from the real training photos, in words, with
    /// its distance in standard deviations; null when the model carries no real-photo statistics or no cue
    /// exceeds 2 standard deviations.
    /// </summary>
    private string? StrongestCue(float[] f)
    {
        if (_realMean is null || _realStd is null)
        {
            return null;
        }

        var names = Extractor.Names;
        string? best = null;
        var bestZ = 2.0;
        void Consider(string suffix, int sign, string words)
        {
            double z = 0;
            var n = 0;
            for (var i = 0; i < names.Count; i++)
            {
                if (names[i].EndsWith(suffix, StringComparison.Ordinal))
                {
                    z += sign * (f[i] - _realMean[i]) / Math.Max(1e-6, _realStd[i]);
                    n++;
                }
            }

            if (n > 0 && z / n > bestZ)
            {
                bestZ = z / n;
                best = string.Format(CultureInfo.InvariantCulture, words, bestZ);
            }
        }

        foreach (var k in (string[])["1/2", "1/4", "1/8"])
        {
            Consider(".point" + k, 1, "periodic peaks in the high-frequency spectrum at " + k + " of the sampling rate, as left by generator up-sampling ({0:0.0} standard deviations above real photos)");
            Consider(".line" + k, 1, "a periodic grid pattern in the high-frequency spectrum at " + k + " of the sampling rate, as left by generator up-sampling ({0:0.0} standard deviations above real photos)");
        }

        Consider(".phase-ratio", -1, "neighbouring pixels tied together in 2 × 2 cells, as an up-sampling layer leaves them (NPR residual {0:0.0} standard deviations from real photos)");
        Consider("npr.g.zero", 1, "many pixels exactly equal to their 2 × 2 neighbours, as after up-sampling ({0:0.0} standard deviations above real photos)");
        Consider("colour.saturated", -1, "fewer clipped (fully saturated) pixels than camera photos show ({0:0.0} standard deviations below real photos)");
        Consider("noise.brightness-corr", -1, "noise that does not grow with brightness as camera sensor noise does ({0:0.0} standard deviations from real photos)");
        Consider("noise.spread", 1, "uneven grain across the patch ({0:0.0} standard deviations above real photos)");
        return best;
    }
}
