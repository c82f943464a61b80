using FakeLens.Core.Evidence;
using FakeLens.Faces.Blend;
using FakeLens.Faces.Cues;
using FakeLens.Faces.Tracking;

namespace FakeLens.Faces;

/// <summary>
/// Faces in a video: BlazeFace + mesh on every frame it is given (about 10 fps), faces tracked by overlap, and per
/// track the cues that need time — blinking, texture flicker against the surroundings, face vs surroundings
/// (median over frames) and lip-sync against the audio loudness. The caller (the video library) samples the
/// frames; this class never reads files. Frames may come in several windows (absolute times): gaps longer than
/// 1.5 frame steps break tracks' continuity and the timeline series.
/// </summary>
public sealed class FaceVideoAnalyzer
{
    /// <summary>Tracks shorter than this many frames are ignored (spurious detections).</summary>
    public const int MinTrackFrames = 5;

    /// <summary>Frames without any face after which only every 5th frame is examined (1 s at 10 fps).</summary>
    public const int FaceSearchFrames = 10;

    /// <summary>At most this many tracks (the longest) get their own findings.</summary>
    public const int MaxReportedTracks = 3;

    private readonly FaceEngine _engine;
    private readonly HeadPose? _pose;
    private readonly FaceBlendModel? _blend;
    private readonly string? _blendWhyNot;

    public FaceVideoAnalyzer(FaceEngine engine, FaceBlendModel? blend = null)
    {
        _engine = engine ?? throw new ArgumentNullException(nameof(engine));
        _pose = Mesh.CanonicalFace.Load(engine.Files.Directory) is { } canonical ? new HeadPose(canonical) : null;
        try
        {
            _blend = blend ?? FaceBlendModel.LoadVideoDefault();
        }
        catch (Exception e) when (e is InvalidOperationException or InvalidDataException or System.Text.Json.JsonException)
        {
            _blendWhyNot = e.Message;
        }
    }

    /// <summary>Dense rate the cues are designed for: 10 fps resolves most blinks (100–400 ms) and mouth movements.</summary>
    public double FramesPerSecond => 10;

    /// <summary>How much video the analyser wants at that rate: 30 s holds 4–10 blinks of a person at rest.</summary>
    public double MaxSeconds => 30;

    /// <summary>The analyser, or null with the reason (face models not installed or not loadable).</summary>
    public static FaceVideoAnalyzer? TryCreate(out string? whyNot)
    {
        var engine = FaceEngine.TryCreate(out whyNot);
        return engine is null ? null : new FaceVideoAnalyzer(engine);
    }

