using System.Globalization;
using FakeLens.Core.Detection;
using FakeLens.Core.Evidence;
using FakeLens.Core.Media;
using FakeLens.Imaging.Decoding;

namespace FakeLens.Imaging.Lighting;

// Lighting consistency from occluding contours, after Johnson & Farid (2005, "Exposing digital forgeries by
// detecting inconsistencies in lighting"): each face (in a scan faces.found's boxes, else a Haar cascade) and each large, nearly convex object
// outline gets a 2-D light direction from a least-squares fit I = v·N + A along its contour (see
// LightDirectionEstimator and LightingAnalyzer for the sampling parameters). Directions are compared pairwise
// (two regions) or each against the weighted circular mean of the others (three or more). A disagreement Δ
// is measured against the combined uncertainty √(σ₁² + σ₂² + 2 × 10²) — the 10° per region stands for what
// the automated contours and the Lambertian model get wrong beyond the fit's own noise (Johnson & Farid report
// errors of that order on real objects). Inconsistent when Δ > 40° and Δ is more than 2 combined sigmas.
// Score = clamp((z − 1)/3) × clamp((Δ − 15°)/30°). Fewer than two usable regions: "too little to judge".
// Likelihood ratio ≤ 2.5 and reliability 0.35: automatic contours on real photos often include hair, clothes or
// a textured object, and real scenes can have several lights.
public sealed class LightingConsistencyDetector : PixelDetector
{
    /// <summary>Where Debian's opencv-data package puts the frontal-face cascade.</summary>
    public const string DefaultCascadePath = "/usr/share/opencv4/haarcascades/haarcascade_frontalface_default.xml";

    private const double ModelSigma = 10;
    private const double MinDisagreement = 40;
    private const double MinZ = 2;
    private readonly string? _cascadePath;
    private readonly LightingFaceSource? _faces;

    public LightingConsistencyDetector(string? cascadePath = DefaultCascadePath, LightingFaceSource? faces = null)
    {
        _cascadePath = cascadePath;
        _faces = faces;
    }

    public override string Id => "lighting.contours";

    public override string Description => "Light direction fitted along the outlines of faces and objects (Johnson & Farid); flags objects lit from different directions.";

    public override EvidenceCategory Category => EvidenceCategory.Lighting;

    protected override IReadOnlyList<Evidence> Analyze(AnalysisContext context, DecodedImage decoded, int? jpegQuality, CancellationToken cancellationToken)
    {
        var analysis = LightingAnalyzer.Get(context, decoded, decoded.Image, _cascadePath, _faces, cancellationToken);
        return [Report(analysis, decoded)];
    }

