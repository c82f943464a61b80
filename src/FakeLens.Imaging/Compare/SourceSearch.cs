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
public sealed class SourceSearch(ImageComparer comparer, int verify = 8)
{
    public int Verify { get; } = Math.Max(1, verify);

    /// <summary>Ranks <paramref name="index"/> only (no decoding): candidates by hash distance, and the rate.</summary>
    public static (List<(CompareIndexEntry Entry, int Distance)> Ranked, double PerSecond) Rank(CompareIndex index, PerceptualHash direct, PerceptualHash mirrored)
    {
        var (ranked, rate) = Rank(index, direct, mirrored, null, null);
        return (ranked.Select(r => (r.Entry, r.Distance)).ToList(), rate);
    }

    /// <summary>
    /// Ranks <paramref name="index"/> only (no decoding) by keypoint votes (when both the entry and the suspect
    /// have signatures), then hash distance; the rate counts candidates per second of the whole ranking.
    /// </summary>
    public static (List<(CompareIndexEntry Entry, int Distance, int Votes)> Ranked, double PerSecond) Rank(CompareIndex index, PerceptualHash direct, PerceptualHash mirrored, KeypointSignature? keys, KeypointSignature? mirroredKeys)
    {
        ArgumentNullException.ThrowIfNull(index);
        var sw = Stopwatch.StartNew();
        var ranked = new List<(CompareIndexEntry, int, int)>(index.Entries.Count);
        foreach (var e in index.Entries)
        {
            var h = e.Hash;
            var votes = 0;
            if (keys is not null && e.Signature is { } sig)
            {
                votes = Math.Max(keys.Votes(sig), mirroredKeys?.Votes(sig) ?? 0);
            }

            ranked.Add((e, Math.Min(direct.Distance(h), mirrored.Distance(h)), votes));
        }

        ranked.Sort((a, b) => a.Item3 != b.Item3 ? b.Item3.CompareTo(a.Item3) : a.Item2.CompareTo(b.Item2));
        var seconds = Math.Max(sw.Elapsed.TotalSeconds, 1e-7);
        return (ranked, index.Entries.Count / seconds);
    }

    public SearchResult Find(CompareInput suspect, CompareIndex index, Action<string, string>? skipped = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(suspect);
        ArgumentNullException.ThrowIfNull(index);
        var (ranked, rate) = Rank(index, PerceptualHash.Of(suspect.Image), PerceptualHash.Of(suspect.Image, mirrored: true),
            KeypointSignature.Of(suspect.Image), KeypointSignature.Of(suspect.Image, mirrored: true));
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
