using System.Globalization;
using FakeLens.Imaging.Compare;
using FakeLens.Imaging.Decoding;
using FakeLens.Video.Reading;

namespace FakeLens.Compare;

/// <summary>
/// Compares a suspect video with a candidate original frame by frame. Both are sampled at
/// <see cref="FramesPerSecond"/> (first <see cref="MaxSeconds"/> s, longer side ≤ <see cref="FrameSide"/> px) through
/// FakeLens.Video's <see cref="FrameReader"/>. The time offset is the shift (in sampling steps) that minimises the mean
/// perceptual-hash distance of the paired frames (pHash + dHash, suspect and mirrored suspect; at least a third of the
/// shorter video must overlap), so trimmed starts are handled; then every paired frame is compared as a picture
/// (<see cref="ImageComparer"/>: alignment, global operations, noise-aware change map with regions of at least
/// 0.5 % of the frame; faces and text are not checked per frame, for speed). Consecutive frames with local changes form segments on the suspect's timeline. The pair is
/// unrelated when fewer than half of the paired frames align. Hashes do not survive heavy crops, so the offset of a
/// heavily cropped video may be wrong (then frames fail to align and the pair is called unrelated).
/// </summary>
public sealed class VideoComparer
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>Frames sampled per second of each video.</summary>
    public double FramesPerSecond { get; init; } = 2;

    /// <summary>Only the first this many seconds are compared.</summary>
    public double MaxSeconds { get; init; } = 60;

    /// <summary>Smallest change region in a frame (fraction of the frame): video coding noise makes more small specks than a still's JPEG.</summary>
    public double MinRegionFraction { get; init; } = 0.005;

    /// <summary>Longer side of the sampled frames (px).</summary>
    public int FrameSide { get; init; } = 480;

    /// <summary>Longer side of the HTML report's thumbnails (px).</summary>
    public int ThumbnailSide { get; init; } = 240;

    /// <summary>Compares the suspect with the original; unreadable files throw <see cref="FakeLens.Core.Detection.MediaException"/> from the video reader.</summary>
    public VideoComparison Compare(string suspectPath, string originalPath, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(suspectPath);
        ArgumentNullException.ThrowIfNull(originalPath);
        var (sFrames, sSeconds) = Read(suspectPath, ct);
        var (oFrames, oSeconds) = Read(originalPath, ct);
        VideoComparison Unrelated(string why, double offset = 0, double dist = 0) => new()
        {
            Suspect = suspectPath,
            Original = originalPath,
            Related = false,
            Summary = why,
            SuspectSeconds = sSeconds,
            OriginalSeconds = oSeconds,
            OffsetSeconds = offset,
            HashDistance = dist,
        };

        if (sFrames.Count == 0 || oFrames.Count == 0)
        {
            return Unrelated("No frames could be read from " + (sFrames.Count == 0 ? "the suspect." : "the original."));
        }

        var sHash = sFrames.Select(f => (PerceptualHash.Of(f.Image), PerceptualHash.Of(f.Image, mirrored: true))).ToArray();
        var oHash = oFrames.Select(f => PerceptualHash.Of(f.Image)).ToArray();
        var minOverlap = Math.Max(1, Math.Min(sFrames.Count, oFrames.Count) / 3);
        var bestShift = 0;
        var bestDist = double.MaxValue;
        var bestN = 0;
        for (var shift = -(sFrames.Count - minOverlap); shift <= oFrames.Count - minOverlap; shift++)
        {
            double sum = 0;
            var n = 0;
            for (var i = 0; i < sFrames.Count; i++)
            {
                var j = i + shift;
                if (j < 0 || j >= oFrames.Count)
                {
                    continue;
                }

                sum += Math.Min(sHash[i].Item1.Distance(oHash[j]), sHash[i].Item2.Distance(oHash[j]));
                n++;
            }

            // Ties (still shots look alike at every shift) go to the larger overlap, then the smaller shift.
            if (n >= minOverlap && (sum / n < bestDist - 0.5 || (sum / n <= bestDist + 0.5 && (n > bestN || (n == bestN && Math.Abs(shift) < Math.Abs(bestShift))))))
            {
                bestDist = Math.Min(bestDist, sum / n);
                bestShift = shift;
                bestN = n;
            }
        }

        var first = Math.Max(0, -bestShift);
        var offset = oFrames[first + bestShift].TimeSeconds - sFrames[first].TimeSeconds;
        var comparer = new ImageComparer(new Imaging.Compare.CompareOptions { CheckContent = false, MapSide = FrameSide, MinRegionFraction = MinRegionFraction });
        var frames = new List<VideoFrameChange>();
        var results = new List<ComparisonResult>();
        var thumbnails = new List<VideoThumbnail>();
        for (var i = 0; i < sFrames.Count; i++)
        {
            var j = i + bestShift;
            if (j < 0 || j >= oFrames.Count)
            {
                continue;
            }

            ct.ThrowIfCancellationRequested();
            var r = comparer.Compare(new CompareInput(sFrames[i].Image, "suspect"), new CompareInput(oFrames[j].Image, "original"), ct);
            results.Add(r);
            thumbnails.Add(Thumbnail(r, sFrames[i].Image, oFrames[j].Image));
            frames.Add(new VideoFrameChange(Math.Round(sFrames[i].TimeSeconds, 3), Math.Round(oFrames[j].TimeSeconds, 3), r.Related, Math.Round(r.ChangedFraction, 5), r.Regions));
        }

        var related = results.Where(r => r.Related).ToList();
        if (related.Count * 2 < Math.Max(1, results.Count))
        {
            return Unrelated(string.Create(Inv, $"The two videos do not show the same pictures: only {related.Count} of {results.Count} paired frames align (best time offset {offset:0.0} s, mean hash distance {bestDist:0} bits)."), offset, bestDist);
        }

        var step = 1 / FramesPerSecond;
        var segments = new List<VideoSegment>();
        for (var k = 0; k < frames.Count; k++)
        {
            if (!frames[k].Related || frames[k].Regions.Count == 0)
            {
                continue;
            }

            var start = k;
            while (k + 1 < frames.Count && frames[k + 1].Related && frames[k + 1].Regions.Count > 0)
            {
                k++;
            }

            var run = frames.Skip(start).Take(k - start + 1).ToList();
            var peak = run.MaxBy(f => f.ChangedFraction)!;
            var where = peak.Regions[0].Position;
            var t0 = run[0].Seconds;
            var t1 = run[^1].Seconds + step;
            segments.Add(new VideoSegment(t0, Math.Round(t1, 3), peak.ChangedFraction, where,
                string.Create(Inv, $"From {t0:0.0} s to {t1:0.0} s, up to {peak.ChangedFraction * 100:0.#} % of the picture differs from the original, mostly {where}.")));
        }

        // Global operations from an unedited frame where there is one (a local edit can bend the tone fit).
        var clean = related.Where(r => r.Regions.Count == 0).ToList();
        var middle = clean.Count > 0 ? clean[clean.Count / 2] : related[related.Count / 2];
        var summary = new List<string>
        {
            string.Create(Inv, $"The suspect is the same video as the original ({related.Count} of {results.Count} sampled frame pairs align)")
                + (Math.Abs(offset) >= step / 2 ? string.Create(Inv, $"; it starts {Math.Abs(offset):0.0} s {(offset > 0 ? "into the original (the beginning was cut)" : "before the original's first frame")}.") : "."),
        };
        if (middle.Operations.Count > 0)
        {
            summary.Add("Every frame: " + string.Join(" ", middle.Operations.Where(o => o.Kind != "recompression").Select(o => o.Description)));
        }

        summary.Add(segments.Count == 0 ? "No local edit stands out in any compared frame." : string.Join(" ", segments.Take(4).Select(s => s.Sentence)));
        return new VideoComparison
        {
            Suspect = suspectPath,
            Original = originalPath,
            Related = true,
            Summary = string.Join(" ", summary),
            SuspectSeconds = sSeconds,
            OriginalSeconds = oSeconds,
            OffsetSeconds = Math.Round(offset, 3),
            HashDistance = Math.Round(bestDist, 2),
            Operations = middle.Operations,
            Frames = frames,
            Segments = segments,
            Thumbnails = thumbnails,
        };
    }

    private VideoThumbnail Thumbnail(ComparisonResult r, RgbImage suspect, RgbImage original)
    {
        var s = r.SuspectView ?? suspect;
        var o = r.AlignedOriginal ?? original;
        var scale = Math.Min(1.0, ThumbnailSide / (double)Math.Max(s.Width, s.Height));
        var w = Math.Max(1, (int)Math.Round(s.Width * scale));
        var h = Math.Max(1, (int)Math.Round(s.Height * scale));
        var ts = ImageResizer.Resize(s, w, h);
        var to = ImageResizer.Resize(o, w, h);
        var mapScale = r.Map is { } map ? w / (double)map.Width : scale;
        return new VideoThumbnail(w, h, ImageEncoder.Jpeg(ts, 80), ImageEncoder.Jpeg(to, 80), mapScale);
    }

    private (List<SampledFrame> Frames, double Seconds) Read(string path, CancellationToken ct)
    {
        var probe = VideoProber.Probe(path, 100_000_000, ct);
        var seconds = probe.DurationSeconds ?? MaxSeconds;
        var size = FrameReader.OutputSize(probe, FrameSide);
        var report = new FrameReadReport();
        var frames = FrameReader.Read(path, new SamplingWindow(0, Math.Min(seconds, MaxSeconds)), FramesPerSecond, 0, size, report, ct).ToList();
        return (frames, seconds);
    }
}
