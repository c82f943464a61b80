using FakeLens.Core.Evidence;
using FakeLens.Faces.Blend;
using FakeLens.Imaging.Decoding;

namespace FakeLens.Faces.Tests.Blend;

public sealed class FaceBlendTracksTests
{
    private static readonly Region Box = new(10, 10, 100, 100, 1, "the face");

    [Fact]
    public void Track_score_is_the_mean_of_the_top_third_of_measured_frames()
    {
        Assert.Equal(0.85, FaceBlendTracks.TrackScore([0.1, 0.9, double.NaN, 0.2, 0.8, 0.3, 0.4]), 6);
        Assert.Equal(0.5, FaceBlendTracks.TrackScore([0.5]), 6);
        Assert.True(double.IsNaN(FaceBlendTracks.TrackScore([double.NaN, double.NaN])));
    }

    [Fact]
    public void Per_track_rule_flags_a_steady_seam_but_not_one_odd_frame_of_a_long_track()
    {
        // 30 frames: a third at 0.8 (the seam shows when the head turns), the rest at 0.3 → track score 0.8.
        var steady = Enumerable.Range(0, 30).Select(i => i % 3 == 0 ? 0.8 : 0.3).ToList();
        // 30 frames at 0.2 with one frame at 0.99 → track score (0.99 + 9 × 0.2) / 10 ≈ 0.28.
        var odd = Enumerable.Range(0, 30).Select(i => i == 12 ? 0.99 : 0.2).ToList();

        var flagged = FaceBlendEvidence.Track("the face", steady, 0.6, Box, [], perTrack: true);
        var quiet = FaceBlendEvidence.Track("the face", odd, 0.6, Box, [], perTrack: true);
        // The still-frame rule (≥ 40 % of frames above the threshold) would not flag the steady seam (33 %).
        var frameRule = FaceBlendEvidence.Track("the face", steady, 0.6, Box, [], perTrack: false);

        Assert.Equal(EvidenceDirection.Manipulated, flagged.Direction);
        Assert.Equal(0.6, flagged.Reliability);
        Assert.Contains(flagged.Facts, f => f.Name == "track blend score" && f.Value == "0.800");
        Assert.Equal(EvidenceDirection.Neutral, quiet.Direction);
        Assert.Equal(EvidenceDirection.Neutral, frameRule.Direction);
        Assert.Equal(0, FaceBlendEvidence.Track("the face", [0.9, 0.9], 0.6, Box, [], perTrack: true).Reliability);
    }

    [Fact]
    public void H264_round_trip_keeps_every_frame_and_its_size()
    {
        var frames = Enumerable.Range(0, 5).Select(k => new RgbImage(64, 48, Enumerable.Range(0, 64 * 48 * 3).Select(i => (byte)((i + (k * 40)) % 251)).ToArray())).ToList();

        var decoded = FaceBlendTracks.H264RoundTrip(frames, 23);

        Assert.Equal(5, decoded.Count);
        Assert.All(decoded, f => Assert.Equal((64, 48), (f.Width, f.Height)));
        Assert.NotEqual(frames[0].Pixels, decoded[0].Pixels);
    }

    [Fact]
    public void A_real_face_gives_one_real_and_blended_tracks_coded_alike_with_the_face_found_in_every_frame()
    {
        var image = ImageResizer.Resize(FaceFixtures.Decode(FaceFixtures.PortraitPath), 1006, 1006);
        var face = FaceFixtures.Engine.Find(image, tiles: true).First();
        var crop = FaceBlendTraining.Crop(image, face);
        var mesh = FaceFixtures.Engine.Find(crop, tiles: false).First().Mesh;

        var tracks = FaceBlendTracks.MakeTracks("g", "p", 0, crop, mesh, FaceFixtures.Engine, 1, new Random(3), CancellationToken.None);

        Assert.Equal(2, tracks.Count);
        Assert.False(tracks[0].Blended);
        Assert.True(tracks[1].Blended);
        Assert.Equal(tracks[0].Crf, tracks[1].Crf);
        Assert.InRange(tracks[0].Crf, FaceBlendTracks.MinCrf, FaceBlendTracks.MaxCrf);
        Assert.InRange(tracks[0].FaceWidth, FaceBlendTracks.MinFaceWidth - 1, FaceBlendTracks.MaxFaceWidth + 1);
        Assert.All(tracks, t => Assert.Equal(FaceBlendTracks.FramesPerTrack, t.Frames.Count(f => f is not null)));
        // The frames move (the camera drifts), so consecutive frames are not measured identically.
        Assert.NotEqual(tracks[0].Frames[0], tracks[0].Frames[^1]);
    }

