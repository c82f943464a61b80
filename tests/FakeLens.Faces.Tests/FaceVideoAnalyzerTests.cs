using FakeLens.Core.Evidence;
using FakeLens.Faces.Mesh;
using FakeLens.Imaging.Decoding;

namespace FakeLens.Faces.Tests;

public sealed class FaceVideoAnalyzerTests
{
    private static readonly FaceVideoAnalyzer Analyzer = new(FaceFixtures.Engine);

    /// <summary>3 s at 10 fps of the portrait cropped to 4:3 around the face and panned left to right, 640×480.</summary>
    private static List<FaceFrame> PannedPortrait() => FaceFixtures.Clip(
        $"-loop 1 -i \"{FaceFixtures.PortraitPath}\"", "crop=2400:1800:x='600+t*150':y=800", 3, 10, 640, 480);

    [Fact]
    public void A_panned_portrait_is_one_face_track_with_per_frame_series_and_features()
    {
        var frames = PannedPortrait();
        Assert.Equal(30, frames.Count);

        var result = Analyzer.Analyze(frames, null, CancellationToken.None);

        Assert.Equal(1, result.FaceTracks);
        Assert.Contains(result.Evidence, e => e.Id == "faces.tracks");
        var blinkSeries = Assert.Single(result.Series, s => s.Label == "faces.blink");
        Assert.Equal(30, blinkSeries.Values.Count);
        Assert.Equal(0.1, blinkSeries.StepSeconds, 6);
        Assert.Equal(FaceVideoFeatures.Names.Count, result.Features.Count);
        Assert.Equal(1, result.Features["faces.tracks"]);
        Assert.True(result.Features["faces.coverage"] > 0.9);

        // The photo does not change, so its eyes stay open and its texture steady against the background.
        Assert.Equal(0, result.Features["faces.blink.count"]);
        Assert.Equal(EvidenceDirection.Neutral, result.Evidence.Single(e => e.Id == "faces.flicker").Direction);
        Assert.Equal(0, result.Evidence.Single(e => e.Id == "faces.blink").Reliability); // 3 s: too short to judge

        // A photo moved in the frame turns as one piece: the inner face points where the head points.
        Assert.Equal(EvidenceDirection.Neutral, result.Evidence.Single(e => e.Id == "faces.head-pose").Direction);
        Assert.InRange(result.Features["faces.pose.mismatch_deg"], 0, 10);
        Assert.True(double.IsFinite(result.Features["faces.expr.smile_std"]));
    }

    [Fact]
    public void Frames_sampled_unevenly_from_a_25_fps_source_are_measured_at_their_mean_spacing()
    {
        // 10 fps taken from 25 fps video lands on source frames 0.08 and 0.12 s apart in turn (0, 0.12, 0.2, 0.32, …).
        // The slot step must be their mean, 0.1 s, or every duration and rate is off by 20 % (round 13 found a real
        // 11.7 s clip "watched for 14.0 s").
        var frames = PannedPortrait().Select((f, i) => new FaceFrame(Math.Floor((i * 2.5) + 0.5) / 25, f.Image)).ToList();
        Assert.Equal(0.12, frames[1].TimeSeconds - frames[0].TimeSeconds, 6);
        Assert.Equal(0.08, frames[2].TimeSeconds - frames[1].TimeSeconds, 6);

        var result = Analyzer.Analyze(frames, null, CancellationToken.None);

        var blinkSeries = Assert.Single(result.Series, s => s.Label == "faces.blink");
        Assert.Equal(0.1, blinkSeries.StepSeconds, 2);
        Assert.InRange(result.Features["faces.track_seconds"], 2.85, 3.15);
        var watched = result.Evidence.Single(e => e.Id == "faces.blink").Facts.Single(f => f.Name == "seconds watched").Value;
        Assert.Equal("3.0", watched);
    }

    [Fact]
    public void A_face_whose_noise_changes_every_frame_flickers_against_a_steady_background()
    {
        var frames = PannedPortrait();
        var engine = FaceFixtures.Engine;
        var flickering = frames.Select((f, i) =>
        {
            var face = engine.Find(f.Image, tiles: false).First();
            var oval = FaceFixtures.Scale(face.Mesh.Polygon(MeshRegions.FaceOval), 0.97);
            return new FaceFrame(f.TimeSeconds, FaceFixtures.AddNoiseInside(f.Image, oval, sigma: i % 2 == 0 ? 2 : 9, seed: i));
        }).ToList();

        var steady = Analyzer.Analyze(frames, null, CancellationToken.None);
        var result = Analyzer.Analyze(flickering, null, CancellationToken.None);

        var flicker = result.Evidence.Single(e => e.Id == "faces.flicker");
        Assert.Equal(EvidenceDirection.Manipulated, flicker.Direction);
        Assert.True(result.Features["faces.flicker.noise_ratio"] > 3 * steady.Features["faces.flicker.noise_ratio"]);
        Assert.Contains(result.Series, s => s.Label == "faces.flicker" && s.Values.Max() > 0.5f);
    }

    [Fact]
    public void A_clip_without_faces_is_not_applicable()
    {
        var frames = FaceFixtures.Clip("-f lavfi -i testsrc2=size=640x480:rate=10", string.Empty, 2, 10, 640, 480);

        var result = Analyzer.Analyze(frames, new SpeechEnvelope(0.01, new float[200]), CancellationToken.None);

        // One dense second of search, then every 5th frame: 10 + 2 of 20.
        Assert.Equal(12, result.FramesExamined);
        Assert.Equal(0, result.FaceTracks);
        var e = Assert.Single(result.Evidence);
        Assert.Equal(0, e.Reliability);
        Assert.Contains("No face", e.Explanation, StringComparison.Ordinal);
        Assert.True(double.IsNaN(result.Features["faces.blink.rate_per_min"]));
    }

    [Fact]
    public void Odd_frames_and_no_frames_give_answers_not_crashes()
    {
        var tiny = new FaceFrame(0, new RgbImage(1, 1, new byte[3]));
        var flat = new FaceFrame(0.1, new RgbImage(2000, 8, new byte[2000 * 8 * 3]));

        Assert.Equal(0, Analyzer.Analyze([], null, CancellationToken.None).FaceTracks);
        Assert.Equal(0, Analyzer.Analyze([tiny, flat, new FaceFrame(double.NaN, flat.Image)], null, CancellationToken.None).FaceTracks);
    }

    [Fact]
    public void Cancellation_stops_the_analysis()
    {
        using var cts = new CancellationTokenSource();
        cts.Cancel();

        Assert.Throws<OperationCanceledException>(() => Analyzer.Analyze([new FaceFrame(0, new RgbImage(64, 64, new byte[64 * 64 * 3]))], null, cts.Token));
    }
}