    public FaceVideoResult Analyze(IReadOnlyList<FaceFrame> frames, SpeechEnvelope? audio, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(frames);
        var ordered = frames.Where(f => f?.Image is not null && double.IsFinite(f.TimeSeconds)).OrderBy(f => f.TimeSeconds).ToList();
        if (ordered.Count == 0)
        {
            return new FaceVideoResult([NotApplicable("No frames were given to the face analyser.")], [], 0);
        }

        var step = FrameStep(ordered);

        // Slots: one per frame, plus an empty one wherever a gap breaks continuity.
        var slots = new int[ordered.Count];
        var times = new List<double>();
        for (var i = 0; i < ordered.Count; i++)
        {
            if (i > 0 && ordered[i].TimeSeconds - ordered[i - 1].TimeSeconds > 1.5 * step)
            {
                times.Add(double.NaN);
            }

            slots[i] = times.Count;
            times.Add(ordered[i].TimeSeconds);
        }

        var tracker = new FaceTracker();
        var framesWithFaces = 0;
        var failures = 0;
        string? firstFailure = null;
        var noFaceRun = 0;
        var examined = 0;
        var frameSize = (Width: 0, Height: 0);
        var lastWindowStart = -1;
        for (var i = 0; i < ordered.Count; i++)
        {
            ct.ThrowIfCancellationRequested();
            var frame = ordered[i];

            // Sample less where nothing is found: after a second without a face, look at every 5th frame only
            // (0.5 s at 10 fps) until one appears; a new window starts dense again.
            var newWindow = i == 0 || slots[i] != slots[i - 1] + 1;
            if (newWindow)
            {
                lastWindowStart = i;
                noFaceRun = 0;
            }

            if (noFaceRun >= FaceSearchFrames && (i - lastWindowStart) % 5 != 0)
            {
                continue;
            }

            examined++;
            try
            {
                // Small-face tiles cost ~9 passes: only on every 5th frame while no face is being followed.
                var faces = _engine.Find(frame.Image, tiles: i == 0 || (noFaceRun > 0 && (noFaceRun >= FaceSearchFrames || noFaceRun % 5 == 0)), ct);
                var samples = faces.Select(f => WithBlend(frame, f, new TrackSample(
                    slots[i], frame.TimeSeconds, f, FaceRegionAnalyzer.Measure(frame.Image, f.Mesh), FlickerAnalyzer.Normalise(f.Mesh),
                    f.Mesh.EyeAspectRatio(), f.Mesh.MouthOpening(),
                    (PulseAnalyzer.PatchGreen(frame.Image, f.Mesh, 151), PulseAnalyzer.PatchGreen(frame.Image, f.Mesh, 50), PulseAnalyzer.PatchGreen(frame.Image, f.Mesh, 280)),
                    _pose?.Estimate(f.Mesh, frame.Image.Width, frame.Image.Height), ExpressionAnalyzer.Measure(f.Mesh)))).ToList();
                frameSize = (frame.Image.Width, frame.Image.Height);
                tracker.Add(frame.TimeSeconds, samples);
                noFaceRun = samples.Count == 0 ? noFaceRun + 1 : 0;
                framesWithFaces += samples.Count > 0 ? 1 : 0;
            }
            catch (Exception e) when (e is OpenCvSharp.OpenCVException or ArgumentException or InvalidOperationException)
            {
                failures++;
                firstFailure ??= e.Message;
            }
        }

        var tracks = tracker.Tracks.Where(t => t.Samples.Count >= MinTrackFrames).OrderByDescending(t => t.Samples.Count).ToList();
        var evidence = new List<Evidence>();
        if (failures > 0)
        {
            evidence.Add(FaceCueEvidence.Make("faces.frames-skipped", EvidenceCategory.Faces, EvidenceDirection.Neutral, 1, 0, "Some frames could not be analysed for faces",
                $"{failures} of {ordered.Count} frames failed in the face analysis ({firstFailure}); the cues use the rest.", [new Fact("failed frames", failures.ToString(System.Globalization.CultureInfo.InvariantCulture))]));
        }

        if (tracks.Count == 0)
        {
            evidence.Add(NotApplicable($"No face was found in {ordered.Count} frames (examined: {examined}; after a second without a face only every 5th) ({ordered[0].TimeSeconds:0.0}–{ordered[^1].TimeSeconds:0.0} s), or none stayed in view for {MinTrackFrames} frames, so the facial cues do not apply."));
            return new FaceVideoResult(evidence, [], 0) { Features = WithTracks(0, framesWithFaces / (double)ordered.Count), FramesExamined = examined };
        }

        var loudness = audio is { StepSeconds: > 0, Rms.Count: > 0 } ? LipSyncAnalyzer.LoudnessAt(audio, times.Select(t => double.IsNaN(t) ? -1e9 : t).ToArray(), step) : null;
        var closure = NaNs(times.Count);
        var flickerScore = NaNs(times.Count);
        var surroundScore = NaNs(times.Count);
        var poseScore = NaNs(times.Count);
        var blendScore = NaNs(times.Count);
        var blendSegments = new List<TimeSegment>();
        IReadOnlyDictionary<string, double>? features = null;
        var index = 0;
        foreach (var track in tracks.Take(MaxReportedTracks))
        {
            index++;
            var who = tracks.Count == 1 ? "the face" : $"face {index}";
            var ear = NaNs(times.Count);
            var mouth = NaNs(times.Count);
            var meshes = new float[]?[times.Count];
            var regions = new FaceSurroundings?[times.Count];
            var forehead = NaNs(times.Count);
            var rightCheek = NaNs(times.Count);
            var leftCheek = NaNs(times.Count);
            var poseWhole = new double[]?[times.Count];
            var poseInner = new double[]?[times.Count];
            var expressions = new ExpressionSample?[times.Count];
            var blend = NaNs(times.Count);
            foreach (var s in track.Samples)
            {
                blend[s.Slot] = s.Blend;
                (poseWhole[s.Slot], poseInner[s.Slot]) = s.Pose is { } pose ? (pose.Head, pose.Inner) : (null, null);
                expressions[s.Slot] = s.Expression;
                (forehead[s.Slot], rightCheek[s.Slot], leftCheek[s.Slot]) = s.SkinGreen;
                ear[s.Slot] = s.EyeAspectRatio;
                mouth[s.Slot] = s.MouthOpening;
                meshes[s.Slot] = s.Normalised;
                regions[s.Slot] = s.Regions;
            }

            var blink = BlinkAnalyzer.Analyze(ear, step);
            var flicker = FlickerAnalyzer.Analyze(meshes, regions);
            var measured = track.Samples.Where(s => s.Regions.Measured).Select(s => s.Regions).ToList();
            var noise = Series.Median(measured.Select(r => r.NoiseLogRatio).ToList());
            var detail = Series.Median(measured.Select(r => r.DetailLogRatio).ToList());
            var boundary = Series.Median(measured.Select(r => r.BoundaryRatio).ToList());
            var chroma = Series.Median(measured.Select(r => r.ChromaDistance).ToList());
            var lip = loudness is null ? null : LipSyncAnalyzer.Analyze(mouth, loudness, step);
            var pulse = PulseOverWindows(times, forehead, rightCheek, leftCheek, step);
            var box = MedianBox(track);
            var headPose = HeadPoseAnalyzer.Analyze(poseWhole, poseInner);
            var expression = ExpressionAnalyzer.Analyze(expressions);

            evidence.Add(FaceCueEvidence.Blink(who, blink));
            evidence.Add(FaceCueEvidence.Flicker(who, flicker));
            evidence.Add(FaceCueEvidence.Surroundings(who, noise, detail, boundary, chroma, measured.Count, FaceCueEvidence.DetectorId, box));
            if (lip is not null)
            {
                evidence.Add(FaceCueEvidence.LipSync(who, lip));
            }

            evidence.Add(FaceCueEvidence.Pulse(who, pulse));
            if (_pose is not null)
            {
                evidence.Add(FaceCueEvidence.HeadPose(who, headPose));
            }

            evidence.Add(FaceCueEvidence.Expression(who, expression));
            if (_blend is not null)
            {
                var perTrack = _blend.TrackAggregate.Length > 0;
                double? trackScore = null;
                if (_blend.IsWindowModel)
                {
                    // Windows of measured frames that never span a sampling gap; each frame shows its best window's score.
                    var measuredFrames = new float[]?[times.Count];
                    foreach (var s in track.Samples)
                    {
                        measuredFrames[s.Slot] = s.BlendDetail?.Features;
                    }

                    var (perFrame, whole) = _blend.ScoreTrack(measuredFrames, times.Select(double.IsNaN).ToList());
                    Array.Copy(perFrame, blend, blend.Length);
                    trackScore = whole;
                }

                var segments = BlendSegments(times, blend, step, _blend.Threshold, who);
                var finding = FaceBlendEvidence.Track(who, blend, _blend.Threshold, box, segments, perTrack, trackScore);
                if (finding.Direction == EvidenceDirection.Manipulated)
                {
                    if (segments.Count == 0)
                    {
                        // Flagged on the track score but no two frames in a row above the threshold: the stretch of
                        // the top-scoring third of its frames.
                        segments = [TopThirdSegment(times, blend, step, who)];
                        finding = FaceBlendEvidence.Track(who, blend, _blend.Threshold, box, segments, perTrack, trackScore);
                    }

                    // The map of the frame where the seam scored highest (the face's outline, stronger where the step is).
                    if (track.Samples.Where(x => x.BlendDetail is not null && double.IsFinite(blend[x.Slot])).MaxBy(x => blend[x.Slot]) is { BlendDetail: { } best } top)
                    {
                        finding = finding with { Heatmap = FaceBlendEvidence.Map(frameSize.Width, frameSize.Height, [(best, blend[top.Slot])], 0) };
                    }

                    blendSegments.AddRange(segments);
                }
                else if (!perTrack)
                {
                    blendSegments.AddRange(segments);
                }

                evidence.Add(finding);
            }
            else
            {
                evidence.Add(FaceBlendEvidence.NotApplicable(_blendWhyNot ?? "the face-blend model could not be loaded"));
            }

            // Timeline: the strongest value over faces at each frame.
            for (var k = 0; k < times.Count; k++)
            {
                closure[k] = Max(closure[k], blink.Closure[k]);
                poseScore[k] = Max(poseScore[k], Math.Clamp(headPose.Mismatch[k] / 20, 0, 1));
                blendScore[k] = Max(blendScore[k], blend[k]);
                if (regions[k] is { Measured: true } r)
                {
                    surroundScore[k] = Max(surroundScore[k], Math.Clamp(Math.Abs(r.NoiseLogRatio) / Math.Log(2.5), 0, 1));
                    if (k > 0 && regions[k - 1] is { Measured: true } prev)
                    {
                        flickerScore[k] = Max(flickerScore[k], Math.Clamp(Math.Abs(r.NoiseLogRatio - prev.NoiseLogRatio) / 0.5, 0, 1));
                    }
                }
            }

            if (index == 1)
            {
                var presence = Series.Median(track.Samples.Select(s => s.Face.Mesh.Presence).ToList());
                var width = Series.Median(track.Samples.Select(s => (double)s.Face.Mesh.Bounds().Width).ToList());
                features = FaceVideoFeatures.From(tracks.Count, framesWithFaces / (double)ordered.Count, track.Samples.Count * step, width, presence,
                    blink, flicker, noise, detail, boundary, chroma, lip, pulse, headPose, expression);
            }
        }

        evidence.Insert(0, FaceCueEvidence.Make("faces.tracks", EvidenceCategory.Faces, EvidenceDirection.Neutral, 1, 1,
            tracks.Count == 1 ? "One face followed through the video" : $"{tracks.Count} faces followed through the video",
            $"Faces were found in {framesWithFaces} of {ordered.Count} frames analysed ({ordered[0].TimeSeconds:0.0}–{ordered[^1].TimeSeconds:0.0} s at {1 / step:0.#} fps) and followed as {tracks.Count} track(s); the facial cues below are per track.",
            [new Fact("face tracks", tracks.Count.ToString(System.Globalization.CultureInfo.InvariantCulture)), new Fact("frames with faces", framesWithFaces.ToString(System.Globalization.CultureInfo.InvariantCulture))]));

        var series = new List<TimeSeries>();
        series.AddRange(Split(times, closure, step, "faces.blink"));
        series.AddRange(Split(times, flickerScore, step, "faces.flicker"));
        series.AddRange(Split(times, surroundScore, step, "faces.surroundings"));
        series.AddRange(Split(times, poseScore, step, "faces.head-pose"));
        series.AddRange(Split(times, blendScore, step, FaceBlendEvidence.Id));
        return new FaceVideoResult(evidence, series, tracks.Count) { Features = features ?? WithTracks(tracks.Count, framesWithFaces / (double)ordered.Count), FramesExamined = examined, Segments = blendSegments };
    }