    [Fact]
    public void Longer_tracks_sweep_back_and_forth_over_the_8_frame_path()
    {
        var steps = Enumerable.Range(0, 24).Select(FaceBlendTracks.PathStep).ToArray();

        Assert.Equal(Enumerable.Range(0, FaceBlendTracks.FramesPerTrack), steps.Take(FaceBlendTracks.FramesPerTrack));
        Assert.Equal([6, 5, 4, 3, 2, 1, 0, 1, 2, 3, 4, 5, 6, 7, 6, 5], steps.Skip(FaceBlendTracks.FramesPerTrack));
        // Each frame moves one step of the 8-frame motion: never further from its neighbour, never off the 8-frame path.
        Assert.All(steps.Zip(steps.Skip(1)), p => Assert.Equal(1, Math.Abs(p.First - p.Second)));
        Assert.All(Enumerable.Range(0, 500).Select(FaceBlendTracks.PathStep), p => Assert.InRange(p, 0, FaceBlendTracks.FramesPerTrack - 1));
    }

    [Fact]
    public void A_24_frame_track_has_24_measured_frames_and_the_same_face_draws_as_the_8_frame_recipe()
    {
        var image = ImageResizer.Resize(FaceFixtures.Decode(FaceFixtures.PortraitPath), 1006, 1006);
        var face = FaceFixtures.Engine.Find(image, tiles: true).First();
        var crop = FaceBlendTraining.Crop(image, face);
        var mesh = FaceFixtures.Engine.Find(crop, tiles: false).First().Mesh;
        var shortRng = new Random(3);
        var longRng = new Random(3);

        var shortTracks = FaceBlendTracks.MakeTracks("g", "p", 0, crop, mesh, FaceFixtures.Engine, 1, shortRng, CancellationToken.None);
        var longTracks = FaceBlendTracks.MakeTracks("g", "p", 0, crop, mesh, FaceFixtures.Engine, 1, longRng, CancellationToken.None, frames: 24, extra: new Random(4));

        Assert.All(longTracks, t => Assert.Equal(24, t.Frames.Count));
        Assert.All(longTracks, t => Assert.Equal(24, t.Frames.Count(f => f is not null)));
        // Same size, CRF and (so) blend settings per face: the main generator is left exactly as the 8-frame recipe leaves it.
        Assert.Equal(shortTracks.Select(t => (t.Crf, t.FaceWidth, t.Copy)), longTracks.Select(t => (t.Crf, t.FaceWidth, t.Copy)));
        Assert.Equal(shortRng.Next(), longRng.Next());
        // The retraced frames are coded again, not copied: frame 8 sits where frame 6 does but is its own decoded frame.
        Assert.NotEqual(longTracks[1].Frames[8], longTracks[1].Frames[6]);
        Assert.Throws<ArgumentOutOfRangeException>(() => FaceBlendTracks.MakeTracks("g", "p", 0, crop, mesh, FaceFixtures.Engine, 1, new Random(3), CancellationToken.None, frames: 2));
    }

