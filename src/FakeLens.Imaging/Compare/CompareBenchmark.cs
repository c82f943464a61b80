using System.Diagnostics;
using FakeLens.Imaging.Decoding;

namespace FakeLens.Imaging.Compare;

/// <summary>
/// <c>fakelens bench compare</c>: for every photo and operation a generated pair (<see cref="ComparePairMaker"/>,
/// suspect saved last as JPEG 75), compared and scored against the known parameter with these tolerances:
/// crop kept-area ± 0.03, scale ± 2 %, rotation ± 0.5°, mirror/flip told apart, recompression quality exact and
/// no false region, brightness ± 3 levels, border width ± 2 px, local edits pixel F1 ≥ 0.8; unrelated photo pairs
/// must be refused; "earlier" must name the original where a cue exists (crop, downscale, border).
/// Search speed: hash ranking over an index padded with random hashes, and top-1 retrieval of each photo's
/// scaled-and-recompressed suspect among the photos.
/// </summary>
public static class CompareBenchmark
{
    public static IReadOnlyList<CompareBenchRow> Run(IReadOnlyList<RgbImage> photos, int seed, Action<string>? progress = null, CancellationToken ct = default)
        => Run(photos, seed, ComparePairMaker.Operations, progress, ct);

    /// <summary>Only the named <paramref name="operations"/> (plus "earlier" and "unrelated" when all are run); <paramref name="progress"/> gets one line per pair.</summary>
    public static IReadOnlyList<CompareBenchRow> Run(IReadOnlyList<RgbImage> photos, int seed, IReadOnlyCollection<string> operations, Action<string>? progress = null, CancellationToken ct = default, CompareOptions? options = null, IFaceLocator? faces = null, Action<ComparePair, ComparisonResult>? inspect = null, bool bothOrders = false)
    {
        ArgumentNullException.ThrowIfNull(photos);
        ArgumentNullException.ThrowIfNull(operations);
        var comparer = new ImageComparer(options, faces);
        var rows = new List<CompareBenchRow>();
        var earlierOk = 0;
        var earlierN = 0;
        foreach (var op in ComparePairMaker.Operations.Where(operations.Contains))
        {
            int ok = 0, n = 0, okR = 0;
            double f1Sum = 0, seconds = 0, f1SumR = 0, secondsR = 0;
            var reverse = bothOrders && op is "splice" or "removal";
            for (var i = 0; i < photos.Count; i++)
            {
                ct.ThrowIfCancellationRequested();
                var maker = new ComparePairMaker(seed + (i * 31) + op.Length);
                var pair = maker.Make(photos[i], op, photos[(i + 1) % photos.Count], "photo" + i);
                var sw = Stopwatch.StartNew();
                var r = comparer.Compare(pair.Suspect, pair.Original, ct);
                seconds += sw.Elapsed.TotalSeconds;
                var (good, f1) = Score(pair, r);
                inspect?.Invoke(pair, r);
                if (reverse)
                {
                    // The other order: the untouched file as the suspect, the edited JPEG as the original (same frame, same mask).
                    sw.Restart();
                    var back = comparer.Compare(pair.Original, pair.Suspect, ct);
                    secondsR += sw.Elapsed.TotalSeconds;
                    var f1R = back.Map is { } mapR ? F1(pair.Mask!, mapR, pair.Original.Image.Width, pair.Original.Image.Height) : 0;
                    okR += f1R >= 0.8 ? 1 : 0;
                    f1SumR += f1R;
                    progress?.Invoke(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{op} (reversed) photo{i}: {(f1R >= 0.8 ? "ok" : "MISSED")} F1 {f1R:0.000}"));
                }

                ok += good ? 1 : 0;
                f1Sum += f1;
                n++;
                var pr = pair.Mask is { } truth && r.Map is { } map ? PrecisionRecall(truth, map, pair.Suspect.Image.Width, pair.Suspect.Image.Height) : default;
                progress?.Invoke(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{op} photo{i}: {(good ? "ok" : "MISSED")} F1 {f1:0.000}{(pair.Mask is null ? "" : $" (precision {pr.Precision:0.000}, recall {pr.Recall:0.000})")}"));
                if (r.Related && (op is "crop" or "border" || (op == "scale" && pair.Expected < 0.9)))
                {
                    earlierN++;
                    earlierOk += r.Earlier?.Earlier == "original" ? 1 : 0;
                }
            }

            rows.Add(new CompareBenchRow(op, n, ok, op is "splice" or "removal" ? f1Sum / Math.Max(1, n) : double.NaN, seconds / Math.Max(1, n)));
            if (reverse)
            {
                rows.Add(new CompareBenchRow(op + " (rev)", n, okR, f1SumR / Math.Max(1, n), secondsR / Math.Max(1, n)));
            }
        }

        if (!ComparePairMaker.Operations.All(operations.Contains))
        {
            return rows;
        }

        rows.Add(new CompareBenchRow("earlier", earlierN, earlierOk, double.NaN, double.NaN));
        int refused = 0, un = 0;
        var sw2 = Stopwatch.StartNew();
        for (var i = 0; i + 1 < photos.Count; i += 2)
        {
            var r = comparer.Compare(new CompareInput(photos[i], "a"), new CompareInput(photos[i + 1], "b"), ct);
            refused += r.Related ? 0 : 1;
            un++;
        }

        rows.Add(new CompareBenchRow("unrelated", un, refused, double.NaN, sw2.Elapsed.TotalSeconds / Math.Max(1, un)));
        return rows;
    }

    /// <summary>Recovered within tolerance, and pixel F1 for local edits (0 otherwise).</summary>
    public static (bool Recovered, double F1) Score(ComparePair pair, ComparisonResult r)
    {
        ArgumentNullException.ThrowIfNull(pair);
        ArgumentNullException.ThrowIfNull(r);
        if (!r.Related || r.Geometry is not { } g)
        {
            return (false, 0);
        }

        GlobalOperation? Op(string kind) => r.Operations.FirstOrDefault(o => o.Kind == kind);
        switch (pair.Operation)
        {
            case "crop":
                return (Op("crop") is { } c && Math.Abs(c.Parameters["kept"] - pair.Expected) <= 0.03, 0);
            case "scale":
                return (Math.Abs((g.Scale / pair.Expected) - 1) <= 0.02, 0);
            case "rotation":
                return (Math.Abs(g.RotationDegrees - pair.Expected) <= 0.5, 0);
            case "mirror":
                return (Op("mirror") is not null && Op("flip") is null, 0);
            case "flip":
                return (Op("flip") is not null && Op("mirror") is null, 0);
            case "recompression":
                return (Op("recompression") is { } q && (int)q.Parameters["suspectQuality"] == (int)pair.Expected && r.Regions.Count == 0, 0);
            case "tone":
                return (Op("tone") is { } t && Math.Abs(t.Parameters["brightness"] - pair.Expected) <= 3, 0);
            case "border":
                return (Op("border") is { } b && Math.Abs(b.Parameters["left"] - pair.Expected) <= 2, 0);
            default:
                {
                    var f1 = F1(pair.Mask!, r.Map!, pair.Suspect.Image.Width, pair.Suspect.Image.Height);
                    return (f1 >= 0.8, f1);
                }
        }
    }

    /// <summary>Pixel F1 of the change mask against the truth, the truth sampled at map resolution.</summary>
    public static double F1(byte[] truth, ChangeMap map, int width, int height)
    {
        var (tp, fp, fn) = Confusion(truth, map, width, height);
        return tp == 0 ? 0 : 2.0 * tp / ((2.0 * tp) + fp + fn);
    }

    /// <summary>
    /// A picture for studying a local-edit pair: the aligned original, the suspect, and the suspect with the truth
    /// (green) and the change map's mask (red; yellow where both) blended in, side by side at map resolution.
    /// </summary>
    public static RgbImage? Inspection(ComparePair pair, ComparisonResult r)
    {
        ArgumentNullException.ThrowIfNull(pair);
        ArgumentNullException.ThrowIfNull(r);
        if (pair.Mask is not { } truth || r.Map is not { } map || r.SuspectView is not { } sv || r.AlignedOriginal is not { } ao)
        {
            return null;
        }

        int w = map.Width, h = map.Height, width = pair.Suspect.Image.Width, height = pair.Suspect.Image.Height;
        var px = new byte[w * 3 * h * 3];
        for (var y = 0; y < h; y++)
        {
            var ty = Math.Min(height - 1, (int)((y + 0.5) * height / h));
            for (var x = 0; x < w; x++)
            {
                var tx = Math.Min(width - 1, (int)((x + 0.5) * width / w));
                var i = (y * w) + x;
                var t = truth[(ty * width) + tx] != 0;
                var f = map.Mask[i] != 0;
                for (var c = 0; c < 3; c++)
                {
                    var row = y * w * 3 * 3;
                    px[row + (x * 3) + c] = ao.Pixels[(i * 3) + c];
                    px[row + ((w + x) * 3) + c] = sv.Pixels[(i * 3) + c];
                    var tint = c == 0 ? (f ? 255 : 0) : c == 1 ? (t ? 255 : 0) : 0;
                    px[row + (((2 * w) + x) * 3) + c] = (byte)(t || f ? (sv.Pixels[(i * 3) + c] + tint) / 2 : sv.Pixels[(i * 3) + c]);
                }
            }
        }

        return new RgbImage(w * 3, h, px);
    }

    /// <summary>Pixel precision and recall of the change mask (what the F1 is made of; printed with <c>--per-pair</c>).</summary>
    public static (double Precision, double Recall) PrecisionRecall(byte[] truth, ChangeMap map, int width, int height)
    {
        var (tp, fp, fn) = Confusion(truth, map, width, height);
        return (tp + fp == 0 ? 0 : tp / (double)(tp + fp), tp + fn == 0 ? 0 : tp / (double)(tp + fn));
    }

    private static (long Tp, long Fp, long Fn) Confusion(byte[] truth, ChangeMap map, int width, int height)
    {
        ArgumentNullException.ThrowIfNull(truth);
        ArgumentNullException.ThrowIfNull(map);
        long tp = 0, fp = 0, fn = 0;
        for (var y = 0; y < map.Height; y++)
        {
            var ty = Math.Min(height - 1, (int)((y + 0.5) * height / map.Height));
            for (var x = 0; x < map.Width; x++)
            {
                var tx = Math.Min(width - 1, (int)((x + 0.5) * width / map.Width));
                var t = truth[(ty * width) + tx] != 0;
                var f = map.Mask[(y * map.Width) + x] != 0;
                tp += t && f ? 1 : 0;
                fp += !t && f ? 1 : 0;
                fn += t && !f ? 1 : 0;
            }
        }

        return (tp, fp, fn);
    }

    /// <summary>Hash-ranking rate over <paramref name="size"/> index entries (the photos' own plus random hashes).</summary>
    public static double RankingRate(IReadOnlyList<RgbImage> photos, int size, int seed)
    {
        ArgumentNullException.ThrowIfNull(photos);
        var rng = new Random(seed);
        var entries = new List<CompareIndexEntry>(size);
        for (var i = 0; i < size; i++)
        {
            var h = i < photos.Count ? PerceptualHash.Of(photos[i]) : new PerceptualHash((ulong)rng.NextInt64(), (ulong)rng.NextInt64());
            entries.Add(new CompareIndexEntry("e" + i, 1, 1, 0, h.PHash.ToString("x16", System.Globalization.CultureInfo.InvariantCulture), h.DHash.ToString("x16", System.Globalization.CultureInfo.InvariantCulture)));
        }

        var index = new CompareIndex(CompareIndex.FormatName, "/", entries);
        var q = PerceptualHash.Of(photos[0]);
        var sw = Stopwatch.StartNew();
        var runs = 0;
        while (sw.Elapsed.TotalSeconds < 1 || runs < 3)
        {
            SourceSearch.Rank(index, q, q);
            runs++;
        }

        return runs * (double)size / sw.Elapsed.TotalSeconds;
    }

    /// <summary>Top-1 hash retrieval of each photo's suspect (scaled 0.6, JPEG 75, mirrored every other one) among all photos.</summary>
    public static (int Hits, int Total) Retrieval(IReadOnlyList<RgbImage> photos)
    {
        ArgumentNullException.ThrowIfNull(photos);
        var hashes = photos.Select(p => PerceptualHash.Of(p)).ToArray();
        var hits = 0;
        for (var i = 0; i < photos.Count; i++)
        {
            var small = ImageResizer.Resize(photos[i], Math.Max(16, (int)(photos[i].Width * 0.6)), Math.Max(16, (int)(photos[i].Height * 0.6)));
            if (i % 2 == 1)
            {
                using var m = CompareMats.Bgr(small, int.MaxValue, out _);
                OpenCvSharp.Cv2.Flip(m, m, OpenCvSharp.FlipMode.Y);
                small = CompareMats.ToRgb(m);
            }

            var suspect = ImageDecoder.Decode(ImageEncoder.Jpeg(small, 75), long.MaxValue).Image;
            var h = PerceptualHash.Of(suspect);
            var hm = PerceptualHash.Of(suspect, mirrored: true);
            var best = -1;
            var bestD = int.MaxValue;
            for (var j = 0; j < hashes.Length; j++)
            {
                var d = Math.Min(h.Distance(hashes[j]), hm.Distance(hashes[j]));
                if (d < bestD)
                {
                    bestD = d;
                    best = j;
                }
            }

            hits += best == i ? 1 : 0;
        }

        return (hits, photos.Count);
    }

    /// <summary>
    /// Crop-robust search: each photo's suspect keeps <paramref name="minKept"/>–<paramref name="maxKept"/> of its
    /// area (random aspect and place), is scaled 0.7–1.0, mirrored every other time and saved as JPEG 75; it is
    /// ranked against an index of all photos plus <paramref name="distractors"/>. Returns top-1 and top-k
    /// recall by hashes alone and by keypoint votes (the ranking <see cref="SourceSearch"/> verifies), and the
    /// keypoint ranking rate over that index (the suspect's own signatures timed apart).
    /// </summary>
    public static CropSearchScore CropSearch(IReadOnlyList<RgbImage> photos, IReadOnlyList<RgbImage> distractors, int seed, double minKept = 0.3, double maxKept = 0.5, int k = 8, int padTo = 0, int parallelism = 1)
    {
        ArgumentNullException.ThrowIfNull(photos);
        ArgumentNullException.ThrowIfNull(distractors);
        var rng = new Random(seed);
        var entries = photos.Concat(distractors).Select((p, i) => CompareIndex.Entry("e" + i, p, 0)).ToList();
        // Padding for a larger index (speed): copies of the distractors' entries under other names, never of the photos.
        var real = entries.Count;
        for (var i = 0; distractors.Count > 0 && entries.Count < padTo; i++)
        {
            var e = entries[photos.Count + (i % distractors.Count)];
            entries.Add(e with { Path = "pad" + i });
        }

        var index = new CompareIndex(CompareIndex.FormatName, "/", entries);
        int hash1 = 0, hashK = 0, key1 = 0, keyK = 0;
        double seconds = 0, describe = 0, cpu = 0, seconds1 = 0, cpu1 = 0;
        var one1 = 0;
        using var process = System.Diagnostics.Process.GetCurrentProcess();
        for (var i = 0; i < photos.Count; i++)
        {
            var p = photos[i];
            var kept = minKept + ((maxKept - minKept) * rng.NextDouble());
            var aspect = 0.75 + (0.5 * rng.NextDouble());
            var cw = Math.Clamp((int)(p.Width * Math.Sqrt(kept) * aspect), 32, p.Width);
            var ch = Math.Clamp((int)(kept * p.Width * p.Height / cw), 32, p.Height);
            var crop = ComparePairMaker.Crop(p, rng.Next(0, p.Width - cw + 1), rng.Next(0, p.Height - ch + 1), cw, ch);
            var scale = 0.7 + (0.3 * rng.NextDouble());
            var small = ImageResizer.Resize(crop, Math.Max(16, (int)(cw * scale)), Math.Max(16, (int)(ch * scale)));
            if (i % 2 == 1)
            {
                using var m = CompareMats.Bgr(small, int.MaxValue, out _);
                OpenCvSharp.Cv2.Flip(m, m, OpenCvSharp.FlipMode.Y);
                small = CompareMats.ToRgb(m);
            }

            var suspect = ImageDecoder.Decode(ImageEncoder.Jpeg(small, 75), long.MaxValue).Image;
            var h = PerceptualHash.Of(suspect);
            var hm = PerceptualHash.Of(suspect, mirrored: true);
            var byHash = SourceSearch.Rank(index, h, hm).Ranked;
            var sw = Stopwatch.StartNew();
            var keys = KeypointSignature.Of(suspect);
            var keysMirrored = KeypointSignature.Of(suspect, mirrored: true);
            describe += sw.Elapsed.TotalSeconds;
            process.Refresh();
            var cpu0 = process.TotalProcessorTime;
            sw.Restart();
            var byKeys = SourceSearch.Rank(index, h, hm, keys, keysMirrored, parallelism).Ranked;
            seconds += sw.Elapsed.TotalSeconds;
            process.Refresh();
            cpu += (process.TotalProcessorTime - cpu0).TotalSeconds;
            // The same ranking in one pass (every entry scored with all descriptors: the method before the first pass).
            cpu0 = process.TotalProcessorTime;
            sw.Restart();
            var onePass = SourceSearch.Rank(index, h, hm, keys, keysMirrored, parallelism, twoPass: false).Ranked;
            seconds1 += sw.Elapsed.TotalSeconds;
            process.Refresh();
            cpu1 += (process.TotalProcessorTime - cpu0).TotalSeconds;
            one1 += onePass.Count > 0 && onePass[0].Entry.Path == "e" + i ? 1 : 0;
            var name = "e" + i;
            var rh = byHash.FindIndex(r => r.Entry.Path == name);
            var rk = byKeys.FindIndex(r => r.Entry.Path == name);
            hash1 += rh == 0 ? 1 : 0;
            hashK += rh < k ? 1 : 0;
            key1 += rk == 0 ? 1 : 0;
            keyK += rk < k ? 1 : 0;
        }

        return new CropSearchScore(photos.Count, entries.Count, k, hash1, hashK, key1, keyK, photos.Count * entries.Count / Math.Max(seconds, 1e-9), describe / photos.Count)
        {
            RealEntries = real,
            KeysPerCpuSecond = photos.Count * entries.Count / Math.Max(cpu, 1e-9),
            OnePassTop1 = one1,
            OnePassPerSecond = photos.Count * entries.Count / Math.Max(seconds1, 1e-9),
            OnePassPerCpuSecond = photos.Count * entries.Count / Math.Max(cpu1, 1e-9),
        };
    }
}