    /// <summary>The blend measurement of one face in one frame (none without the model or when the face is too small); a frame model's score at once.</summary>
    private TrackSample WithBlend(FaceFrame frame, FaceObservation face, TrackSample sample) =>
        _blend is not null && FaceBlendFeatures.Measure(frame.Image, face.Mesh) is { } m
            ? sample with { Blend = _blend.IsWindowModel ? double.NaN : _blend.Score(m.Features), BlendDetail = m } // a window model scores the track later
            : sample;

    /// <summary>From the first to one step after the last of the track's top-scoring third of frames.</summary>
    private static TimeSegment TopThirdSegment(List<double> times, double[] scores, double step, string who)
    {
        var ranked = Enumerable.Range(0, scores.Length).Where(k => double.IsFinite(scores[k]) && !double.IsNaN(times[k])).OrderByDescending(k => scores[k]).ToList();
        var top = ranked.Take(Math.Max(1, (int)Math.Ceiling(ranked.Count / 3.0))).ToList();
        return new TimeSegment(times[top.Min()], times[top.Max()] + step, Math.Round(scores[top[0]], 3), FaceBlendEvidence.Id, who);
    }

    /// <summary>
    /// Runs of frames whose blend score exceeds the threshold (one unflagged or unmeasured frame inside a run does not
    /// split it; a window gap does), from the first flagged frame to one step after the last; runs of one frame are dropped.
    /// </summary>
    private static List<TimeSegment> BlendSegments(List<double> times, double[] scores, double step, double threshold, string who)
    {
        var result = new List<TimeSegment>();
        int start = -1, last = -1, count = 0;
        var peak = 0.0;
        void Close()
        {
            if (start >= 0 && count >= 2)
            {
                result.Add(new TimeSegment(times[start], times[last] + step, Math.Round(peak, 3), FaceBlendEvidence.Id, who));
            }

            start = -1;
            count = 0;
            peak = 0;
        }

        for (var k = 0; k < times.Count; k++)
        {
            if (double.IsNaN(times[k]))
            {
                Close();
                continue;
            }

            if (scores[k] > threshold)
            {
                if (start < 0)
                {
                    start = k;
                }

                last = k;
                count++;
                peak = Math.Max(peak, scores[k]);
            }
            else if (start >= 0 && k - last > 1)
            {
                Close();
            }
        }

        Close();
        return result;
    }

