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
}
