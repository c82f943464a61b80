using System.Diagnostics;
using FakeLens.Core.Detection;
using FakeLens.Imaging.Decoding;

namespace FakeLens.Imaging.Compare;

/// <summary>
/// Finds the original of a suspect in an archive: every indexed picture is ranked by perceptual-hash
/// distance to the suspect (and to its mirror image), then the <see cref="Verify"/> best are checked with
/// SIFT + RANSAC (<see cref="KeypointAligner"/>), which also catches crops and rotations the hashes miss
/// as long as they rank among the verified. The best verified match is compared in full.
/// </summary>
public sealed class SourceSearch(ImageComparer comparer, int verify = 8)
{
    public int Verify { get; } = Math.Max(1, verify);

    /// <summary>Ranks <paramref name="index"/> only (no decoding): candidates by hash distance, and the rate.</summary>
    public static (List<(CompareIndexEntry Entry, int Distance)> Ranked, double PerSecond) Rank(CompareIndex index, PerceptualHash direct, PerceptualHash mirrored)
    {
        ArgumentNullException.ThrowIfNull(index);
        var sw = Stopwatch.StartNew();
        var ranked = new List<(CompareIndexEntry, int)>(index.Entries.Count);
        foreach (var e in index.Entries)
        {
            var h = e.Hash;
            ranked.Add((e, Math.Min(direct.Distance(h), mirrored.Distance(h))));
        }

        ranked.Sort((a, b) => a.Item2.CompareTo(b.Item2));
        var seconds = Math.Max(sw.Elapsed.TotalSeconds, 1e-7);
        return (ranked, index.Entries.Count / seconds);
    }

    public SearchResult Find(CompareInput suspect, CompareIndex index, Action<string, string>? skipped = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(suspect);
        ArgumentNullException.ThrowIfNull(index);
        var (ranked, rate) = Rank(index, PerceptualHash.Of(suspect.Image), PerceptualHash.Of(suspect.Image, mirrored: true));
        var side = comparer.Options.KeypointSide;
        using var s = KeypointAligner.Describe(suspect.Image, side);
        var candidates = new List<SearchCandidate>();
        (CompareInput Input, int Inliers)? best = null;
        foreach (var (entry, distance) in ranked.Take(Verify))
        {
            ct.ThrowIfCancellationRequested();
            var path = index.Resolve(entry);
            try
            {
                var input = CompareInput.FromBytes(File.ReadAllBytes(path), path);
                using var o = KeypointAligner.Describe(input.Image, side);
                using var om = KeypointAligner.Describe(input.Image, side, mirror: true);
                var (map, inliers, _) = KeypointAligner.Align(s, o, om, comparer.Options.MinInliers, ct);
                candidates.Add(new SearchCandidate(entry.Path, distance, true, inliers, map is not null));
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
        candidates.AddRange(ranked.Skip(Verify).Take(Math.Max(0, 20 - candidates.Count)).Select(r => new SearchCandidate(r.Entry.Path, r.Distance, false, 0, false)));
        var full = best is { } b ? comparer.Compare(suspect, b.Input, ct) : null;
        return new SearchResult(candidates, ranked.Count, Math.Min(Verify, ranked.Count), rate, full is { Related: true } ? full : null);
    }
}
