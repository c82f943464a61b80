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
        return Run(samples, extractor, parallelism, progress, cancellationToken, cache, i => work + "|" + samples[i].StreamAt(i).ToString(System.Globalization.CultureInfo.InvariantCulture) + "|" + samples[i].IsFake, null, (index, image, sink) =>
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
                sink(extractor.Extract(patch, new PatchRect(0, 0, side)), samples[index].IsFake, false);
            }

            if (!samples[index].IsFake && side >= 64)
            {
                for (var p = 0; p < pseudoFakesPerRealImage; p++)
                {
                    var crop = augmentation.Crop(image, side, random);
                    var fake = augmentation.Compress(PseudoFakes.Upsample(crop, random), random);
                    sink(extractor.Extract(fake, new PatchRect(0, 0, PatchLayout.SideFor(fake.Width, fake.Height))), true, true);
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
        return Run(samples, extractor, parallelism, progress, cancellationToken, cache, i => work + "|" + samples[i].IsFake, include, (index, image, sink) =>
        {
            var perturbed = perturbation.Apply(image);
            var (patches, _, _) = PatchLayout.Grid(perturbed.Width, perturbed.Height, maxPatches);
            if (patches.Length == 0)
            {
                throw new MediaException($"{perturbed.Width}×{perturbed.Height} is too small for a {PatchLayout.MinSide} px patch.");
            }

            foreach (var rect in patches)
            {
                sink(extractor.Extract(perturbed, rect), samples[index].IsFake, false);
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
        Action<int, RgbImage, Action<float[], bool, bool>> work)
    {
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

            var key = cache?.Key(samples[i].Path, extractor.Names, describe(i));
            try
            {
                if (cache is null || key is null || !cache.TryRead(key, extractor.Count, out list))
                {
                    list = [];
                    var image = ImageOps.Load(samples[i].Path);
                    work(i, image, (row, label, pseudo) => list.Add((row, label, pseudo)));
                    if (cache is not null && key is not null)
                    {
                        try
                        {
                            cache.Write(key, extractor.Count, list);
                        }
                        catch (IOException e)
                        {
                            progress?.Invoke($"feature cache not written for {samples[i].Path}: {e.Message}");
                        }
                    }
                }
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
}
