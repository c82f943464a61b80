using FakeLens.Imaging.Decoding;
using FakeLens.Imaging.Features;

namespace FakeLens.Learning.Image;

// Issue 19 / issue 13 (perf11): the features of one picture's patches and windows, computed once and shared by the
// models that score it. The shipped default-image v9 and its map model v7 run the same extractor code on the same
// 256 px windows — v7's 684 features (hand-made families and the pooled ResNet-18) are the first 684 of v9's 1,580,
// which add the stage 1–3 statistics of the same forward pass — so where v7 draws the map (AiMapTrigger) its features
// are read from v9's vectors instead of being computed again: no second ResNet-18 pass, no second set of patch
// planes, FFTs and co-occurrences (v7's extra cost was ~1.2–1.6 s per picture and its window work a ~200 MiB peak in a
// warm process, docs/performance.md "After the eleventh round"). A model whose feature names are not all among the
// memo's is computed directly, as before. Every feature family is computed from the patch alone, so a projected vector
// is the same numbers as a direct extraction (tests: AiMapTriggerTests compare the shared and unshared maps bit for bit).
internal sealed class PatchFeatureMemo
{
    private readonly Dictionary<PatchRect, float[]> _features = [];
    private readonly Dictionary<ImagePatchFeatures, int[]?> _projections = [];

    /// <param name="extractor">The extractor whose full vectors are stored (the scoring model's).</param>
    /// <param name="image">The one picture this memo belongs to.</param>
    public PatchFeatureMemo(ImagePatchFeatures extractor, RgbImage image)
    {
        ArgumentNullException.ThrowIfNull(extractor);
        ArgumentNullException.ThrowIfNull(image);
        Extractor = extractor;
        Image = image;
    }

    public ImagePatchFeatures Extractor { get; }

    public RgbImage Image { get; }

    /// <summary>Windows whose features were computed (not read from the memo): for tests and accounting.</summary>
    public int Computed { get; private set; }

    /// <summary>
    /// The features <paramref name="extractor"/> computes for <paramref name="rect"/> of <paramref name="image"/>: read
    /// from (or added to) the memo when the memo's extractor computes every one of them, else computed directly.
    /// </summary>
    public float[] Extract(ImagePatchFeatures extractor, RgbImage image, PatchRect rect)
    {
        ArgumentNullException.ThrowIfNull(extractor);
        if (!ReferenceEquals(image, Image))
        {
            throw new ArgumentException("This feature memo belongs to another image.", nameof(image));
        }

        var projection = ProjectionOf(extractor);
        if (projection is null)
        {
            Computed++;
            return extractor.Extract(image, rect);
        }

        if (!_features.TryGetValue(rect, out var full))
        {
            full = Extractor.Extract(image, rect);
            _features[rect] = full;
            Computed++;
        }

        if (ReferenceEquals(extractor, Extractor))
        {
            return full;
        }

        var result = new float[projection.Length];
        for (var i = 0; i < projection.Length; i++)
        {
            result[i] = full[projection[i]];
        }

        return result;
    }

    /// <summary>Where each of <paramref name="extractor"/>'s features sits in the memo's vectors (null: not all of them are there).</summary>
    private int[]? ProjectionOf(ImagePatchFeatures extractor)
    {
        if (ReferenceEquals(extractor, Extractor))
        {
            return [];
        }

        if (_projections.TryGetValue(extractor, out var known))
        {
            return known;
        }

        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < Extractor.Names.Count; i++)
        {
            index.TryAdd(Extractor.Names[i], i);
        }

        var projection = new int[extractor.Count];
        for (var i = 0; i < projection.Length; i++)
        {
            if (!index.TryGetValue(extractor.Names[i], out projection[i]))
            {
                _projections[extractor] = null;
                return null;
            }
        }

        _projections[extractor] = projection;
        return projection;
    }
}