    private Evidence Report(LightingAnalysis analysis, DecodedImage decoded)
    {
        var inv = CultureInfo.InvariantCulture;
        var usable = analysis.Regions.Where(r => r.Usable).ToList();
        var facesAvailable = analysis.FacesGiven || (_cascadePath is not null && File.Exists(_cascadePath));
        var facts = new List<Fact>
        {
            new("regions examined", analysis.Regions.Count.ToString(inv)),
            new("regions usable", usable.Count.ToString(inv)),
            new("faces found", facesAvailable ? analysis.Faces.ToString(inv) : "face finder not installed"),
            new("faces from", analysis.FacesGiven ? "faces.found (≥ 40 px at 1024 px)" : facesAvailable ? "Haar cascade" : "none"),
        };
        var standOut = new double[analysis.Regions.Count];
        double score = 0, worstDelta = 0, worstZ = 0;
        LitRegion? first = null, second = null;
        if (usable.Count == 2)
        {
            (worstDelta, worstZ) = Compare(usable[0].Light, usable[1].Light);
            (first, second) = (usable[0], usable[1]);
        }
        else if (usable.Count >= 3)
        {
            foreach (var r in usable)
            {
                var others = usable.Where(o => !ReferenceEquals(o, r)).Select(o => o.Light).ToList();
                var (delta, z) = Compare(r.Light, Mean(others));
                if (z > worstZ)
                {
                    (worstDelta, worstZ, first, second) = (delta, z, r, null);
                }
            }
        }

        if (usable.Count >= 2)
        {
            score = Math.Clamp((worstZ - 1) / 3, 0, 1) * Math.Clamp((worstDelta - 15) / 30, 0, 1);
        }

        var inconsistent = usable.Count >= 2 && worstDelta > MinDisagreement && worstZ > MinZ;
        for (var i = 0; i < analysis.Regions.Count; i++)
        {
            var r = analysis.Regions[i];
            standOut[i] = inconsistent && (ReferenceEquals(r, first) || ReferenceEquals(r, second)) ? (second is null ? score : score / 2) : 0;
        }

        facts.Add(new Fact("score", score.ToString("0.00", inv)));
        if (usable.Count >= 2)
        {
            facts.Add(new Fact("largest disagreement (°)", worstDelta.ToString("0", inv)));
            facts.Add(new Fact("disagreement in combined sigmas", worstZ.ToString("0.0", inv)));
        }

        var regions = new List<Region>();
        var kindCount = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < analysis.Regions.Count; i++)
        {
            var r = analysis.Regions[i];
            var k = kindCount[r.Kind] = kindCount.GetValueOrDefault(r.Kind) + 1;
            var label = r.Usable
                ? string.Format(inv, "{0} {1}: light from {2:0}° ± {3:0}° ({4})", r.Kind, k, r.Light.AngleDegrees, r.Light.SigmaDegrees, Words(r.Light.AngleDegrees))
                : $"{r.Kind} {k}: not used ({r.WhyNot})";
            regions.Add(new Region(r.X, r.Y, r.Width, r.Height, standOut[i], label));
            if (r.Usable)
            {
                facts.Add(new Fact($"{r.Kind} {k} light angle (°)", string.Format(inv, "{0:0} ± {1:0}", r.Light.AngleDegrees, r.Light.SigmaDegrees)));
            }
        }

        var heatmap = Map(analysis, standOut);
        var reliability = decoded.Incomplete ? 0.15 : 0.35;
        const string Convention = " Angles: 0° = light from the right, 90° = from above, 180° = from the left.";
        if (usable.Count < 2)
        {
            return new Evidence
            {
                Id = "lighting.contours.too-little",
                DetectorId = Id,
                Category = Category,
                Direction = EvidenceDirection.Neutral,
                Title = "Too little to judge the lighting",
                Explanation = $"Comparing the light on different objects needs at least two faces or clearly outlined, rounded objects whose shading can be read; " +
                    $"this picture gave {usable.Count} (of {analysis.Regions.Count} examined). Nothing can be said about the lighting either way." +
                    (facesAvailable ? string.Empty : " (The face finder is not installed, so faces were not used.)"),
                Reliability = 0.1,
                Facts = facts,
                Heatmap = heatmap,
                Regions = regions,
            };
        }

        var describe = second is null
            ? string.Format(inv, "{0} is lit from about {1:0}° ({2}), {3:0}° away from the direction the other {4} regions agree on", Name(first!, regions, analysis), first!.Light.AngleDegrees, Words(first.Light.AngleDegrees), worstDelta, usable.Count - 1)
            : string.Format(inv, "{0} is lit from about {1:0}° ({2}) and {3} from about {4:0}° ({5}), {6:0}° apart", Name(first!, regions, analysis), first!.Light.AngleDegrees, Words(first.Light.AngleDegrees), Name(second, regions, analysis), second.Light.AngleDegrees, Words(second.Light.AngleDegrees), worstDelta);
        if (!inconsistent)
        {
            return new Evidence
            {
                Id = "lighting.contours.consistent",
                DetectorId = Id,
                Category = Category,
                Direction = EvidenceDirection.Neutral,
                Title = "Light falls the same way on the objects measured",
                Explanation = $"FakeLens estimated where the light comes from on {usable.Count} faces or objects from the shading along their outlines; the directions agree within their uncertainty " +
                    $"(largest difference {worstDelta:0}°, {worstZ:0.0} combined sigmas). A pasted object often carries the light of its original photo; here nothing stands out, " +
                    "though a carefully matched composite would look the same." + Convention,
                Reliability = reliability,
                Facts = facts,
                Heatmap = heatmap,
                Regions = regions,
            };
        }

