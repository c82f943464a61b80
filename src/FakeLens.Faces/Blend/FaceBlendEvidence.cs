using System.Globalization;
using FakeLens.Core.Evidence;
using FakeLens.Faces.Cues;

namespace FakeLens.Faces.Blend;

/// <summary>
/// Findings and maps of the self-blended face detector, for stills and video tracks. Rules: a still face scoring above
/// the model's threshold (set so about 1 % of held-out real faces exceed it) → manipulated, LR 4, reliability 0.5; a
/// video track, with the video model (threshold on the track score) → manipulated when the mean of the top third of its
/// measured frame scores (at least 3 frames) exceeds the threshold; with a per-frame model, when at least 40 % of its
/// measured frames (and at least 3) exceed it; LR 4, reliability 0.6 (several frames agreeing are worth more than one). LR 4 is the ceiling FakeLens allows heuristic
/// cues: the classifier has only seen self-blended faces, never a real face swap (docs/faces.md).
/// </summary>
public static class FaceBlendEvidence
{
    public const string Id = "faces.blend";
    public const double LikelihoodRatio = 4;
    public const double MinTrackShare = 0.4;
    public const int MinTrackFrames = 3;

    private static string F(double v, string format = "0.00") => v.ToString(format, CultureInfo.InvariantCulture);

    public static Evidence Still(string who, double score, double threshold, Region region, Heatmap? map)
    {
        var facts = new List<Fact> { new("face", who), new("blend score", F(score, "0.000")), new("threshold", F(threshold, "0.000")) };
        if (score > threshold)
        {
            return FaceCueEvidence.Make(Id, EvidenceCategory.Faces, EvidenceDirection.Manipulated, LikelihoodRatio, 0.5,
                $"{FaceCueEvidence.Cap(who)} looks blended into the picture",
                $"Along the outline of {who} the colour, sharpness or grain changes the way it does where a face has been pasted in with a soft mask (score {F(score, "0.00")}, flagged above {F(threshold, "0.00")}; about 1 in 100 real faces score that high). Face swaps and face reenactment leave such a seam; retouching, strong make-up or a hat brim can too.",
                facts, [region], Id) with
            { Heatmap = map, Probability = null };
        }

        return FaceCueEvidence.Make(Id, EvidenceCategory.Faces, EvidenceDirection.Neutral, 1, 0.5, $"No blending seam found on {who}",
            $"The outline of {who} shows no sign of a pasted face (score {F(score, "0.00")}, threshold {F(threshold, "0.00")}).", facts, [region], Id);
    }

    public static Evidence NotApplicable(string why) =>
        FaceCueEvidence.Make(Id, EvidenceCategory.Faces, EvidenceDirection.Neutral, 1, 0, "Blended-face check not applicable", $"Not applicable: {why}.", [], detectorId: Id);

    /// <summary>One video track's finding from its per-frame scores (NaN = not measured).</summary>
    /// <remarks><paramref name="trackScore"/>: the track's score when the model computes it itself (a window model: the
    /// top third of its window scores); otherwise the mean of the top third of <paramref name="scores"/>.</remarks>
    public static Evidence Track(string who, IReadOnlyList<double> scores, double threshold, Region region, IReadOnlyList<TimeSegment> segments, bool perTrack = false, double? trackScore = null)
    {
        if (perTrack)
        {
            return TrackScore(who, scores, threshold, region, segments, trackScore);
        }

        var measured = scores.Where(double.IsFinite).ToList();
        if (measured.Count == 0)
        {
            return FaceCueEvidence.Make(Id, EvidenceCategory.Faces, EvidenceDirection.Neutral, 1, 0, $"{FaceCueEvidence.Cap(who)} too small for the blended-face check",
                $"{FaceCueEvidence.Cap(who)} stays under {FaceBlendFeatures.MinFaceSize} px, too small to look for a blending seam.", [new Fact("face", who)], [region], Id);
        }

        var above = measured.Count(s => s > threshold);
        var share = above / (double)measured.Count;
        var median = Series.Median(measured);
        var facts = new List<Fact>
        {
            new("face", who),
            new("frames measured", measured.Count.ToString(CultureInfo.InvariantCulture)),
            new("frames above threshold", above.ToString(CultureInfo.InvariantCulture)),
            new("median blend score", F(median, "0.000")),
            new("threshold", F(threshold, "0.000")),
        };
        if (above >= MinTrackFrames && share >= MinTrackShare)
        {
            var where = Flagged(segments);
            return FaceCueEvidence.Make(Id, EvidenceCategory.Faces, EvidenceDirection.Manipulated, LikelihoodRatio, 0.6,
                $"{FaceCueEvidence.Cap(who)} looks blended into the video",
                $"In {above} of {measured.Count} frames the outline of {who} shows the colour, sharpness or grain change of a face pasted in with a soft mask (median score {F(median)}, threshold {F(threshold)}), as face swaps and face reenactment leave it.{where}",
                facts, [region], Id);
        }

        return FaceCueEvidence.Make(Id, EvidenceCategory.Faces, EvidenceDirection.Neutral, 1, 0.6, $"No blending seam found on {who}",
            $"{above} of {measured.Count} frames of {who} score above the threshold {F(threshold)} (median {F(median)}): too few for a pasted face.", facts, [region], Id);
    }