    /// <summary>Pulse over the longest contiguous window (the spectrum needs evenly spaced samples).</summary>
    private static PulseStatistics PulseOverWindows(List<double> times, double[] forehead, double[] right, double[] left, double step)
    {
        int bestStart = 0, bestLength = 0, start = 0;
        for (var k = 0; k <= times.Count; k++)
        {
            if (k < times.Count && !double.IsNaN(times[k]))
            {
                continue;
            }

            if (k - start > bestLength)
            {
                bestStart = start;
                bestLength = k - start;
            }

            start = k + 1;
        }

        IReadOnlyList<double> Cut(double[] a) => new ArraySegment<double>(a, bestStart, bestLength);
        return PulseAnalyzer.Analyze(Cut(forehead), Cut(right), Cut(left), step);
    }

    private static double FrameStep(List<FaceFrame> ordered)
    {
        var diffs = new List<double>();
        for (var i = 1; i < ordered.Count; i++)
        {
            var d = ordered[i].TimeSeconds - ordered[i - 1].TimeSeconds;
            if (d > 1e-4)
            {
                diffs.Add(d);
            }
        }

        if (diffs.Count == 0)
        {
            return 0.1;
        }

        // The mean spacing, leaving out the gaps between windows (over twice the median spacing). Not the median alone:
        // a 25 fps source sampled at 10 fps gives frames 0.08 and 0.12 s apart in turn (24 fps: 0.083 / 0.125), and the
        // median of those is one of the two — a 20 % error in every rate, duration and frequency measured on the slots
        // (blinks a minute, seconds watched, blink length, pulse bpm, lip-sync lag, timeline times). Found in round 13:
        // a real 11.7 s clip was "watched for 14.0 s" and its one blink, seen at 7.4 s, was placed at 8.9 s.
        var median = Series.Median(diffs);
        var sum = 0.0;
        var n = 0;
        foreach (var d in diffs)
        {
            if (d <= 2 * median)
            {
                sum += d;
                n++;
            }
        }

        return Math.Clamp(sum / n, 0.01, 5);
    }

