using FakeLens.Imaging.Compare;
using FakeLens.Imaging.Decoding;
using FakeLens.TestSupport;

namespace FakeLens.Imaging.Tests.Compare;

public sealed class SourceSearchTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("fakelens-compare-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static RgbImage Recompressed(RgbImage image, double scale, int quality)
    {
        var small = ImageResizer.Resize(image, (int)(image.Width * scale), (int)(image.Height * scale));
        return ImageDecoder.Decode(ImageEncoder.Jpeg(small, quality), long.MaxValue).Image;
    }

    [Fact]
    public void Hashes_of_a_resized_recompressed_copy_are_close_and_of_another_picture_far()
    {
        var a = Scenes.DeadLeaves(320, 240, 1);
        var copy = PerceptualHash.Of(Recompressed(a, 0.5, 70));
        var other = PerceptualHash.Of(Scenes.DeadLeaves(320, 240, 2));
        var h = PerceptualHash.Of(a);
        Assert.True(h.Distance(copy) <= 12, $"copy distance {h.Distance(copy)}");
        Assert.True(h.Distance(other) >= 35, $"other distance {h.Distance(other)}");
        Assert.Equal(0, PerceptualHash.Of(Scenes.DeadLeaves(320, 240, 2), mirrored: true).Distance(PerceptualHash.Of(ImageDecoder.Decode(ImageEncoder.Png(Mirror(Scenes.DeadLeaves(320, 240, 2))), long.MaxValue).Image)));
    }

    private static RgbImage Mirror(RgbImage image)
    {
        var px = new byte[image.Pixels.Length];
        for (var y = 0; y < image.Height; y++)
        {
            for (var x = 0; x < image.Width; x++)
            {
                Array.Copy(image.Pixels, ((y * image.Width) + x) * 3, px, ((y * image.Width) + (image.Width - 1 - x)) * 3, 3);
            }
        }

        return new RgbImage(image.Width, image.Height, px);
    }

    [Fact]
    public void Search_finds_the_original_among_distractors_through_a_saved_index_and_compares_it()
    {
        for (var i = 0; i < 12; i++)
        {
            File.WriteAllBytes(Path.Combine(_dir, $"p{i:00}.png"), ImageEncoder.Png(Scenes.DeadLeaves(320, 240, 100 + i)));
        }

        var files = Directory.GetFiles(_dir, "*.png");
        var path = Path.Combine(_dir, "index.json");
        CompareIndex.Build(_dir, files).Save(path);
        var index = CompareIndex.Load(path);
        Assert.Equal(12, index.Entries.Count);

        var suspect = new CompareInput(Mirror(Recompressed(Scenes.DeadLeaves(320, 240, 107), 0.7, 75)), "suspect");
        var result = new SourceSearch(new ImageComparer(), verify: 3).Find(suspect, index);
        Assert.Equal("p07.png", result.Candidates[0].Path);
        Assert.True(result.Candidates[0].SamePicture);
        Assert.Equal(1, result.Candidates.Count(c => c.SamePicture));
        Assert.NotNull(result.Best);
        Assert.Contains(result.Best.Operations, o => o.Kind == "mirror");
    }

    [Fact]
    public void Keypoint_signature_ranks_the_original_of_a_40_percent_crop_first_where_hashes_do_not()
    {
        var photos = TestData.Files(System.IO.Path.Combine("images", "real", "cbsd68"), "*.png", 20).Take(20)
            .Select(f => ImageDecoder.Decode(File.ReadAllBytes(f), long.MaxValue).Image).ToList();
        var entries = photos.Select((p, i) => CompareIndex.Entry("p" + i, p, 0)).ToList();
        var index = new CompareIndex(CompareIndex.FormatName, _dir, entries);
        var target = photos[7];
        // Keep 40 % of the area off-centre, shrink it, mirror it, save it as JPEG 75.
        var crop = ComparePairMaker.Crop(target, target.Width / 3, target.Height / 3, (int)(target.Width * 0.63), (int)(target.Height * 0.63));
        var suspect = Mirror(Recompressed(crop, 0.8, 75));

        var h = PerceptualHash.Of(suspect);
        var hm = PerceptualHash.Of(suspect, mirrored: true);
        var byKeys = SourceSearch.Rank(index, h, hm, KeypointSignature.Of(suspect), KeypointSignature.Of(suspect, mirrored: true)).Ranked;
        Assert.Equal("p7", byKeys[0].Entry.Path);
        Assert.True(byKeys[0].Votes >= 2 * byKeys[1].Votes, $"votes {byKeys[0].Votes} vs runner-up {byKeys[1].Votes}");

        // Two-pass ranking: a first-pass count never exceeds the full count, the shortlisted original keeps its full
        // votes, and scoring entries in parallel gives the same ranking.
        var keys = KeypointSignature.Of(suspect);
        var keysMirrored = KeypointSignature.Of(suspect, mirrored: true);
        Assert.All(entries, e => Assert.True(keys.Votes(e.Signature!, SourceSearch.FirstPassStride) <= keys.Votes(e.Signature!)));
        Assert.Equal(Math.Max(keys.Votes(entries[7].Signature!), keysMirrored.Votes(entries[7].Signature!)), byKeys[0].Votes);
        var parallel = SourceSearch.Rank(index, h, hm, keys, keysMirrored, parallelism: 2).Ranked;
        Assert.Equal(byKeys.Select(r => (r.Entry.Path, r.Votes)), parallel.Select(r => (r.Entry.Path, r.Votes)));

        // A signature survives the index's JSON round trip unchanged.
        var path = System.IO.Path.Combine(_dir, "keys.json");
        index.Save(path);
        var loaded = CompareIndex.Load(path);
        Assert.Equal(entries[7].Keys, loaded.Entries[7].Keys);
        Assert.Equal(KeypointSignature.Of(suspect).Votes(entries[7].Signature!), KeypointSignature.Of(suspect).Votes(loaded.Entries[7].Signature!));
    }

    [Fact]
    public void Index_of_format_1_without_signatures_is_still_searched_by_hashes()
    {
        var a = Scenes.DeadLeaves(320, 240, 5);
        var h = PerceptualHash.Of(a);
        var v1 = new CompareIndexEntry("a.png", 320, 240, 0, h.PHash.ToString("x16", System.Globalization.CultureInfo.InvariantCulture), h.DHash.ToString("x16", System.Globalization.CultureInfo.InvariantCulture));
        var path = System.IO.Path.Combine(_dir, "v1.json");
        new CompareIndex(CompareIndex.FormatV1, _dir, [v1]).Save(path);
        var index = CompareIndex.Load(path);
        Assert.Null(index.Entries[0].Keys);
        var ranked = SourceSearch.Rank(index, h, h, KeypointSignature.Of(a), null).Ranked;
        Assert.Equal(0, ranked[0].Votes);
        Assert.Equal(0, ranked[0].Distance);
    }

    [Fact]
    public void Search_says_no_match_when_the_archive_lacks_the_picture()
    {
        var files = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            var f = Path.Combine(_dir, $"q{i}.png");
            File.WriteAllBytes(f, ImageEncoder.Png(Scenes.DeadLeaves(320, 240, 200 + i)));
            files.Add(f);
        }

        var result = new SourceSearch(new ImageComparer(), verify: 4).Find(new CompareInput(Scenes.DeadLeaves(320, 240, 999), "s"), CompareIndex.Build(_dir, files));
        Assert.Null(result.Best);
        Assert.DoesNotContain(result.Candidates, c => c.SamePicture);
    }

    [Fact]
    public void Loading_a_file_that_is_not_an_index_fails_clearly()
    {
        var path = Path.Combine(_dir, "x.json");
        File.WriteAllText(path, "{\"hello\": 1}");
        var e = Assert.Throws<InvalidDataException>(() => CompareIndex.Load(path));
        Assert.Contains("not a FakeLens compare index", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Html_page_is_self_contained_with_slider_and_overlay()
    {
        var original = Scenes.DeadLeaves(320, 240, 5);
        var pair = new ComparePairMaker(2).Make(original, "splice", Scenes.DeadLeaves(320, 240, 6));
        var html = CompareHtmlWriter.Write(new ImageComparer().Compare(pair.Suspect, pair.Original));
        Assert.Contains("type=\"range\"", html, StringComparison.Ordinal);
        Assert.Contains("id=\"overlay\"", html, StringComparison.Ordinal);
        Assert.Contains("<rect ", html, StringComparison.Ordinal);
        Assert.Contains("<div class=\"pair\">", html, StringComparison.Ordinal);
        Assert.Contains("<figcaption>original (aligned)</figcaption>", html, StringComparison.Ordinal);
        Assert.Contains("<figcaption>suspect</figcaption>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("src=\"http", html, StringComparison.Ordinal);
    }
}
