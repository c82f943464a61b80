using System.Globalization;
using System.Text;
using FakeLens.Imaging.Decoding;

namespace FakeLens.Faces.Blend;

/// <summary>One measured face: its source group, file, whether it is a self-blended copy, and its features.</summary>
public sealed record BlendSample(string Group, string Path, int Face, bool Blended, float[] Features);

/// <summary>
/// Builds the self-blended training set from folders of REAL images (first sub-folder = source group) and evaluates
/// the classifier with whole groups held out. Images are reduced to at most 1600 px on the long side; each face (at most 3 per image, at least 64 px) is cut out with a
/// margin (a square 2.4× the face), then both the real crop and its self-blended copies are re-encoded alike
/// (<see cref="BlendCodec"/>), faces are found again on the re-encoded crop and measured, exactly as at scan time.
/// </summary>
public static class FaceBlendTraining
{
    public const int MaxFacesPerImage = 3;
    public const int MinFaceSize = 64;
    public const int MaxLongSide = 1600;

    public static List<BlendSample> Build(string root, FaceEngine engine, int blendsPerFace, BlendCodec codec, int seed, int maxImagesPerGroup, Action<string> log, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(log);
        var samples = new List<BlendSample>();
        var rng = new Random(seed);
        foreach (var groupDir in Directory.GetDirectories(root).Order(StringComparer.Ordinal))
        {
            var group = Path.GetFileName(groupDir);
            var files = Directory.GetFiles(groupDir).Where(IsImage).Order(StringComparer.Ordinal).ToList();
            if (files.Count > maxImagesPerGroup)
            {
                // Spread evenly over the group (frames of one clip are ordered in time).
                files = Enumerable.Range(0, maxImagesPerGroup).Select(i => files[i * files.Count / maxImagesPerGroup]).ToList();
            }

            int faces = 0, misses = 0;
            foreach (var file in files)
            {
                ct.ThrowIfCancellationRequested();
                RgbImage image;
                try
                {
                    image = ImageDecoder.Decode(File.ReadAllBytes(file), 60_000_000).Image;
                    if (Math.Max(image.Width, image.Height) > MaxLongSide)
                    {
                        // Large photos are reduced first (both classes come from the reduced image): faces stay ≥ 64 px
                        // in all but crowd shots, and the tiled face search stays affordable.
                        var f = MaxLongSide / (double)Math.Max(image.Width, image.Height);
                        image = ImageResizer.Resize(image, Math.Max(1, (int)Math.Round(image.Width * f)), Math.Max(1, (int)Math.Round(image.Height * f)));
                    }
                }
                catch (Exception e) when (e is InvalidDataException or NotSupportedException or ArgumentException or InvalidOperationException)
                {
                    log($"skipped {file}: {e.Message}");
                    continue;
                }

                var found = engine.Find(image, tiles: true, ct).Where(f => Math.Max(f.Mesh.Bounds().Width, f.Mesh.Bounds().Height) >= MinFaceSize).Take(MaxFacesPerImage).ToList();
                for (var k = 0; k < found.Count; k++)
                {
                    var crop = Crop(image, found[k]);
                    var original = engine.Find(crop, tiles: false, ct).FirstOrDefault();
                    if (original is null)
                    {
                        continue;
                    }

                    faces++;
                    var real = Measure(engine, BlendRecode.Apply(crop, codec), ct);
                    if (real is not null)
                    {
                        samples.Add(new BlendSample(group, file, k, false, real));
                    }
                    else
                    {
                        misses++;
                    }

                    for (var b = 0; b < blendsPerFace; b++)
                    {
                        var (blended, _) = SelfBlender.Blend(crop, original.Mesh, rng);
                        var fake = Measure(engine, BlendRecode.Apply(blended, codec), ct);
                        if (fake is not null)
                        {
                            samples.Add(new BlendSample(group, file, k, true, fake));
                        }
                        else
                        {
                            misses++;
                        }
                    }
                }
            }

            log($"{group}: {files.Count} images, {faces} faces, {misses} re-detections missed");
        }

        return samples;
    }

    /// <summary>A square around the face, 2.4× its size, clamped to the image.</summary>
    public static RgbImage Crop(RgbImage image, FaceObservation face)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(face);
        var (bx, by, bw, bh) = face.Mesh.Bounds();
        var side = (int)Math.Round(2.4 * Math.Max(bw, bh));
        var cx = bx + (bw / 2);
        var cy = by + (bh / 2);
        var x0 = Math.Clamp((int)Math.Round(cx - (side / 2.0)), 0, image.Width - 1);
        var y0 = Math.Clamp((int)Math.Round(cy - (side / 2.0)), 0, image.Height - 1);
        var w = Math.Min(side, image.Width - x0) & ~1;
        var h = Math.Min(side, image.Height - y0) & ~1;
        var pixels = new byte[w * h * 3];
        for (var y = 0; y < h; y++)
        {
            Buffer.BlockCopy(image.Pixels, (((y0 + y) * image.Width) + x0) * 3, pixels, y * w * 3, w * 3);
        }

