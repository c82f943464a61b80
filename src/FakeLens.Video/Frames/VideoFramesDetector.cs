using System.Diagnostics;
using System.Globalization;
using FakeLens.Core.Detection;
using FakeLens.Core.Evidence;
using FakeLens.Core.Media;
using FakeLens.Imaging.Decoding;
using FakeLens.Video.Reading;
using FakeLens.Video.Sequences;
using FakeLens.Video.Timeline;
using TimelineRecord = FakeLens.Core.Evidence.Timeline;

namespace FakeLens.Video.Frames;

// Method: sample the video (2 fps plus scene cuts, SamplingPlan/FrameReader), run image detectors on the frames
// (each within its frame budget), aggregate each detector's per-frame results over time into one finding per video
// (FrameSeriesVerdict: correlated frames are one piece of evidence), and hand dense frames plus the audio loudness to an
// optional frame-sequence analyzer (faces). One summary finding, video.timeline, carries the curves, flagged segments
// and thumbnails for the reports. The frame pass stops at a share of the per-file time limit and says what it covered,
// so a 10-hour file gives a partial result instead of a timeout.

/// <summary>Per-frame image detectors, the timeline and the per-video findings built from its segments.</summary>
public sealed class VideoFramesDetector : IDetector
{
    /// <summary>Most thumbnails kept for the timeline (about 8–15 KB each as JPEG).</summary>
    public const int MaxThumbnails = 120;

    /// <summary>Largest total of dense frames held for a sequence analyzer (200 frames of 1280 × 720 are 553 MB).</summary>
    public const long DenseMemoryBudget = 320L * 1024 * 1024;

    private const int ThumbnailWidth = 240;

    private readonly IReadOnlyList<FrameScorer> _scorers;
    private readonly IFrameSequenceAnalyzer? _sequences;
    private readonly VideoReadOptions _options;

    public VideoFramesDetector(IReadOnlyList<FrameScorer> scorers, IFrameSequenceAnalyzer? sequences = null, VideoReadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(scorers);
        _scorers = scorers;
        _sequences = sequences;
        _options = options ?? VideoReadOptions.Default;
    }

    public string Id => "video.frames";

    public string Description => "Samples video frames (2 fps + scene cuts) and runs image detectors on them: timeline of per-frame scores, flagged segments, one finding per detector" +
        (_sequences is null ? "." : $"; dense frames to {_sequences.Name}.");

    public EvidenceCategory Category => EvidenceCategory.Temporal;

    public bool AppliesTo(MediaType media)
    {
        ArgumentNullException.ThrowIfNull(media);
        return media.Kind == MediaKind.Video;
    }