    /// <summary>
    /// The video model's rule: the track's score is the mean of the top third of its frame scores
    /// (<see cref="FaceBlendTracks.TrackScore"/>); at least <see cref="MinTrackFrames"/> measured frames and a score above
    /// the threshold, which was set so about 1 % of held-out real H.264 face tracks exceed it → manipulated, LR 4, reliability 0.6.
    /// </summary>
    private static Evidence TrackScore(string who, IReadOnlyList<double> scores, double threshold, Region region, IReadOnlyList<TimeSegment> segments, double? trackScore)
    {
        var measured = scores.Where(double.IsFinite).ToList();
        if (measured.Count < MinTrackFrames || trackScore is double.NaN)
        {
            return FaceCueEvidence.Make(Id, EvidenceCategory.Faces, EvidenceDirection.Neutral, 1, 0, $"{FaceCueEvidence.Cap(who)} too small or too brief for the blended-face check",
                $"{FaceCueEvidence.Cap(who)} was measured in {measured.Count} frame(s) (at least {MinTrackFrames} at {FaceBlendFeatures.MinFaceSize} px or more are needed) to look for a blending seam.", [new Fact("face", who)], [region], Id);
        }

        var score = trackScore ?? FaceBlendTracks.TrackScore(measured);
        var above = measured.Count(s => s > threshold);
        var facts = new List<Fact>
        {
            new("face", who),
            new("frames measured", measured.Count.ToString(CultureInfo.InvariantCulture)),
            new("frames above threshold", above.ToString(CultureInfo.InvariantCulture)),
            new("track blend score", F(score, "0.000")),
            new("median blend score", F(Series.Median(measured), "0.000")),
            new("threshold", F(threshold, "0.000")),
        };
        if (score > threshold)
        {
            var where = Flagged(segments);
            return FaceCueEvidence.Make(Id, EvidenceCategory.Faces, EvidenceDirection.Manipulated, LikelihoodRatio, 0.6,
                $"{FaceCueEvidence.Cap(who)} looks blended into the video",
                $"Along the outline of {who} the colour, sharpness or grain changes the way it does where a face has been pasted in with a soft mask, as face swaps and face reenactment leave it: {(trackScore is null ? $"its strongest third of {measured.Count} frames scores" : $"over {measured.Count} frames, its strongest stretches of frames score")} {F(score)} (flagged above {F(threshold)}; about 1 in 100 real face tracks score that high).{where} Retouching filters, heavy make-up or a hat brim can leave a similar edge.",
                facts, [region], Id);
        }

        return FaceCueEvidence.Make(Id, EvidenceCategory.Faces, EvidenceDirection.Neutral, 1, 0.6, $"No blending seam found on {who}",
            $"{(trackScore is null ? $"The strongest third of {measured.Count} frames of {who} scores" : $"Over {measured.Count} frames, the strongest stretches of frames of {who} score")} {F(score)}, under the threshold {F(threshold)}: no sign of a pasted face.", facts, [region], Id);
    }

    /// <summary>
    /// A map over the whole image: each face's score spread over the band around its outline (ρ 0.6–1.1), stronger in
    /// the sectors whose boundary discontinuity is largest. Faces below the threshold add nothing.
    /// </summary>
    public static Heatmap? Map(int width, int height, IReadOnlyList<(FaceBlendMeasurement Measurement, double Score)> faces, double threshold)
    {
        var flagged = faces.Where(f => f.Score > threshold).ToList();
        if (flagged.Count == 0 || width < 1 || height < 1)
        {
            return null;
        }

        var cols = Math.Min(64, width);
        var rows = Math.Max(1, (int)Math.Round(cols * height / (double)width));
        var values = new float[cols * rows];
        foreach (var (m, score) in flagged)
        {
            var max = Math.Max(1e-6, m.SectorBoundary.Max());
            for (var r = 0; r < rows; r++)
            {
                for (var c = 0; c < cols; c++)
                {
                    var (rho, sector) = m.Frame.PolarOfImagePoint((c + 0.5) * width / cols, (r + 0.5) * height / rows);
                    if (rho is >= 0.6 and <= 1.1)
                    {
                        var v = (float)(score * (0.4 + (0.6 * m.SectorBoundary[sector] / max)));
                        values[(r * cols) + c] = Math.Max(values[(r * cols) + c], v);
                    }
                }
            }
        }

        return new Heatmap(cols, rows, values, "blending seam along the face outline (blend score × boundary strength)");
    }

    /// <summary>" Flagged: 1.0–2.5 s, …." for up to four stretches, or nothing.</summary>
    private static string Flagged(IReadOnlyList<TimeSegment> segments) =>
        segments.Count == 0 ? string.Empty : " Flagged: " + string.Join(", ", segments.Take(4).Select(s => $"{F(s.StartSeconds, "0.0")}–{F(s.EndSeconds, "0.0")} s")) + ".";
}
