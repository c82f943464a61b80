using FakeLens.Core.Evidence;
using FakeLens.Core.Media;
using FakeLens.Imaging.Decoding;
using FakeLens.Learning.Image;
using FakeLens.Learning.Models;
using FakeLens.TestSupport;

namespace FakeLens.Learning.Tests.Image;

/// <summary>
/// The shipped two-model map (issue 13, rounds 11–15): default-image v11 (v10 in round 12, v9 in round 11) scores the picture and names default-image v7 as its
/// map model; v7 is loaded and run only where v9 has a candidate window (a cell at v9's threshold while v9's median window
/// is below it), and then v7's map, areas and heatmap are reported and named. Real shared pictures, real scores.
/// </summary>
public sealed class AiMapTriggerTests
{
    private const string MapModelFile = "default-image-v7.zip";

    private static DecodedImage Decode(params string[] path) => ImageDecoder.Decode(File.ReadAllBytes(TestData.Path(path)), 100_000_000);

    private static DecodedImage AsDecoded(RgbImage image) => new(image, MediaFormat.Png, false, false, 1);

    /// <summary>kodim01 with the top-left 256 px of an LDM tile pasted at (244, 244): the localisation test's picture.</summary>
    private static RgbImage Composite()
    {
        var photo = Decode("images", "real", "kodak24", "kodim01.png").Image;
        var ai = Decode("images", "ai", "ldm", "a-painting-of-a-fire_t01.png").Image;
        var px = (byte[])photo.Pixels.Clone();
        for (var y = 0; y < 256; y++)
        {
            Buffer.BlockCopy(ai.Pixels, y * ai.Width * 3, px, (((244 + y) * photo.Width) + 244) * 3, 256 * 3);
        }

        return new RgbImage(photo.Width, photo.Height, px);
    }

    /// <summary>v9's own map of the picture, built independently of the detector, and whether it has a candidate.</summary>
    private static bool V9HasCandidate(LearnedImageModel v9, RgbImage image)
    {
        var own = AiPatchMap.Build(v9, image, v9.Score(image, CancellationToken.None), AiPatchMap.MaxWindows, CancellationToken.None);
        var threshold = v9.Model.Threshold;
        return own.Windows >= 3 && own.MedianProbability < threshold && own.CellProbabilities.Any(p => p >= threshold);
    }

    private static string Fact(Evidence e, string name) => Assert.Single(e.Facts, f => f.Name == name).Value;

    [Fact]
    public void The_shipped_model_names_v7_as_its_map_model_and_loads_it_only_when_asked()
    {
        var v9 = LearnedImageModel.LoadDefault();
        Assert.Equal("default-image v11", v9.Bundle.Manifest.DisplayName);
        Assert.Equal(MapModelFile, v9.MapModelName);
        Assert.False(v9.MapModelLoaded);
        Assert.Equal("default-image v7", v9.MapModel!.Bundle.Manifest.DisplayName);
        Assert.True(v9.MapModelLoaded);

        // The map model draws its own map: the setting is followed one level only, and v7's file names none.
        Assert.Null(v9.MapModel.MapModelName);
        Assert.Equal(AiPatchMap.DefaultMinContrast, v9.MapModel.MapMinContrast);
    }

    /// <summary>
    /// Real photos (Kodak24, in neither model's training) and a whole AI tile, on which v9 has no candidate window: v7 is
    /// never loaded, the map is v9's own, no area is reported, and the evidence says the map model was not run.
    /// </summary>
    [Theory]
    [InlineData("images/real/kodak24/kodim01.png")]
    [InlineData("images/real/kodak24/kodim12.png")]
    [InlineData("images/ai/ldm/a-painting-of-a-fire_t01.png")]
    public void A_picture_without_a_v9_candidate_never_loads_or_runs_v7(string file)
    {
        var v9 = LearnedImageModel.LoadDefault();
        var decoded = Decode(file.Split('/'));
        Assert.False(V9HasCandidate(v9, decoded.Image), "this picture was chosen for having no v9 candidate");

        var e = new AiImageModelDetector(v9).Analyze(decoded, null, CancellationToken.None);
        Assert.False(v9.MapModelLoaded);
        Assert.Empty(e.Regions);
        Assert.StartsWith("default-image v11 (no window of it reached its threshold, so its map model default-image-v7.zip was not run)", Fact(e, "map drawn by"), StringComparison.Ordinal);
        Assert.Contains("windows of default-image v11;", e.Heatmap!.Legend, StringComparison.Ordinal);
        Assert.DoesNotContain("default-image v7", e.Explanation, StringComparison.Ordinal);
        Assert.Equal(v9.Score(decoded.Image, CancellationToken.None).Probability, e.Probability!.Value, 12);
    }