    public async ValueTask<IReadOnlyList<Evidence>> AnalyzeAsync(AnalysisContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var clock = Stopwatch.StartNew();
        var budget = TimeSpan.FromTicks((long)(context.Limits.FileTimeout.Ticks * _options.TimeBudgetShare));
        var probe = VideoSource.Probe(context, cancellationToken);
        var plan = SamplingPlan.For(probe.DurationSeconds, _options.FramesPerSecond, _options.MaxFrames, _options.WindowSeconds);
        var size = FrameReader.OutputSize(probe, _options.MaxLongSide);
        var interval = 1 / _options.FramesPerSecond;
        var strides = _scorers.Select(s => Math.Max(1, (int)Math.Ceiling(plan.ExpectedFrames / (double)s.MaxFrames))).ToArray();
        var thumbStride = Math.Max(1, (int)Math.Ceiling(plan.ExpectedFrames / (double)MaxThumbnails));
        var observations = _scorers.Select(_ => new List<FrameObservation>()).ToArray();
        var spent = new TimeSpan[_scorers.Count];
        var scored = new int[_scorers.Count];
        var lastScored = new FrameSignature?[_scorers.Count];
        var reused = 0;
        var thumbnails = new List<TimelineFrame>();
        var report = new FrameReadReport();
        var index = 0;
        var stoppedAt = (double?)null;
        foreach (var window in plan.Windows)
        {
            foreach (var frame in FrameReader.Read(context.Path, window, _options.FramesPerSecond, _options.SceneCutThreshold, size, report, cancellationToken, reuseBuffer: true))
            {
                var scores = new Dictionary<string, float>(StringComparer.Ordinal);
                var maps = new List<Heatmap>();
                var flagged = false;
                FrameSignature? signature = null;
                for (var s = 0; s < _scorers.Count; s++)
                {
                    // Scene-cut frames are scored too, within twice the detector's budget.
                    var due = index % strides[s] == 0 || (frame.SceneCut && observations[s].Count < 2 * _scorers[s].MaxFrames);
                    if (!due)
                    {
                        continue;
                    }

                    // Nothing changed since this detector's last frame (a static shot): reuse its result at this time.
                    signature ??= _scorers[s].ReuseWhenUnchanged ? FrameSignature.Of(frame.Image) : null;
                    FrameObservation o;
                    if (signature is not null && _scorers[s].ReuseWhenUnchanged && !frame.SceneCut && observations[s].Count > 0 && signature.Unchanged(lastScored[s]))
                    {
                        o = observations[s][^1] with { TimeSeconds = frame.TimeSeconds };
                        reused++;
                    }
                    else
                    {
                        var t = Stopwatch.GetTimestamp();
                        o = await _scorers[s].ScoreAsync(frame.TimeSeconds, frame.Image, context.Limits, cancellationToken).ConfigureAwait(false);
                        spent[s] += Stopwatch.GetElapsedTime(t);
                        scored[s]++;
                        lastScored[s] = signature;
                    }

                    observations[s].Add(o);
                    scores[_scorers[s].Series] = o.Score;
                    flagged |= o.Flagged;
                    if (o.Finding?.Heatmap is { } map)
                    {
                        maps.Add(map.Downsample(32));
                    }
                }

                if ((index % thumbStride == 0 || flagged) && thumbnails.Count < 2 * MaxThumbnails)
                {
                    thumbnails.Add(Thumbnail(frame, scores, maps));
                }

                index++;
                if (clock.Elapsed > budget)
                {
                    stoppedAt = frame.TimeSeconds;
                    break;
                }
            }

            if (stoppedAt is not null)
            {
                break;
            }
        }

        if (index == 0)
        {
            var why = report.Problems.Count > 0 ? " ffmpeg said: " + string.Join("; ", report.Problems) : string.Empty;
            throw new MediaException($"No video frame could be decoded (the stream is empty, truncated or damaged).{why}") { Code = "corrupt" };
        }

        var duration = probe.DurationSeconds ?? (double.IsFinite(report.LastFrameSeconds) ? report.LastFrameSeconds + interval : index * interval);
        var result = new List<Evidence>();
        var series = new List<TimeSeries>();
        var segments = new List<TimeSegment>();
        for (var s = 0; s < _scorers.Count; s++)
        {
            var scorer = _scorers[s];
            var found = SegmentFinder.Find(observations[s], interval * strides[s], scorer.Series, scorer.Detector.Id);
            segments.AddRange(found);
            series.Add(SeriesGrid.Build(observations[s], duration, interval, scorer.Series));
            var summary = FrameSeriesVerdict.Summarise(Id, scorer.Detector.Category, scorer.Series, observations[s], interval * strides[s], found);
            var perFrame = scored[s] == 0 ? 0 : spent[s].TotalMilliseconds / scored[s];
            result.Add(summary with { Facts = [.. summary.Facts, new Fact("time per frame", string.Create(CultureInfo.InvariantCulture, $"{perFrame:0} ms"))] });
        }

        if (_sequences is not null && stoppedAt is null)
        {
            // The dense pass gets what is left of 90 % of the per-file limit, so running out of time costs its
            // findings only, not the frame findings above (the scanner would report the whole file as timed out).
            var left = TimeSpan.FromTicks((long)(context.Limits.FileTimeout.Ticks * 0.9)) - clock.Elapsed;
            var (evidence, sequenceSeries, sequenceSegments) = RunSequences(context.Path, probe, left, cancellationToken);
            segments.AddRange(sequenceSegments);
            result.AddRange(evidence);
            series.AddRange(sequenceSeries);
        }

        var covered = stoppedAt is { } stop ? plan.Windows.Where(w => w.StartSeconds < stop).Sum(w => Math.Min(w.EndSeconds, stop) - w.StartSeconds) : plan.CoveredSeconds;
        result.Add(Summary(probe, plan, report, index, reused, duration, covered, stoppedAt, budget, new TimelineRecord(Math.Round(duration, 3), Math.Round(covered, 3), series, segments, thumbnails)));
        return result;
    }

