using FakeLens.Faces.Blend;
using FakeLens.Faces.Cues;
using FakeLens.Faces.Mesh;
using FakeLens.Faces.Tracking;
using FakeLens.Imaging.Decoding;

namespace FakeLens.Faces.Learned;

/// <summary>One face track's <see cref="FaceCropFeatures"/> row: "clip" for the footage, "blend" for its self-blended twin.</summary>
/// <param name="TrackId">The tracker's id of the track.</param>
/// <param name="Kind">"clip" (the faces as filmed) or "blend" (every frame self-blended with one setting: a simulated fake).</param>
/// <param name="Frames">Frames whose deep features could be measured.</param>
/// <param name="Values">Confound track values (<see cref="FaceCropFeatures.ConfoundTrackNames"/>), then deep ones (<see cref="FaceCropFeatures.DeepTrackNames"/>).</param>
public sealed record FaceCropTrackRow(int TrackId, string Kind, int Frames, float[] Values);

/// <summary>
/// Follows the faces of sampled frames with <see cref="FaceTracker"/> (as <see cref="FaceVideoAnalyzer"/> does) and measures
/// <see cref="FaceCropFeatures"/> on the longest tracks (at least <see cref="FaceVideoAnalyzer.MinTrackFrames"/> frames).
/// With a blend seed every track also gets a twin whose every frame is a self-blend of the same face, one random setting
/// per track (<see cref="SelfBlender"/>): the simulated fakes of the self-blended-images idea. Round 15's experiment
/// (docs/faces.md); not used at scan time.
/// </summary>
public static class FaceCropTracks
{
    /// <summary>The rows of one clip's frames; none when no track is long enough.</summary>
    /// <param name="engine">The face engine (detector + mesh).</param>
    /// <param name="frames">The clip's sampled frames, in time order.</param>
    /// <param name="maxTracks">The longest tracks kept.</param>
    /// <param name="blendSeed">Seed of the blend twins; null for none. The clip's own key is mixed in by the caller.</param>
    /// <param name="ct">Cancellation.</param>
    public static IReadOnlyList<FaceCropTrackRow> Measure(FaceEngine engine, IReadOnlyList<FaceFrame> frames, int maxTracks, int? blendSeed, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(frames);
        var tracker = new FaceTracker();
        var found = false;
        for (var i = 0; i < frames.Count; i++)
        {
            ct.ThrowIfCancellationRequested();
            var f = frames[i];
            var faces = engine.Find(f.Image, tiles: i == 0 || (!found && i % 5 == 0), ct);
            found |= faces.Count > 0;
            tracker.Add(f.TimeSeconds, faces.Select(o => new TrackSample(i, f.TimeSeconds, o, FaceRegionAnalyzer.Measure(f.Image, o.Mesh), FlickerAnalyzer.Normalise(o.Mesh), 0, 0, (0, 0, 0))).ToList());
        }

        var rows = new List<FaceCropTrackRow>();
        foreach (var t in tracker.Tracks.Where(t => t.Samples.Count >= FaceVideoAnalyzer.MinTrackFrames).OrderByDescending(t => t.Samples.Count).Take(maxTracks))
        {
            ct.ThrowIfCancellationRequested();
            var images = t.Samples.Select(s => frames[s.Slot].Image).ToList();
            var meshes = t.Samples.Select(s => s.Face.Mesh).ToList();
            rows.Add(Row(t.Id, "clip", images, meshes));
            if (blendSeed is { } seed)
            {
                var rng = new Random(seed + t.Id);
                var settings = SelfBlendSettings.Random(rng, Math.Max(8, meshes.Max(m => Math.Max(m.Bounds().Width, m.Bounds().Height))));
                var blended = images.Select((im, k) => SelfBlender.Blend(im, meshes[k], settings, rng).Image).ToList();
                rows.Add(Row(t.Id, "blend", blended, meshes));
            }
        }

        return rows;
    }

    private static FaceCropTrackRow Row(int track, string kind, List<RgbImage> images, List<FaceMesh> meshes)
    {
        var deep = images.Select((im, k) => FaceBlendDeepFeatures.Measure(im, meshes[k])).ToList();
        var conf = images.Select((im, k) => FaceCropFeatures.Confound(im, meshes[k])).ToList();
        float[] values = [.. FaceCropFeatures.Aggregate(conf, FaceCropFeatures.ConfoundFrameNames.Count), .. FaceCropFeatures.Aggregate(deep, FaceCropFeatures.DeepFrameNames.Count)];
        return new FaceCropTrackRow(track, kind, deep.Count(d => d is not null), values);
    }
}