        return new RgbImage(w, h, pixels);
    }

    private static float[]? Measure(FaceEngine engine, RgbImage image, CancellationToken ct)
    {
        var face = engine.Find(image, tiles: false, ct).FirstOrDefault();
        return face is null ? null : FaceBlendFeatures.Measure(image, face.Mesh)?.Features;
    }

    private static bool IsImage(string path) => Path.GetExtension(path).ToLowerInvariant() is ".jpg" or ".jpeg" or ".png" or ".webp" or ".bmp";

    /// <summary>Leave-one-group-out: each group's faces scored by a model trained on the other groups.</summary>
    public static double[] LeaveOneGroupOut(IReadOnlyList<BlendSample> samples, int hidden, double l2, int epochs, int seed, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(samples);
        var scores = new double[samples.Count];
        foreach (var group in samples.Select(s => s.Group).Distinct())
        {
            ct.ThrowIfCancellationRequested();
            var train = samples.Where(s => s.Group != group).ToList();
            var model = FaceBlendModel.Train(train.Select(s => s.Features).ToList(), train.Select(s => s.Blended ? 1 : 0).ToList(), hidden, l2, epochs, seed);
            for (var i = 0; i < samples.Count; i++)
            {
                if (samples[i].Group == group)
                {
                    scores[i] = model.Score(samples[i].Features);
                }
            }
        }

        return scores;
    }

    /// <summary>Area under the ROC curve (ties count half); NaN when a class is missing.</summary>
    public static double Auc(IReadOnlyList<double> scores, IReadOnlyList<bool> positive)
    {
        ArgumentNullException.ThrowIfNull(scores);
        ArgumentNullException.ThrowIfNull(positive);
        var pos = scores.Where((_, i) => positive[i]).ToList();
        var neg = scores.Where((_, i) => !positive[i]).ToList();
        if (pos.Count == 0 || neg.Count == 0)
        {
            return double.NaN;
        }

        double wins = 0;
        foreach (var p in pos)
        {
            foreach (var n in neg)
            {
                wins += p > n ? 1 : p == n ? 0.5 : 0;
            }
        }

        return wins / (pos.Count * (double)neg.Count);
    }

    /// <summary>The score that at most <paramref name="fpr"/> of the real faces exceed.</summary>
    public static double ThresholdAt(IReadOnlyList<double> realScores, double fpr)
    {
        ArgumentNullException.ThrowIfNull(realScores);
        if (realScores.Count == 0)
        {
            return 0.5;
        }

        var sorted = realScores.Order().ToArray();
        var index = Math.Clamp((int)Math.Ceiling((1 - fpr) * sorted.Length) - 1, 0, sorted.Length - 1);
        return sorted[index];
    }

    /// <summary>Per-group table: faces, AUC, share of real and blended faces above the threshold.</summary>
    public static string Table(IReadOnlyList<BlendSample> samples, IReadOnlyList<double> scores, double threshold)
    {
        ArgumentNullException.ThrowIfNull(samples);
        ArgumentNullException.ThrowIfNull(scores);
        var inv = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        sb.AppendLine(inv, $"{"group (held out)",-36} {"real",5} {"blend",5} {"AUC",6} {"real>thr",8} {"blend>thr",9}");
        foreach (var g in samples.Select(s => s.Group).Distinct().Append("(all, pooled)"))
        {
            var idx = Enumerable.Range(0, samples.Count).Where(i => g == "(all, pooled)" || samples[i].Group == g).ToList();
            var real = idx.Where(i => !samples[i].Blended).ToList();
            var fake = idx.Where(i => samples[i].Blended).ToList();
            var auc = Auc(idx.Select(i => scores[i]).ToList(), idx.Select(i => samples[i].Blended).ToList());
            double Share(List<int> l) => l.Count == 0 ? double.NaN : l.Count(i => scores[i] > threshold) / (double)l.Count;
            sb.AppendLine(inv, $"{g,-36} {real.Count,5} {fake.Count,5} {auc,6:0.000} {Share(real),8:0.000} {Share(fake),9:0.000}");
        }

        return sb.ToString();
    }
}