    [Fact]
    public void A_steady_mask_is_the_same_in_every_frame_and_a_flickering_one_is_redrawn()
    {
        var image = ImageResizer.Resize(FaceFixtures.Decode(FaceFixtures.PortraitPath), 1006, 1006);
        var face = FaceFixtures.Engine.Find(image, tiles: true).First();
        var crop = FaceBlendTraining.Crop(image, face);
        var mesh = FaceFixtures.Engine.Find(crop, tiles: false).First().Mesh;
        // A face that does not move: any change between frames comes from the mask.
        var still = Enumerable.Repeat((crop, mesh), 10).ToList();
        var settings = SelfBlendSettings.Random(new Random(5), 200) with { Ratio = 1 };

        var steady = FaceBlendTracks.BlendFrames(still, settings, new Random(6), new Random(7), steady: true);
        var flickering = FaceBlendTracks.BlendFrames(still, settings, new Random(6), new Random(7), steady: false);

        Assert.Equal(10, steady.Count);
        Assert.All(steady, f => Assert.Equal(steady[0].Pixels, f.Pixels));
        Assert.NotEqual(crop.Pixels, steady[0].Pixels);
        // Redrawn per frame, past the 8th frame too (the second generator).
        Assert.Equal(10, flickering.Select(f => Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(f.Pixels))).Distinct().Count());
    }

    [Fact]
    public void Steady_blends_are_added_after_the_flickering_ones_without_changing_them_and_can_be_measured_alone()
    {
        var image = ImageResizer.Resize(FaceFixtures.Decode(FaceFixtures.PortraitPath), 1006, 1006);
        var face = FaceFixtures.Engine.Find(image, tiles: true).First();
        var crop = FaceBlendTraining.Crop(image, face);
        var mesh = FaceFixtures.Engine.Find(crop, tiles: false).First().Mesh;
        var plainRng = new Random(3);
        var withRng = new Random(3);
        var aloneRng = new Random(3);

        var plain = FaceBlendTracks.MakeTracks("g", "p", 0, crop, mesh, FaceFixtures.Engine, 1, plainRng, CancellationToken.None);
        var withSteady = FaceBlendTracks.MakeTracks("g", "p", 0, crop, mesh, FaceFixtures.Engine, 1, withRng, CancellationToken.None, steadyBlends: 1, steady: new Random(9));
        var alone = FaceBlendTracks.MakeTracks("g", "p", 0, crop, mesh, FaceFixtures.Engine, 1, aloneRng, CancellationToken.None, steadyBlends: 1, steady: new Random(9), steadyOnly: true);

        // The real and flickering tracks are those of the plain recipe, measured alike; the generator is left as it leaves it.
        Assert.Equal([0, 1, 2], withSteady.Select(t => t.Copy));
        Assert.All(plain.Zip(withSteady), p => Assert.Equal(p.First.Frames, p.Second.Frames));
        var next = plainRng.Next();
        Assert.Equal(next, withRng.Next());
        // The steady track: blended, coded like its face's other tracks, the face found in every frame.
        var steady = withSteady[2];
        Assert.True(steady.Blended);
        Assert.Equal((plain[0].Crf, plain[0].FaceWidth), (steady.Crf, steady.FaceWidth));
        Assert.Equal(FaceBlendTracks.FramesPerTrack, steady.Frames.Count(f => f is not null));
        Assert.NotEqual(withSteady[1].Frames, steady.Frames);
        // Measured alone: the same track under the same ids (it joins the full run's file), and the generator moves alike.
        var single = Assert.Single(alone);
        Assert.Equal((steady.Group, steady.Path, steady.Face, steady.Copy, steady.Crf, steady.FaceWidth), (single.Group, single.Path, single.Face, single.Copy, single.Crf, single.FaceWidth));
        Assert.Equal(steady.Frames, single.Frames);
        Assert.Equal(next, aloneRng.Next());
    }

    [Fact]
    public void Half_steady_keeps_one_blend_per_face_the_same_track_a_full_run_measures()
    {
        var image = ImageResizer.Resize(FaceFixtures.Decode(FaceFixtures.PortraitPath), 1006, 1006);
        var face = FaceFixtures.Engine.Find(image, tiles: true).First();
        var crop = FaceBlendTraining.Crop(image, face);
        var mesh = FaceFixtures.Engine.Find(crop, tiles: false).First().Mesh;
        // One file name whose face 0 keeps its steady blend and one that keeps its flickering blend.
        var names = Enumerable.Range(0, 64).Select(i => $"dir/face{i}.jpg").ToList();
        var steadyName = names.First(n => FaceBlendTracks.SteadyHalf(n, 0));
        var flickerName = names.First(n => !FaceBlendTracks.SteadyHalf(n, 0));
        Assert.InRange(names.Count(n => FaceBlendTracks.SteadyHalf(n, 0)), 16, 48);
        // The pick depends on the file name and face index, not on the folder.
        Assert.Equal(FaceBlendTracks.SteadyHalf(steadyName, 0), FaceBlendTracks.SteadyHalf("/elsewhere/" + System.IO.Path.GetFileName(steadyName), 0));

        foreach (var (name, keptCopy) in (IEnumerable<(string, int)>)[(steadyName, 2), (flickerName, 1)])
        {
            var fullRng = new Random(3);
            var halfRng = new Random(3);
            var full = FaceBlendTracks.MakeTracks("g", name, 0, crop, mesh, FaceFixtures.Engine, 1, fullRng, CancellationToken.None, steadyBlends: 1, steady: new Random(9));
            var half = FaceBlendTracks.MakeTracks("g", name, 0, crop, mesh, FaceFixtures.Engine, 1, halfRng, CancellationToken.None, steadyBlends: 1, steady: new Random(9), halfSteady: true);
            Assert.Equal([0, keptCopy], half.Select(t => t.Copy));
            Assert.Equal(full[0].Frames, half[0].Frames);
            Assert.Equal(full[keptCopy].Frames, half[1].Frames);
            Assert.Equal(fullRng.Next(), halfRng.Next());
            // The same pick from a file holding both copies.
            Assert.Equal(half.Select(t => (t.Path, t.Copy)), FaceBlendTracks.KeepHalfSteady(full).Select(t => (t.Path, t.Copy)));
        }

        Assert.Throws<ArgumentException>(() => FaceBlendTracks.MakeTracks("g", "p", 0, crop, mesh, FaceFixtures.Engine, 2, new Random(3), CancellationToken.None, steadyBlends: 1, halfSteady: true));
    }

    [Fact]
    public void Per_frame_mask_jitter_stays_near_the_track_settings()
    {
        var s = SelfBlendSettings.Random(new Random(5), 200);
        var rng = new Random(6);
        for (var i = 0; i < 50; i++)
        {
            var j = FaceBlendTracks.Jitter(s, rng);
            Assert.Equal((s.Contrast, s.ShiftR, s.BlurSigma, s.Scale), (j.Contrast, j.ShiftR, j.BlurSigma, j.Scale));
            Assert.InRange(j.MaskSigma, s.MaskSigma * 0.85, s.MaskSigma * 1.15);
            Assert.InRange(j.ShiftX, s.ShiftX - 0.004, s.ShiftX + 0.004);
            Assert.InRange(j.Ratio, 0.3, 1);
        }
    }
}
