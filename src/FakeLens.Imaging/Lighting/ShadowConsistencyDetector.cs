using System.Globalization;
using FakeLens.Core.Detection;
using FakeLens.Core.Evidence;
using FakeLens.Core.Media;
using FakeLens.Imaging.Decoding;

namespace FakeLens.Imaging.Lighting;

// Shadow-direction consistency, a deliberately simple 2-D version of the cast-shadow constraints of Kee, O'Brien &
// Farid (2013, "Exposing photo manipulation with inconsistent shadows", ACM TOG 32): under one distant light, the
// vector from a cast shadow to the object that casts it points towards the light, for every object in the scene.
// Objects and faces come from the occluding-contour analysis (LightingAnalyzer); shadows are dark areas of
// unchanged colour touching them (ShadowAnalyzer). Comparisons: each shadow's direction against the contour light
// of the same object (when that fit is usable) and against the other objects' shadows. A disagreement Δ is weighed
// against √(σ₁² + σ₂² + 2 × 25²): the 25° per estimate stands for what the image plane hides — perspective on a
// ground plane turns parallel shadows into converging ones, and a shadow on a wall or on the object's own base
// points elsewhere than one on the floor (Kee et al. use wedge constraints, not vectors, for exactly this reason).
// Inconsistent when Δ > 90° and Δ is more than 3.5 combined sigmas — in effect a shadow on the lit side: at 60° and
// 2 sigmas 6 of the 92 untouched Kodak/CBSD68 photos were flagged (disagreements of 108–168° at 2.2–3.5 sigmas,
// from dark objects and clothing taken for shadows), and the check separated nothing on the tamper benchmark.
// Score = clamp((z − 1)/3) × clamp((Δ − 30°)/45°).
// Nothing to compare: "too little to judge". Reliability 0.3 and LR ≤ 2.5: automatic shadow segmentation on real
// photos also picks dark clothing, dark objects and attached shading, and real scenes can have several lights.
// Only an "inconsistent" finding carries a heatmap (the marked shadows and objects), so that the fused map is not
// diluted by empty maps.
public sealed class ShadowConsistencyDetector : PixelDetector
{
    private const double ModelSigma = 25;
    private const double MinDisagreement = 90;
    private const double MinZ = 3.5;
    private const double Reliability = 0.3;
    private readonly string? _cascadePath;
    private readonly LightingFaceSource? _faces;

    public ShadowConsistencyDetector(string? cascadePath = LightingConsistencyDetector.DefaultCascadePath, LightingFaceSource? faces = null)
    {
        _cascadePath = cascadePath;
        _faces = faces;
    }

    public override string Id => "lighting.shadows";

    public override string Description => "Directions of cast shadows next to objects and faces, compared with each other and with the shading-based light direction.";

    public override EvidenceCategory Category => EvidenceCategory.Lighting;

    protected override IReadOnlyList<Evidence> Analyze(AnalysisContext context, DecodedImage decoded, int? jpegQuality, CancellationToken cancellationToken)
    {
        var analysis = ShadowAnalyzer.Analyze(decoded.Image, LightingAnalyzer.Get(context, decoded, decoded.Image, _cascadePath, _faces, cancellationToken), cancellationToken);
        return [Report(analysis, decoded)];
    }

