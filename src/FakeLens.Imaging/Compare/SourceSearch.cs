using System.Diagnostics;
using FakeLens.Core.Detection;
using FakeLens.Imaging.Decoding;

namespace FakeLens.Imaging.Compare;

/// <summary>
/// Finds the original of a suspect in an archive: every indexed picture is ranked by how many of the
/// suspect's local descriptors (and its mirror image's) match its <see cref="KeypointSignature"/>, which
/// survives heavy crops, with perceptual-hash distance breaking ties (and ranking alone for format-1 indexes
/// without signatures); the best hash match is always among the verified. The <see cref="Verify"/> best are
/// checked with SIFT + RANSAC (<see cref="KeypointAligner"/>) and the best verified match is compared in full.
/// </summary>
public sealed class SourceSearch(ImageComparer comparer, int verify = 8, int parallelism = 1)
{
    /// <summary>First-pass stride: every 4th of the suspect's descriptors votes for every entry.</summary>
    public const int FirstPassStride = 4;

    /// <summary>Entries scored with all descriptors after the first pass: at least this many ...</summary>
    public const int ShortlistMin = 16;

    /// <summary>... or this fraction of the index, whichever is more.</summary>
    public const double ShortlistFraction = 0.02;

    public int Verify { get; } = Math.Max(1, verify);

    /// <summary>Index entries scored in parallel (the CLI's <c>-j</c>).</summary>
    public int Parallelism { get; } = Math.Max(1, parallelism);

    /// <summary>Ranks <paramref name="index"/> only (no decoding): candidates by hash distance, and the rate.</summary>
    public static (List<(CompareIndexEntry Entry, int Distance)> Ranked, double PerSecond) Rank(CompareIndex index, PerceptualHash direct, PerceptualHash mirrored)
    {
        var (ranked, rate) = Rank(index, direct, mirrored, null, null);
        return (ranked.Select(r => (r.Entry, r.Distance)).ToList(), rate);
    }

    /// <summary>
    /// Ranks <paramref name="index"/> only (no decoding) by keypoint votes (when both the entry and the suspect
    /// have signatures), then hash distance; the rate counts candidates per second of the whole ranking.
    /// Votes are counted in two passes: every <see cref="FirstPassStride"/>-th suspect descriptor against every entry,
    /// then all descriptors against the shortlist of the best first-pass entries (<see cref="ShortlistMin"/> or
    /// <see cref="ShortlistFraction"/> of the index). A first-pass count never exceeds the full count, so a shortlisted
    /// entry's full votes are at least any entry's left out; only the order among the left-out entries (which are
    /// not verified) rests on the first pass. <paramref name="parallelism"/> entries are scored at once;
    /// <paramref name="twoPass"/> false scores every entry with all descriptors (the method before the first pass, kept
    /// for <c>bench compare</c>'s before/after figure).
    /// </summary>
    public static (List<(CompareIndexEntry Entry, int Distance, int Votes)> Ranked, double PerSecond) Rank(CompareIndex index, PerceptualHash direct, PerceptualHash mirrored, KeypointSignature? keys, KeypointSignature? mirroredKeys, int parallelism = 1, bool twoPass = true)
    {
        ArgumentNullException.ThrowIfNull(index);
        var sw = Stopwatch.StartNew();
        var entries = index.Entries;
        var n = entries.Count;
        var distance = new int[n];
        var votes = new int[n];
        for (var k = 0; k < n; k++)
        {
            var h = entries[k].Hash;
            distance[k] = Math.Min(direct.Distance(h), mirrored.Distance(h));
        }

        if (keys is not null)
        {
            int Score(int k, int stride) => entries[k].Signature is { } sig ? Math.Max(keys.Votes(sig, stride), mirroredKeys?.Votes(sig, stride) ?? 0) : 0;
            var options = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, parallelism) };
            Parallel.For(0, n, options, k => votes[k] = Score(k, twoPass ? FirstPassStride : 1));
            if (twoPass)
            {
                var shortlist = Enumerable.Range(0, n)
                    .OrderByDescending(k => votes[k]).ThenBy(k => distance[k])
                    .Take(Math.Max(ShortlistMin, (int)Math.Ceiling(ShortlistFraction * n)))
                    .ToArray();
                Parallel.For(0, shortlist.Length, options, j => votes[shortlist[j]] = Score(shortlist[j], 1));
            }
        }

        var ranked = new List<(CompareIndexEntry, int, int)>(n);
        for (var k = 0; k < n; k++)
        {
            ranked.Add((entries[k], distance[k], votes[k]));
        }

        ranked.Sort((a, b) => a.Item3 != b.Item3 ? b.Item3.CompareTo(a.Item3) : a.Item2.CompareTo(b.Item2));
        var seconds = Math.Max(sw.Elapsed.TotalSeconds, 1e-7);
        return (ranked, n / seconds);
    }

    public SearchResult Find(CompareInput suspect, CompareIndex index, Action<string, string>? skipped = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(suspect);
        ArgumentNullException.ThrowIfNull(index);
        var (ranked, rate) = Rank(index, PerceptualHash.Of(suspect.Image), PerceptualHash.Of(suspect.Image, mirrored: true),
            KeypointSignature.Of(suspect.Image), KeypointSignature.Of(suspect.Image, mirrored: true), Parallelism);
        var toVerify = ranked.Take(Verify).ToList();
        var byHash = ranked.MinBy(r => r.Distance);
        if (ranked.Count > 0 && !toVerify.Contains(byHash))
        {
            toVerify[^1] = byHash;
        }

        var side = comparer.Options.KeypointSide;
        using var s = KeypointAligner.Describe(suspect.Image, side);
        var candidates = new List<SearchCandidate>();
        (CompareInput Input, int Inliers)? best = null;
        foreach (var (entry, distance, votes) in toVerify)
        {
            ct.ThrowIfCancellationRequested();
            var path = index.Resolve(entry);
            try
            {
                var input = CompareInput.FromBytes(File.ReadAllBytes(path), path);
                using var o = KeypointAligner.Describe(input.Image, side);
                using var om = KeypointAligner.Describe(input.Image, side, mirror: true);
                var (map, inliers, _) = KeypointAligner.Align(s, o, om, comparer.Options.MinInliers, ct);
                candidates.Add(new SearchCandidate(entry.Path, distance, true, inliers, map is not null, votes));
                if (map is not null && (best is null || inliers > best.Value.Inliers))
                {
                    best = (input, inliers);
                }
            }
            catch (Exception e) when (e is MediaException or IOException or UnauthorizedAccessException)
            {
                skipped?.Invoke(path, e.Message);
            }
        }

        candidates.Sort((a, b) => a.SamePicture != b.SamePicture ? (a.SamePicture ? -1 : 1) : a.SamePicture ? b.Inliers.CompareTo(a.Inliers) : a.HashDistance.CompareTo(b.HashDistance));
        candidates.AddRange(ranked.Where(r => !toVerify.Contains(r)).Take(Math.Max(0, 20 - candidates.Count)).Select(r => new SearchCandidate(r.Entry.Path, r.Distance, false, 0, false, r.Votes)));
        var full = best is { } b ? comparer.Compare(suspect, b.Input, ct) : null;
        return new SearchResult(candidates, ranked.Count, Math.Min(Verify, ranked.Count), rate, full is { Related: true } ? full : null);
    }
}