    /// <summary>
    /// The localisation test's picture has a v9 candidate (the pasted corner): v7 is loaded and run, its areas and heatmap
    /// are exactly what v7 alone reports on that picture, the verdict is v9's whole-image score, and the explanation and
    /// facts name both models and say why v7 ran.
    /// </summary>
    [Fact]
    public void On_a_picture_with_a_v9_candidate_v7_draws_the_map_and_is_named()
    {
        var v9 = LearnedImageModel.LoadDefault();
        var image = Composite();
        Assert.True(V9HasCandidate(v9, image), "the pasted corner must be a v9 candidate");

        var e = new AiImageModelDetector(v9).Analyze(AsDecoded(image), null, CancellationToken.None);
        Assert.True(v9.MapModelLoaded);
        var v7 = LearnedImageModel.FromBundle(ModelBundle.LoadEmbedded(MapModelFile));
        var alone = new AiImageModelDetector(v7).Analyze(AsDecoded(image), null, CancellationToken.None);

        // The map and its areas are v7's own; the verdict is v9's.
        var region = Assert.Single(e.Regions);
        Assert.Equal(Assert.Single(alone.Regions), region);
        Assert.True(region.X + region.Width > 244 + 128 && region.Y + region.Height > 244 + 128, $"region {region}");
        Assert.Equal(alone.Heatmap!.Values, e.Heatmap!.Values);
        Assert.Contains("windows of default-image v7;", e.Heatmap.Legend, StringComparison.Ordinal);
        Assert.Equal(v9.Score(image, CancellationToken.None).Probability, e.Probability!.Value, 12);
        Assert.NotEqual(alone.Probability!.Value, e.Probability.Value, 3);

        // Both models named, with v9's leave-one-family-out figure and the reason v7 ran.
        Assert.StartsWith("default-image v11 ", Fact(e, "model"), StringComparison.Ordinal);
        Assert.StartsWith("default-image v7 ", Fact(e, "map drawn by"), StringComparison.Ordinal);
        Assert.EndsWith("run because default-image v11 has a window above its threshold", Fact(e, "map drawn by"), StringComparison.Ordinal);
        Assert.Contains("against its threshold", Fact(e, "candidate window (default-image v11)"), StringComparison.Ordinal);
        Assert.Contains("default-image v11 (leave-one-family-out AUC 0.880", e.Explanation, StringComparison.Ordinal);
        Assert.Contains("the map of where comes from default-image v7, run because default-image v11 saw a window above its threshold", e.Explanation, StringComparison.Ordinal);
        Assert.Contains("This area looks generated, the rest does not", e.Explanation, StringComparison.Ordinal);
        Assert.Contains("above default-image v7's threshold", e.Explanation, StringComparison.Ordinal);
    }

    /// <summary>
    /// perf11: where v7 draws the map, its features are read from v9's (a memo of each window's 1,580 features, of which
    /// v7's 684 are the first) instead of a second extraction. On the localisation composite and a real Kodak photo on
    /// which the default has a candidate (kodim24 for v10 and v11, the one Kodak24 picture where the scan runs v7; kodim09 was v9's),
    /// the shared path gives v7's
    /// window scores, grid scores, cell probabilities, regions and flagged cells exactly as v7's own extraction does,
    /// every window's feature vector equal bit for bit, v7 computes no window of its own, and the detector's heatmap and
    /// areas are the unshared map's.
    /// </summary>
    [Theory]
    [InlineData("composite")]
    [InlineData("images/real/kodak24/kodim24.png")]
    public void The_map_model_drawn_from_shared_features_equals_its_own_extraction_bit_for_bit(string picture)
    {
        var v9 = LearnedImageModel.LoadDefault();
        var v7 = v9.MapModel!;
        var image = picture == "composite" ? Composite() : Decode(picture.Split('/')).Image;
        var ct = CancellationToken.None;

        // Unshared: v7 extracts its own features, as before perf11.
        var ownScore = v7.Score(image, ct);
        var ownMap = AiPatchMap.Build(v7, image, ownScore, AiPatchMap.MaxWindows, ct);

        // Shared: the detector's path (v9's score and map fill the memo; the trigger builds v7's map from it).
        var memo = new PatchFeatureMemo(v9.Extractor, image);
        var v9Score = v9.Score(image, ct, memo);
        var choice = AiMapTrigger.Build(v9, image, v9Score, AiPatchMap.MaxWindows, useMapModel: true, ct, memo);
        Assert.True(choice.Candidate, "the picture was chosen for having a candidate of the default model");
        Assert.Same(v7, choice.DrawnBy);
        var computed = memo.Computed;
        Assert.Equal(choice.Own.Windows, computed);
        var sharedScore = v7.Score(image, ct, memo);
        var sharedMap = AiPatchMap.Build(v7, image, sharedScore, AiPatchMap.MaxWindows, ct, memo);
        Assert.Equal(computed, memo.Computed);

        Assert.Equal(ownScore.Probability, sharedScore.Probability);
        Assert.Equal(ownScore.PatchScores, sharedScore.PatchScores);
        Assert.Equal(ownScore.StrongestCue, sharedScore.StrongestCue);
        foreach (var map in (AiPatchMap.Result[])[choice.Shown, sharedMap])
        {
            Assert.Equal(ownMap.WindowScores, map.WindowScores);
            Assert.Equal(ownMap.CellProbabilities, map.CellProbabilities);
            Assert.Equal((ownMap.Columns, ownMap.Rows, ownMap.MedianLogit, ownMap.BaselineProbability, ownMap.MaxCellProbability), (map.Columns, map.Rows, map.MedianLogit, map.BaselineProbability, map.MaxCellProbability));
            Assert.Equal(ownMap.Regions, map.Regions);
            Assert.Equal(ownMap.FlaggedCells, map.FlaggedCells);
        }

        foreach (var (rect, _) in ownMap.WindowScores)
        {
            Assert.Equal(v7.Extractor.Extract(image, rect), memo.Extract(v7.Extractor, image, rect));
        }

        var e = new AiImageModelDetector(v9).Analyze(AsDecoded(image), null, ct);
        Assert.Equal(Heatmap.FromValues(ownMap.Columns, ownMap.Rows, ownMap.CellProbabilities, 0f, 1f, string.Empty).Values, e.Heatmap!.Values);
        Assert.Equal(ownMap.Regions, e.Regions);
    }