    /// <summary>Timeline series, one per contiguous window (NaN slots separate windows); unmeasured frames are 0.</summary>
    private static IEnumerable<TimeSeries> Split(List<double> times, double[] values, double step, string label)
    {
        var start = 0;
        for (var k = 0; k <= times.Count; k++)
        {
            if (k < times.Count && !double.IsNaN(times[k]))
            {
                continue;
            }

            if (k > start && values.Skip(start).Take(k - start).Any(v => !double.IsNaN(v)))
            {
                yield return new TimeSeries(times[start], step, values.Skip(start).Take(k - start).Select(v => double.IsNaN(v) ? 0f : (float)v).ToArray(), label);
            }

            start = k + 1;
        }
    }

    private static Region MedianBox(FaceTrack track)
    {
        var boxes = track.Samples.Select(s => s.Face.Mesh.Bounds()).ToList();
        double M(Func<(float X, float Y, float Width, float Height), double> f) => Series.Median(boxes.Select(f).ToList());
        return new Region((int)M(b => b.X), (int)M(b => b.Y), (int)M(b => b.Width), (int)M(b => b.Height), 1, $"face {track.Id}");
    }

    private static double Max(double a, double b) => double.IsNaN(a) ? b : double.IsNaN(b) ? a : Math.Max(a, b);

    private static double[] NaNs(int n)
    {
        var a = new double[n];
        Array.Fill(a, double.NaN);
        return a;
    }

    private static Dictionary<string, double> WithTracks(int tracks, double coverage)
    {
        var d = new Dictionary<string, double>(FaceVideoFeatures.Empty(), StringComparer.Ordinal)
        {
            ["faces.tracks"] = tracks,
            ["faces.coverage"] = coverage,
        };
        return d;
    }

    private static Evidence NotApplicable(string why) => FaceCueEvidence.Make("faces.video", EvidenceCategory.Faces, EvidenceDirection.Neutral, 1, 0, "Facial cues not applicable", why, []);
}
