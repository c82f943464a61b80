using FakeLens.Imaging.Decoding;
using FakeLens.Learning.Models;

namespace FakeLens.Learning.Image;

// Which model draws the "where" map (issue 13, docs/image-model.md "Round 11"). A model file may name a second model of
// the same features as its map model (ModelManifest.MapModel): the shipped v9 scores the picture better than v7 (pooled
// leave-one-family-out AUC 0.887 against 0.871), but v7's windows fire harder on AI content (a pasted LDM area +8.5
// log-odds above the photo against v9's +4.4), so v7 draws the map — only on pictures where v9 has a *candidate*: a
// map cell at v9's own threshold while v9's median window is below it (the definition of scripts/eval/map-cascade.py,
// and exactly the precondition of any area on v9's own map). Elsewhere the map is v9's own, which then has no area by
// construction, and v7 is neither loaded nor run. On the 164 held-out real photos this "trigger" rule showed 1 area
// (v7 alone 2, v9 alone 2), on 50 AI fills 2 (as v9 alone), and v7 ran on 8 % of the real photos. Round 12's default,
// v10 (v9's recipe with round 10's data), under the same rule: 1 area on the 140 setting photos, 1 on the 50 fills.
internal static class AiMapTrigger
{
    /// <param name="Own">The scoring model's own map.</param>
    /// <param name="Shown">The map reported: the map model's where the scoring model has a candidate, else <paramref name="Own"/>.</param>
    /// <param name="DrawnBy">The model whose windows, contrast and threshold made <paramref name="Shown"/>.</param>
    /// <param name="Candidate">Whether the scoring model has a candidate window (a cell at its threshold, the median window below it).</param>
    /// <param name="MapModelError">Why the named map model could not be used (the own map is shown then), or null.</param>
    internal sealed record Choice(AiPatchMap.Result Own, AiPatchMap.Result Shown, LearnedImageModel DrawnBy, bool Candidate, string? MapModelError);

    /// <summary>A cell at the model's threshold while its median window is below it (and at least 3 windows): the precondition of any area.</summary>
    public static bool HasCandidate(LearnedImageModel model, AiPatchMap.Result map)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(map);
        var threshold = model.Model.Threshold;
        return map.Windows >= 3 && map.MedianProbability < threshold && map.MaxCellProbability >= threshold;
    }

    /// <param name="useMapModel">False: the model's own map whatever it names (video frames, where the map is not read).</param>
    /// <param name="memo">
    /// The features of the scoring model's patches and windows (<paramref name="score"/>'s grid among them), shared with the
    /// map model, whose features are a subset of the same extractor's: the map model then runs no feature extraction of
    /// its own (perf11). Null: each model extracts its own (the code before, kept for the tests that compare the two).
    /// </param>
    public static Choice Build(LearnedImageModel model, RgbImage image, ImageModelScore score, int maxWindows, bool useMapModel, CancellationToken cancellationToken, PatchFeatureMemo? memo = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        var own = AiPatchMap.Build(model, image, score, maxWindows, cancellationToken, memo);
        var candidate = HasCandidate(model, own);
        if (!useMapModel || model.MapModelName is null || !candidate)
        {
            return new Choice(own, own, model, candidate, null);
        }

        LearnedImageModel mapModel;
        try
        {
            mapModel = model.MapModel!;
        }
        catch (ModelMismatchException e)
        {
            return new Choice(own, own, model, candidate, e.Message);
        }

        var mapScore = mapModel.Score(image, cancellationToken, memo);
        return new Choice(own, AiPatchMap.Build(mapModel, image, mapScore, maxWindows, cancellationToken, memo), mapModel, candidate, null);
    }
}