    private (IReadOnlyList<Evidence> Evidence, IReadOnlyList<TimeSeries> Series, IReadOnlyList<TimeSegment> Segments) RunSequences(string path, VideoProbe probe, TimeSpan timeLeft, CancellationToken outer)
    {
        var analyzer = _sequences!;
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(outer);
        limit.CancelAfter(timeLeft > TimeSpan.Zero ? timeLeft : TimeSpan.Zero);
        var cancellationToken = limit.Token;
        try
        {
            var size = FrameReader.OutputSize(probe, analyzer.MaxLongSide);
            var perFrame = (long)size.Width * size.Height * 3;
            var maxFrames = (int)Math.Max(1, Math.Min(Math.Ceiling(analyzer.MaxSeconds * analyzer.FramesPerSecond), DenseMemoryBudget / perFrame));
            var budgetSeconds = maxFrames / analyzer.FramesPerSecond;
            var plan = SamplingPlan.For(probe.DurationSeconds, analyzer.FramesPerSecond, maxFrames, budgetSeconds / 3);
            var frames = new List<SequenceFrame>(maxFrames);
            var report = new FrameReadReport();
            foreach (var w in plan.Windows)
            {
                foreach (var f in FrameReader.Read(path, w, analyzer.FramesPerSecond, 0, size, report, cancellationToken))
                {
                    if (frames.Count < maxFrames)
                    {
                        frames.Add(new SequenceFrame(f.TimeSeconds, f.Image));
                    }
                }
            }

            const double step = 0.01;
            var rms = probe.HasAudio ? TryEnvelope(path, plan.Windows, step, cancellationToken) : null;
            var outcome = analyzer.Analyze(frames, rms is null ? null : new LoudnessEnvelope(step, rms), cancellationToken);
            return (outcome.Evidence, outcome.Series, outcome.Segments);
        }
        catch (Exception e) when (e is not OperationCanceledException || !outer.IsCancellationRequested)
        {
            var why = e is OperationCanceledException ? "it ran out of the time left in the per-file limit" : e.Message;
            return ([new Evidence
            {
                Id = "video.sequence-failed",
                DetectorId = Id,
                Category = EvidenceCategory.Faces,
                Direction = EvidenceDirection.Neutral,
                Title = $"The {analyzer.Name} analysis could not run on this video",
                Explanation = $"Dense frames could not be analysed by {analyzer.Name}: {why}.",
                Reliability = 0,
            }], [], []);
        }
    }

    private static float[]? TryEnvelope(string path, IReadOnlyList<SamplingWindow> windows, double step, CancellationToken cancellationToken)
    {
        try
        {
            return LoudnessEnvelopeReader.Read(path, windows, step, cancellationToken);
        }
        catch (MediaException)
        {
            return null;
        }
    }

    private static TimelineFrame Thumbnail(SampledFrame frame, Dictionary<string, float> scores, List<Heatmap> maps)
    {
        var small = ImageResizer.Fit(frame.Image, ThumbnailWidth);
        var jpeg = ImageEncoder.Jpeg(small, 70);
        return new TimelineFrame(Math.Round(frame.TimeSeconds, 3), "data:image/jpeg;base64," + Convert.ToBase64String(jpeg), small.Width, small.Height, scores, maps);
    }