        return new Evidence
        {
            Id = "lighting.contours.inconsistent",
            DetectorId = Id,
            Category = Category,
            Direction = EvidenceDirection.Manipulated,
            Title = "Objects appear lit from different directions",
            Explanation = $"From the shading along the outlines, {describe} — {worstZ:0.0} times the combined uncertainty. Objects photographed together share the light, " +
                "so a face or object pasted from another photo often shows its own. Check the marked outlines: several lamps, reflections, dark clothing or hair at the edge " +
                "can also mislead this measurement." + Convention,
            LikelihoodRatio = 1 + (1.5 * score),
            Reliability = reliability,
            Facts = facts,
            Heatmap = heatmap,
            Regions = regions,
        };
    }

    private static string Name(LitRegion r, List<Region> regions, LightingAnalysis analysis)
    {
        var i = analysis.Regions.ToList().IndexOf(r);
        var label = regions[i].Label;
        return $"the {label[..label.IndexOf(':', StringComparison.Ordinal)]} at ({r.X}, {r.Y})";
    }

    private static (double Delta, double Z) Compare(LightEstimate a, LightEstimate b)
    {
        var delta = LightDirectionEstimator.AngleBetween(a.AngleDegrees, b.AngleDegrees);
        var sigma = Math.Sqrt((a.SigmaDegrees * a.SigmaDegrees) + (b.SigmaDegrees * b.SigmaDegrees) + (2 * ModelSigma * ModelSigma));
        return (delta, delta / sigma);
    }

    /// <summary>Inverse-variance weighted circular mean of several estimates, with its own sigma.</summary>
    private static LightEstimate Mean(List<LightEstimate> estimates)
    {
        double sx = 0, sy = 0, wsum = 0;
        foreach (var e in estimates)
        {
            var wgt = 1 / Math.Max(1, e.SigmaDegrees * e.SigmaDegrees);
            sx += wgt * Math.Cos(e.AngleDegrees * Math.PI / 180);
            sy += wgt * Math.Sin(e.AngleDegrees * Math.PI / 180);
            wsum += wgt;
        }

        var angle = LightDirectionEstimator.Normalise(Math.Atan2(sy, sx) * 180 / Math.PI);
        return new LightEstimate(angle, 1 / Math.Sqrt(wsum), 0, 0, 0, 0, 0);
    }

    private static string Words(double angle)
    {
        string[] names = ["from the right", "from the upper right", "from above", "from the upper left", "from the left", "from the lower left", "from below", "from the lower right"];
        return names[(int)Math.Round(LightDirectionEstimator.Normalise(angle) / 45) % 8];
    }

    /// <summary>Each region's stand-out score painted over its area, on a grid of at most 256 cells a side.</summary>
    private static Heatmap Map(LightingAnalysis analysis, double[] standOut)
    {
        var w = analysis.WorkWidth;
        var h = analysis.WorkHeight;
        var factor = Math.Max(1, (int)Math.Ceiling(Math.Max(w, h) / 256.0));
        var mw = Math.Max(1, w / factor);
        var mh = Math.Max(1, h / factor);
        var values = new float[mw * mh];
        for (var i = 0; i < analysis.Regions.Count; i++)
        {
            if (standOut[i] <= 0)
            {
                continue;
            }

            var mask = analysis.Regions[i].Mask;
            for (var y = 0; y < mh * factor && y < h; y++)
            {
                for (var x = 0; x < mw * factor && x < w; x++)
                {
                    if (mask[(y * w) + x] != 0)
                    {
                        var cell = ((y / factor) * mw) + (x / factor);
                        values[cell] = Math.Max(values[cell], (float)standOut[i]);
                    }
                }
            }
        }

        return new Heatmap(mw, mh, values, "Objects whose light direction disagrees with the rest");
    }
}
