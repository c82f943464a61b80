using FakeLens.Imaging.Features;
using FakeLens.Learning.Image;

namespace FakeLens.Learning.Tests.Image;

public sealed class PatchFeatureCacheTests : IDisposable
{
    private readonly SyntheticImageSet _set = new(perFolder: 3, size: 128);

    public void Dispose() => _set.Dispose();

    [Fact]
    public void Cached_rows_equal_freshly_computed_rows_and_a_changed_file_is_recomputed()
    {
        var samples = _set.Samples();
        var extractor = new ImagePatchFeatures(ImageFeatureFamilies.Colour | ImageFeatureFamilies.Noise);
        var cache = new PatchFeatureCache(Path.Combine(_set.Root, "cache"));
        var fresh = ImageFeatureExtraction.Training(samples, extractor, PatchAugmentation.Default, 2, 0, 7, 1, null, CancellationToken.None);
        var first = ImageFeatureExtraction.Training(samples, extractor, PatchAugmentation.Default, 2, 0, 7, 1, null, CancellationToken.None, cache);
        Assert.Equal(samples.Count, Directory.EnumerateFiles(cache.Folder, "*.bin", SearchOption.AllDirectories).Count());
        var second = ImageFeatureExtraction.Training(samples, extractor, PatchAugmentation.Default, 2, 0, 7, 1, null, CancellationToken.None, cache);
        Assert.Equal(fresh.Rows.Count, second.Rows.Count);
        for (var i = 0; i < fresh.Rows.Count; i++)
        {
            Assert.Equal(fresh.Rows[i], first.Rows[i]);
            Assert.Equal(fresh.Rows[i], second.Rows[i]);
            Assert.Equal(fresh.Labels[i], second.Labels[i]);
        }

        // Leaving a folder out (ImageDataset.Collect's exclusions) changes no other image's crops or cache entries.
        var withoutFirstReal = samples.Select((s, i) => s with { Stream = i }).Where((_, i) => i != 0).ToList();
        var excluded = ImageFeatureExtraction.Training(withoutFirstReal, extractor, PatchAugmentation.Default, 2, 0, 7, 1, null, CancellationToken.None, cache);
        Assert.Equal(samples.Count, Directory.EnumerateFiles(cache.Folder, "*.bin", SearchOption.AllDirectories).Count());
        Assert.Equal(fresh.Rows.Skip(2), excluded.Rows);

        // Other work (another seed, the evaluation grid) or another file content gives another key.
        var key = cache.Key(samples[0].Path, extractor.Names, "train|7");
        Assert.NotEqual(key, cache.Key(samples[0].Path, extractor.Names, "train|8"));
        Assert.NotEqual(key, cache.Key(samples[0].Path, new ImagePatchFeatures(ImageFeatureFamilies.Colour).Names, "train|7"));
        File.AppendAllText(samples[0].Path, "x");
        Assert.NotEqual(key, cache.Key(samples[0].Path, extractor.Names, "train|7"));
    }

    /// <summary>
    /// Issue 13 round 13: the residual network block is cached apart from the rest of the feature set, so adding it to a
    /// cached set (v10's) reads the rest under the key it always had and computes only the block. Rows equal a fresh
    /// extraction, the rest's entries are the ones an extractor without the block reads and writes, and a rest entry that
    /// is there is read, not recomputed (a marked entry shows in the joined rows).
    /// </summary>
    [Fact]
    public void The_residual_block_is_cached_apart_so_the_rest_keeps_its_key()
    {
        var samples = _set.Samples();
        const ImageFeatureFamilies rest = ImageFeatureFamilies.Colour | ImageFeatureFamilies.Noise;
        var withBlock = new ImagePatchFeatures(rest | ImageFeatureFamilies.ResNetNpr);
        var without = new ImagePatchFeatures(rest);
        var cache = new PatchFeatureCache(Path.Combine(_set.Root, "cache-block"));
        int Entries() => Directory.EnumerateFiles(cache.Folder, "*.bin", SearchOption.AllDirectories).Count();

        Assert.Single(ImageFeatureExtraction.CacheParts(withBlock, null));
        Assert.Single(ImageFeatureExtraction.CacheParts(without, cache));
        var parts = ImageFeatureExtraction.CacheParts(withBlock, cache);
        Assert.Equal([rest, ImageFeatureFamilies.ResNetNpr], parts.Select(p => p.Families));

        var fresh = ImageFeatureExtraction.Training(samples, withBlock, PatchAugmentation.Default, 2, 0, 7, 1, null, CancellationToken.None);
        var restOnly = ImageFeatureExtraction.Training(samples, without, PatchAugmentation.Default, 2, 0, 7, 1, null, CancellationToken.None, cache);
        Assert.Equal(samples.Count, Entries());

        // The block joins the cached rest: one new entry per image (the block's), rows as fresh ones.
        var joined = ImageFeatureExtraction.Training(samples, withBlock, PatchAugmentation.Default, 2, 0, 7, 1, null, CancellationToken.None, cache);
        Assert.Equal(2 * samples.Count, Entries());
        Assert.Equal(fresh.Names, joined.Names);
        Assert.Equal(fresh.Rows.Count, joined.Rows.Count);
        for (var i = 0; i < fresh.Rows.Count; i++)
        {
            Assert.Equal(fresh.Rows[i], joined.Rows[i]);
            Assert.Equal(restOnly.Rows[i], joined.Rows[i][..without.Count]);
            Assert.Equal(fresh.Labels[i], joined.Labels[i]);
        }

        // Read again: nothing new is written, the same rows come back.
        var again = ImageFeatureExtraction.Training(samples, withBlock, PatchAugmentation.Default, 2, 0, 7, 1, null, CancellationToken.None, cache);
        Assert.Equal(2 * samples.Count, Entries());
        Assert.Equal(fresh.Rows, again.Rows);

        // The rest's entry of the first image, marked, is what the joined rows carry: it was read, not recomputed.
        var work = FormattableString.Invariant($"train|7|2|0|{PatchAugmentation.Default}|0|{samples[0].IsFake}");
        var key = cache.Key(samples[0].Path, without.Names, work);
        Assert.True(cache.TryRead(key, without.Count, out var cached));
        cache.Write(key, without.Count, cached.Select(r => (Enumerable.Repeat(42f, without.Count).ToArray(), r.Label, r.Pseudo)).ToList());
        var marked = ImageFeatureExtraction.Training(samples, withBlock, PatchAugmentation.Default, 2, 0, 7, 1, null, CancellationToken.None, cache);
        Assert.All(marked.Rows[0][..without.Count], v => Assert.Equal(42f, v));
        Assert.Equal(fresh.Rows[0][without.Count..], marked.Rows[0][without.Count..]);
        Assert.Equal(fresh.Rows[^1], marked.Rows[^1]);
    }
}
