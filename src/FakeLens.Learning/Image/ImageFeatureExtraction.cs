using FakeLens.Core.Detection;
using FakeLens.Core.Randomness;
using FakeLens.Imaging.Decoding;
using FakeLens.Imaging.Features;

namespace FakeLens.Learning.Image;

/// <summary>
/// Builds <see cref="PatchFeatureTable"/>s: training rows (random, augmented patches per image, optional
/// pseudo-fakes from real photos) and evaluation rows (the deterministic patch grid scan uses, after an
/// optional perturbation of the whole image). Every image gets its own random stream seeded from the run's
/// seed and its index, so the result does not depend on thread scheduling.
/// </summary>
public static class ImageFeatureExtraction
{
    public static PatchFeatureTable Training(
        IReadOnlyList<ImageSample> samples,
        ImagePatchFeatures extractor,
        PatchAugmentation augmentation,
        int patchesPerImage,
        int pseudoFakesPerRealImage,
        int seed,
        int parallelism,
        Action<string>? progress,
        CancellationToken cancellationToken,
        PatchFeatureCache? cache = null)
    {
        ArgumentNullException.ThrowIfNull(samples);
        ArgumentNullException.ThrowIfNull(extractor);
        ArgumentNullException.ThrowIfNull(augmentation);
        var work = FormattableString.Invariant($"train|{seed}|{patchesPerImage}|{pseudoFakesPerRealImage}|{augmentation}");
        return Run(samples, extractor, parallelism, progress, cancellationToken, cache, i => work + "|" + samples[i].StreamAt(i).ToString(System.Globalization.CultureInfo.InvariantCulture) + "|" + samples[i].IsFake, null, (ext, index, image, sink) =>
        {
            var random = new Random(StreamSeeds.For(seed, samples[index].StreamAt(index)));
            var side = PatchLayout.SideFor(image.Width, image.Height);
            if (side == 0)
            {
                throw new MediaException($"{image.Width}×{image.Height} is too small for a {PatchLayout.MinSide} px patch.");
            }

            for (var p = 0; p < patchesPerImage; p++)
            {
                var patch = augmentation.Compress(augmentation.Crop(image, side, random), random);
                sink(ext.Extract(patch, new PatchRect(0, 0, side)), samples[index].IsFake, false);
            }

            if (!samples[index].IsFake && side >= 64)
            {
                for (var p = 0; p < pseudoFakesPerRealImage; p++)
                {
                    var crop = augmentation.Crop(image, side, random);
                    var fake = augmentation.Compress(PseudoFakes.Upsample(crop, random), random);
                    sink(ext.Extract(fake, new PatchRect(0, 0, PatchLayout.SideFor(fake.Width, fake.Height))), true, true);
                }
            }
        });
    }

    /// <param name="include">When given, only these images get rows (the others none, and no failure): a subsample for costly per-format evaluations.</param>
    public static PatchFeatureTable Grid(
        IReadOnlyList<ImageSample> samples,
        ImagePatchFeatures extractor,
        ImagePerturbation perturbation,
        int maxPatches,
        int parallelism,
        Action<string>? progress,
        CancellationToken cancellationToken,
        PatchFeatureCache? cache = null,
        Func<int, bool>? include = null)
    {
        ArgumentNullException.ThrowIfNull(samples);
        ArgumentNullException.ThrowIfNull(extractor);
        ArgumentNullException.ThrowIfNull(perturbation);
        var work = FormattableString.Invariant($"grid|{perturbation}|{maxPatches}");
        return Run(samples, extractor, parallelism, progress, cancellationToken, cache, i => work + "|" + samples[i].IsFake, include, (ext, index, image, sink) =>
        {
            var perturbed = perturbation.Apply(image);
            var (patches, _, _) = PatchLayout.Grid(perturbed.Width, perturbed.Height, maxPatches);
            if (patches.Length == 0)
            {
                throw new MediaException($"{perturbed.Width}×{perturbed.Height} is too small for a {PatchLayout.MinSide} px patch.");
            }

            foreach (var rect in patches)
            {
                sink(ext.Extract(perturbed, rect), samples[index].IsFake, false);
            }
        });
    }