    /// <summary>Video frames keep the verdict's grid as the map: the map model is not run there, even on a candidate.</summary>
    [Fact]
    public void The_frame_scorer_keeps_v9s_own_grid_map_and_never_runs_v7()
    {
        var v9 = LearnedImageModel.LoadDefault();
        var detector = new AiImageModelDetector(windowMap: false);
        var e = detector.Analyze(AsDecoded(Composite()), null, CancellationToken.None);
        Assert.DoesNotContain(e.Facts, f => f.Name == "map drawn by");
        Assert.Contains("windows of default-image v11;", e.Heatmap!.Legend, StringComparison.Ordinal);
        Assert.Equal(v9.Score(Composite(), CancellationToken.None).Probability, e.Probability!.Value, 12);
    }

    /// <summary>A map model that cannot be found leaves the scoring model's own map in place and says why; a path is refused.</summary>
    [Fact]
    public void A_missing_map_model_falls_back_to_the_own_map_and_says_so()
    {
        var shipped = LearnedImageModel.LoadDefault();
        var missing = LearnedImageModel.FromBundle(new ModelBundle(shipped.Bundle.Manifest with { MapModel = "default-image-v99.zip" }, shipped.Model, shipped.Bundle.Attachments));
        var image = Composite();
        var e = new AiImageModelDetector(missing).Analyze(AsDecoded(image), null, CancellationToken.None);
        Assert.Contains("its map model default-image-v99.zip could not be loaded", Fact(e, "map drawn by"), StringComparison.Ordinal);
        Assert.Contains("windows of default-image v11;", e.Heatmap!.Legend, StringComparison.Ordinal);
        var own = AiPatchMap.Build(shipped, image, shipped.Score(image, CancellationToken.None), AiPatchMap.MaxWindows, CancellationToken.None);
        Assert.Equal(own.Regions, e.Regions);

        Assert.Throws<ModelMismatchException>(() => LearnedImageModel.FromBundle(new ModelBundle(shipped.Bundle.Manifest with { MapModel = "../models/default-image-v7.zip" }, shipped.Model, shipped.Bundle.Attachments)));
    }

    /// <summary>
    /// The setting survives a save and load; a file loaded from disk finds its map model beside itself first; a file without
    /// the setting (v7 and older) writes none and draws its own map.
    /// </summary>
    [Fact]
    public void The_map_model_is_stored_by_name_and_found_beside_the_file()
    {
        var dir = Directory.CreateTempSubdirectory("fakelens-map-model-").FullName;
        try
        {
            var shipped = LearnedImageModel.LoadDefault();
            // The map model beside the file under another name: v8 (same features), so the one read is the one beside it.
            ModelBundle.LoadEmbedded("default-image-v8.zip").Save(Path.Combine(dir, "beside.zip"));
            var path = Path.Combine(dir, "scorer.zip");
            new ModelBundle(shipped.Bundle.Manifest with { MapModel = "beside.zip" }, shipped.Model, shipped.Bundle.Attachments).Save(path);
            var loaded = LearnedImageModel.Load(path);
            Assert.Equal("beside.zip", loaded.MapModelName);
            Assert.Equal("default-image v8", loaded.MapModel!.Bundle.Manifest.DisplayName);

            // Not beside it: the shipped model of that name.
            var alone = Path.Combine(dir, "alone.zip");
            shipped.Bundle.Save(alone);
            Assert.Equal("default-image v7", LearnedImageModel.Load(alone).MapModel!.Bundle.Manifest.DisplayName);

            var v7 = Path.Combine(dir, "v7.zip");
            ModelBundle.LoadEmbedded(MapModelFile).Save(v7);
            using (var zip = System.IO.Compression.ZipFile.OpenRead(v7))
            using (var reader = new StreamReader(zip.GetEntry("manifest.json")!.Open()))
            {
                Assert.DoesNotContain("MapModel", reader.ReadToEnd(), StringComparison.Ordinal);
            }

            Assert.Null(LearnedImageModel.Load(v7).MapModelName);
            Assert.Null(LearnedImageModel.Load(v7).MapModel);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