    private Evidence Summary(VideoProbe probe, SamplingPlan plan, FrameReadReport report, int frames, int reused, double duration, double covered, double? stoppedAt, TimeSpan budget, TimelineRecord timeline)
    {
        var inv = CultureInfo.InvariantCulture;
        var size = FrameReader.OutputSize(probe, _options.MaxLongSide);
        var facts = new List<Fact>
        {
            new("frames sampled", frames.ToString(inv)),
            new("sampling", string.Create(inv, $"{_options.FramesPerSecond:0.##} fps") + (_options.SceneCutThreshold > 0 ? string.Create(inv, $" + scene cuts (score > {_options.SceneCutThreshold:0.##})") : string.Empty)),
            new("frame size analysed", string.Create(inv, $"{size.Width} × {size.Height}")),
            new("windows", plan.CoversWholeFile ? "whole video" : string.Create(inv, $"{plan.Windows.Count} × {plan.Windows[0].LengthSeconds:0.#} s spread over {duration:0.#} s")),
            new("seconds covered", string.Create(inv, $"{covered:0.#} of {duration:0.#}")),
            new("flagged segments", timeline.Segments.Count.ToString(inv)),
            new("detector results reused on unchanged frames", reused.ToString(inv)),
        };
        var notes = new List<string>();
        if (stoppedAt is { } stop)
        {
            notes.Add(string.Create(inv, $"the frame pass stopped at {FrameSeriesVerdict.Clock(stop)} after its time budget ({budget.TotalSeconds:0} s, a share of the per-file limit): the result is partial"));
        }

        if (!plan.CoversWholeFile && plan.DurationSeconds is not null)
        {
            notes.Add(string.Create(inv, $"the video is long, so {plan.Windows.Count} windows of {plan.Windows[0].LengthSeconds:0.#} s spread over it were sampled, not every second"));
        }

        var truncated = plan.CoversWholeFile && stoppedAt is null && double.IsFinite(report.LastFrameSeconds) && report.LastFrameSeconds < duration - Math.Max(1.0, 3 / _options.FramesPerSecond);
        if (truncated)
        {
            notes.Add(string.Create(inv, $"frames stop at {FrameSeriesVerdict.Clock(report.LastFrameSeconds)} although the container says the video lasts {FrameSeriesVerdict.Clock(duration)}: the file looks truncated or damaged"));
            facts.Add(new Fact("decoded until", string.Create(inv, $"{report.LastFrameSeconds:0.#} s")));
        }

        if (report.Problems.Count > 0)
        {
            facts.Add(new Fact("decoder messages", string.Join(" | ", report.Problems.Take(3))));
        }

        var flaggedText = timeline.Segments.Count == 0
            ? "No detector flagged any stretch of the video."
            : "Flagged stretches: " + string.Join("; ", timeline.Segments.Take(6).Select(s => $"{s.Series} {FrameSeriesVerdict.Clock(s.StartSeconds)}–{FrameSeriesVerdict.Clock(s.EndSeconds)}")) + ".";
        return new Evidence
        {
            Id = "video.timeline",
            DetectorId = Id,
            Category = EvidenceCategory.Temporal,
            Direction = EvidenceDirection.Neutral,
            Title = string.Create(inv, $"Timeline: {frames} frames over {FrameSeriesVerdict.Clock(duration)}") + (stoppedAt is null ? string.Empty : " (partial)"),
            Explanation = string.Create(inv, $"{frames} frames were sampled and checked by {_scorers.Count} image detector(s); the timeline shows their scores over time. {flaggedText}") +
                (notes.Count == 0 ? string.Empty : " Note: " + string.Join("; ", notes) + "."),
            Reliability = stoppedAt is null && !truncated ? 1 : 0.5,
            Facts = facts,
            Timeline = timeline,
        };
    }
}