    private Evidence Report(ShadowAnalysis analysis, DecodedImage decoded)
    {
        var inv = CultureInfo.InvariantCulture;
        var regions = analysis.Lighting.Regions;
        var facts = new List<Fact>
        {
            new("objects and faces examined", regions.Count.ToString(inv)),
            new("shadow-like areas", analysis.Candidates.ToString(inv)),
            new("cast shadows attached to objects", analysis.Shadows.Count.ToString(inv)),
        };
        var comparisons = new List<Comparison>();
        for (var i = 0; i < analysis.Shadows.Count; i++)
        {
            var s = analysis.Shadows[i];
            var owner = regions[s.RegionIndex];
            facts.Add(new Fact($"shadow of {owner.Kind} at ({owner.X}, {owner.Y}): light from (°)", string.Format(inv, "{0:0} ± {1:0}", s.LightFromDegrees, s.SigmaDegrees)));
            if (owner.Usable)
            {
                comparisons.Add(Compare(s.LightFromDegrees, s.SigmaDegrees, owner.Light.AngleDegrees, owner.Light.SigmaDegrees, i, -1));
            }

            for (var j = i + 1; j < analysis.Shadows.Count; j++)
            {
                var t = analysis.Shadows[j];
                if (t.RegionIndex != s.RegionIndex)
                {
                    comparisons.Add(Compare(s.LightFromDegrees, s.SigmaDegrees, t.LightFromDegrees, t.SigmaDegrees, i, j));
                }
            }
        }

        facts.Add(new Fact("comparisons", comparisons.Count.ToString(inv)));
        var reliability = decoded.Incomplete ? 0.15 : Reliability;
        const string Convention = " Angles: 0° = light from the right, 90° = from above, 180° = from the left.";
        if (comparisons.Count == 0)
        {
            facts.Add(new Fact("score", "0.00"));
            return new Evidence
            {
                Id = "lighting.shadows.too-little",
                DetectorId = Id,
                Category = Category,
                Direction = EvidenceDirection.Neutral,
                Title = "Too little to judge the shadows",
                Explanation = "Checking shadows needs at least two objects with a clear cast shadow next to them, or one such shadow on an object whose shading " +
                    $"also shows where the light comes from. This picture gave {analysis.Shadows.Count} attached shadow{(analysis.Shadows.Count == 1 ? string.Empty : "s")} " +
                    $"among {regions.Count} objects or faces examined, so nothing can be said about the shadows either way.",
                Reliability = 0.1,
                Facts = facts,
            };
        }

        var worst = comparisons.MaxBy(c => c.Z)!;
        var score = Math.Clamp((worst.Z - 1) / 3, 0, 1) * Math.Clamp((worst.Delta - 30) / 45, 0, 1);
        var inconsistent = worst.Delta > MinDisagreement && worst.Z > MinZ;
        facts.Add(new Fact("largest disagreement (°)", worst.Delta.ToString("0", inv)));
        facts.Add(new Fact("disagreement in combined sigmas", worst.Z.ToString("0.0", inv)));
        facts.Add(new Fact("score", score.ToString("0.00", inv)));
        var marked = new List<Region>();
        foreach (var index in new[] { worst.First, worst.Second })
        {
            if (index < 0)
            {
                continue;
            }

            var s = analysis.Shadows[index];
            var owner = regions[s.RegionIndex];
            marked.Add(new Region(s.X, s.Y, s.Width, s.Height, inconsistent ? score : 0, string.Format(inv, "shadow of the {0} at ({1}, {2}): light from {3:0}° ± {4:0}°", owner.Kind, owner.X, owner.Y, s.LightFromDegrees, s.SigmaDegrees)));
            marked.Add(new Region(owner.X, owner.Y, owner.Width, owner.Height, inconsistent ? score : 0, owner.Usable
                ? string.Format(inv, "{0}: shading says light from {1:0}° ± {2:0}°", owner.Kind, owner.Light.AngleDegrees, owner.Light.SigmaDegrees)
                : $"{owner.Kind} casting the shadow"));
        }

        var what = worst.Second < 0
            ? string.Format(inv, "the shadow next to the {0} at ({1}, {2}) says the light comes from about {3:0}°, but the shading along the same {0}'s outline says {4:0}°", regions[analysis.Shadows[worst.First].RegionIndex].Kind, regions[analysis.Shadows[worst.First].RegionIndex].X, regions[analysis.Shadows[worst.First].RegionIndex].Y, analysis.Shadows[worst.First].LightFromDegrees, regions[analysis.Shadows[worst.First].RegionIndex].Light.AngleDegrees)
            : string.Format(inv, "the shadows next to two objects point to light from about {0:0}° and {1:0}°", analysis.Shadows[worst.First].LightFromDegrees, analysis.Shadows[worst.Second].LightFromDegrees);
        if (!inconsistent)
        {
            return new Evidence
            {
                Id = "lighting.shadows.consistent",
                DetectorId = Id,
                Category = Category,
                Direction = EvidenceDirection.Neutral,
                Title = "Shadows point the same way",
                Explanation = $"FakeLens found {analysis.Shadows.Count} cast shadow{(analysis.Shadows.Count == 1 ? string.Empty : "s")} next to objects and made {comparisons.Count} comparison{(comparisons.Count == 1 ? string.Empty : "s")}; " +
                    $"the directions agree within their uncertainty (largest difference {worst.Delta:0}°, {worst.Z:0.0} combined sigmas). A pasted object often brings a shadow " +
                    "that falls the wrong way, or none; here nothing stands out, though shadows can also be painted in to match." + Convention,
                Reliability = reliability,
                Facts = facts,
                Regions = marked,
            };
        }

        return new Evidence
        {
            Id = "lighting.shadows.inconsistent",
            DetectorId = Id,
            Category = Category,
            Direction = EvidenceDirection.Manipulated,
            Title = "Shadows fall in different directions",
            Explanation = $"Under one light every shadow points away from it; here {what} — {worst.Delta:0}° apart, {worst.Z:0.0} times the combined uncertainty. " +
                "An object pasted from another photo often brings its shadow with it, or has one drawn in. Look at the marked shadows and objects: a shadow falling on a wall or " +
                "step, a second lamp, dark clothing or a dark object mistaken for a shadow, and strong perspective can also cause this." + Convention,
            LikelihoodRatio = 1 + (1.5 * score),
            Reliability = reliability,
            Facts = facts,
            Heatmap = Map(decoded.Image.Width, decoded.Image.Height, marked),
            Regions = marked,
        };
    }

    private static Comparison Compare(double a, double sigmaA, double b, double sigmaB, int first, int second)
    {
        var delta = LightDirectionEstimator.AngleBetween(a, b);
        var sigma = Math.Sqrt((sigmaA * sigmaA) + (sigmaB * sigmaB) + (2 * ModelSigma * ModelSigma));
        return new Comparison(delta, delta / sigma, first, second);
    }

    /// <summary>The marked boxes painted with their scores on a grid of at most 256 cells a side.</summary>
    private static Heatmap Map(int width, int height, List<Region> marked)
    {
        var factor = Math.Max(1, (int)Math.Ceiling(Math.Max(width, height) / 256.0));
        var mw = Math.Max(1, width / factor);
        var mh = Math.Max(1, height / factor);
        var values = new float[mw * mh];
        foreach (var r in marked)
        {
            for (var y = r.Y / factor; y < Math.Min(mh, (r.Y + r.Height + factor - 1) / factor); y++)
            {
                for (var x = r.X / factor; x < Math.Min(mw, (r.X + r.Width + factor - 1) / factor); x++)
                {
                    values[(y * mw) + x] = Math.Max(values[(y * mw) + x], (float)r.Score);
                }
            }
        }

        return new Heatmap(mw, mh, values, "Shadows and objects whose light directions disagree");
    }

    /// <summary>One comparison between two directions: indices into the shadows (second −1: the first shadow's own object's contour light).</summary>
    private sealed record Comparison(double Delta, double Z, int First, int Second);
}