    private static PatchFeatureTable Run(
        IReadOnlyList<ImageSample> samples,
        ImagePatchFeatures extractor,
        int parallelism,
        Action<string>? progress,
        CancellationToken cancellationToken,
        PatchFeatureCache? cache,
        Func<int, string> describe,
        Func<int, bool>? include,
        Action<ImagePatchFeatures, int, RgbImage, Action<float[], bool, bool>> work)
    {
        var parts = CacheParts(extractor, cache);
        var perImage = new List<(float[] Row, bool Label, bool Pseudo)>[samples.Count];
        var failures = new string?[samples.Count];
        var done = 0;
        Parallel.For(0, samples.Count, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, parallelism), CancellationToken = cancellationToken }, i =>
        {
            var list = new List<(float[] Row, bool Label, bool Pseudo)>();
            if (include is not null && !include(i))
            {
                perImage[i] = list;
                return;
            }

            try
            {
                list = cache is null ? Compute(extractor, i) : Cached(cache, i);
            }
            catch (Exception e) when (e is MediaException or IOException or InvalidOperationException or UnauthorizedAccessException)
            {
                failures[i] = $"{samples[i].Path}: {e.Message}";
                list.Clear();
            }

            perImage[i] = list;
            var n = Interlocked.Increment(ref done);
            if (progress is not null && (n % 50 == 0 || n == samples.Count))
            {
                progress($"features: {n}/{samples.Count} images");
            }
        });

        List<(float[] Row, bool Label, bool Pseudo)> Compute(ImagePatchFeatures ext, int i)
        {
            var list = new List<(float[] Row, bool Label, bool Pseudo)>();
            var image = ImageOps.Load(samples[i].Path);
            work(ext, i, image, (row, label, pseudo) => list.Add((row, label, pseudo)));
            return list;
        }

        // Each part of the feature set has its own cache entry, keyed by that part's names, so a family added to a
        // cached set (issue 13 round 13: resnet-npr beside v10's 1,580 features) computes only its own columns and
        // finds the others under the keys they always had. Only the missing parts are computed (one pass over the
        // image's patches); the augmentation draws the same patches whatever the extractor, so parts join row by row.
        List<(float[] Row, bool Label, bool Pseudo)> Cached(PatchFeatureCache store, int i)
        {
            var found = new List<(float[] Row, bool Label, bool Pseudo)>?[parts.Count];
            var keys = new string[parts.Count];
            var missing = ImageFeatureFamilies.None;
            for (var k = 0; k < parts.Count; k++)
            {
                keys[k] = store.Key(samples[i].Path, parts[k].Names, describe(i));
                if (store.TryRead(keys[k], parts[k].Count, out var rows))
                {
                    found[k] = rows;
                }
                else
                {
                    missing |= parts[k].Families;
                }
            }

            if (missing != ImageFeatureFamilies.None)
            {
                var missingParts = Enumerable.Range(0, parts.Count).Where(k => found[k] is null).ToList();
                var ext = missingParts.Count == parts.Count ? extractor : missingParts.Count == 1 ? parts[missingParts[0]] : new ImagePatchFeatures(missing);
                var computed = Compute(ext, i);
                var column = 0;
                foreach (var k in missingParts)
                {
                    var width = parts[k].Count;
                    var start = column;
                    found[k] = missingParts.Count == 1 ? computed : computed.Select(r => (r.Row[start..(start + width)], r.Label, r.Pseudo)).ToList();
                    column += width;
                    try
                    {
                        store.Write(keys[k], width, found[k]!);
                    }
                    catch (IOException e)
                    {
                        progress?.Invoke($"feature cache not written for {samples[i].Path}: {e.Message}");
                    }
                }
            }

            if (parts.Count == 1)
            {
                return found[0]!;
            }

            var first = found[0]!;
            var joined = new List<(float[] Row, bool Label, bool Pseudo)>(first.Count);
            for (var r = 0; r < first.Count; r++)
            {
                var row = new float[extractor.Count];
                var o = 0;
                for (var k = 0; k < parts.Count; k++)
                {
                    var part = found[k]!;
                    if (part.Count != first.Count || part[r].Label != first[r].Label || part[r].Pseudo != first[r].Pseudo)
                    {
                        throw new InvalidOperationException($"cached feature parts disagree ({part.Count} against {first.Count} patches); clear the feature cache");
                    }

                    part[r].Row.CopyTo(row, o);
                    o += part[r].Row.Length;
                }

                joined.Add((row, first[r].Label, first[r].Pseudo));
            }

            return joined;
        }

        var rows = new List<float[]>();
        var imageOf = new List<int>();
        var labels = new List<bool>();
        var pseudoFlags = new List<bool>();
        for (var i = 0; i < samples.Count; i++)
        {
            foreach (var (row, label, pseudo) in perImage[i])
            {
                rows.Add(row);
                imageOf.Add(i);
                labels.Add(label);
                pseudoFlags.Add(pseudo);
            }
        }

        return new PatchFeatureTable(samples, extractor.Names, rows, imageOf, labels, pseudoFlags, failures.Where(f => f is not null).Select(f => f!).ToList());
    }

    /// <summary>
    /// The parts of <paramref name="extractor"/>'s feature set that are cached separately, in column order: the
    /// residual network block (<see cref="ImageFeatureFamilies.ResNetNpr"/>, the last columns) apart from the rest, so
    /// the rest keeps the cache key it had before the block existed; otherwise the whole set as one part.
    /// </summary>
    internal static IReadOnlyList<ImagePatchFeatures> CacheParts(ImagePatchFeatures extractor, PatchFeatureCache? cache)
    {
        const ImageFeatureFamilies block = ImageFeatureFamilies.ResNetNpr;
        if (cache is null || !extractor.Families.HasFlag(block) || extractor.Families == block)
        {
            return [extractor];
        }

        ImagePatchFeatures[] parts = [new(extractor.Families & ~block), new(block)];
        if (!parts.SelectMany(p => p.Names).SequenceEqual(extractor.Names, StringComparer.Ordinal))
        {
            throw new InvalidOperationException("the residual block's columns are not the last of the feature set");
        }

        return parts;
    }
}
