using System.Globalization;
using FakeLens.Core.Detection;
using FakeLens.Core.Evidence;
using FakeLens.Core.Media;
using FakeLens.Imaging.Decoding;
using FakeLens.Imaging.Features;
using FakeLens.Imaging.Jpeg;
using FakeLens.Learning.Models;

namespace FakeLens.Learning.Image;

// Learned whole-image AI-generation detector. Features: ImagePatchFeatures on a grid of at most 16 native-
// resolution 256 px patches — pooled ImageNet ResNet-18 activations of each patch's 224 px centre crop (He et al.
// 2016; frozen pretrained features transfer to unseen generators, Ojha et al. 2023), frequency fingerprint of
// up-sampling (Durall et al. 2020; Frank et al. 2020), NPR residual (Tan et al. 2024), second-order SPAM
// co-occurrences (Pevný et al. 2010; Fridrich & Kodovský 2012), saturation/chroma cues (McCloskey & Albright 2019)
// and noise-level consistency. Classifier: the shipped default-image-v5 model (gradient-boosted trees, ML.NET
// LightGBM) trained on the issue-13 corpus (data/image-corpus.csv: 25 leave-one-out families of about 45 generators,
// 2,538 real photos from many cameras and phones; no repository above a quarter of its class's training weight),
// patch logits averaged, Platt-calibrated on held-out image folds, threshold at 1 % false
// positives on held-out real photos. The evidence quotes the leave-one-generator-out figures stored in the model
// file, because the in-domain figure says little about generators the model never saw. The likelihood ratio is
// the calibrated odds p / (1 − p) (the training classes are balanced), capped at 9 and only above the threshold.
// Reliability drops, and the explanation says why, for images under 256 px, heavy JPEG (q < 60), screenshots
// and drawings (few distinct colours or large flat areas), where the training photos say nothing.
public sealed class AiImageModelDetector : PixelDetector
{
    private const double MaxLikelihoodRatio = 9;
    private const double BaseReliability = 0.7;
    private readonly Lazy<(LearnedImageModel? Model, string? Error)> _model;

    public AiImageModelDetector()
        : this(() => LearnedImageModel.LoadDefault())
    {
    }

    public AiImageModelDetector(LearnedImageModel model)
        : this(() => model)
    {
        ArgumentNullException.ThrowIfNull(model);
    }

    private AiImageModelDetector(Func<LearnedImageModel> load)
    {
        _model = new Lazy<(LearnedImageModel?, string?)>(() =>
        {
            try
            {
                return (load(), null);
            }
            catch (ModelMismatchException e)
            {
                return (null, e.Message);
            }
        });
    }

    public override string Id => "ai-image.model";

    public override string Description => "Learned AI-image detector (pretrained ResNet-18, spectral, NPR, SPAM, colour and noise features on 256 px patches; calibrated probability and patch map).";

    public override EvidenceCategory Category => EvidenceCategory.Learned;

    protected override IReadOnlyList<Evidence> Analyze(AnalysisContext context, DecodedImage decoded, int? jpegQuality, CancellationToken cancellationToken) =>
        [Analyze(decoded, jpegQuality, cancellationToken)];

    /// <summary>Scores a decoded image; <paramref name="jpegQuality"/> is the estimated JPEG quality or null.</summary>
    public Evidence Analyze(DecodedImage decoded, int? jpegQuality, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(decoded);
        var (model, error) = _model.Value;
        var image = decoded.Image;
        if (model is null)
        {
            return Neutral("ai-image.model-unavailable", "Learned AI-image model unavailable", $"The learned AI-image detector could not load its model: {error}", 0);
        }

        if (PatchLayout.SideFor(image.Width, image.Height) == 0)
        {
            return Neutral("ai-image.model-not-applicable", "Too small for the learned AI-image detector",
                $"The image is {image.Width} × {image.Height} px; the learned detector needs at least {PatchLayout.MinSide} px on each side, so it says nothing here.", 0);
        }

        var score = model.Score(image, cancellationToken);
        var (reliability, caveats) = Reliability(image, decoded, jpegQuality);
        var inv = CultureInfo.InvariantCulture;
        var manifest = model.Bundle.Manifest;
        var p = score.Probability;
        var threshold = model.Model.Threshold;
        var share = score.FractionOfRealAtOrAbove;
        var shareText = double.IsNaN(share) ? "no reference" : FormatShare(share);
        var top = IndexOfMax(score.PatchProbabilities);
        var topPatch = score.Patches[top];
        var facts = new List<Fact>
        {
            new("probability AI-generated (calibrated)", p.ToString("0.000", inv)),
            new("model", $"{manifest.DisplayName} ({manifest.Classifier}, {manifest.Calibration})"),
            new("decision threshold", threshold.ToString("0.000", inv) + FormattableString.Invariant($" ({100 * model.Model.TargetFpr:0.#} % of real photos above)")),
            new("real photos scoring this high", shareText),
            new("patches scored", FormattableString.Invariant($"{score.Patches.Count} × {topPatch.Size} px ({score.Columns} × {score.Rows})")),
            new("features", $"{ImagePatchFeatures.FeatureSetId} v{ImagePatchFeatures.Version}, {ImagePatchFeatures.Describe(model.Extractor.Families)}"),
        };
        var unseen = string.Empty;
        if (manifest.Metrics.TryGetValue(LearnedImageModel.LooMetric, out var loo))
        {
            var pooledText = manifest.Metrics.TryGetValue(LearnedImageModel.LooPooledMetric, out var pooled)
                ? FormattableString.Invariant($" ({pooled:0.00} over all held-out images together)")
                : string.Empty;
            unseen = FormattableString.Invariant($" On generator families left out of its training it separated their images from real photos of sources it had not seen with a mean AUC of {loo:0.00}{pooledText} (1 = perfect, 0.5 = chance).");
            facts.Add(new Fact(manifest.Version >= 3
                ? "AUC on generators it never saw (leave-one-generator-out, centre crops of at most 512 px at JPEG 85, mean over families)"
                : "AUC on generators it never saw (leave-one-generator-out, JPEG 85, mean over families)", loo.ToString("0.00", inv)));
            if (manifest.Metrics.TryGetValue("loo_pooled_tpr_at_1pct_fpr", out var caught))
            {
                facts.Add(new Fact("AI images of unseen generators caught at 1 % false alarms (pooled held-out)", FormattableString.Invariant($"{100 * caught:0} %")));
            }
            if (!double.IsNaN(pooled) && pooledText.Length > 0)
            {
                facts.Add(new Fact("AUC on generators it never saw (pooled held-out images)", pooled.ToString("0.00", inv)));
            }
        }

        var values = score.PatchProbabilities.Select(v => (float)v).ToArray();
        var heatmap = Heatmap.FromValues(score.Columns, score.Rows, values, 0f, 1f, "Learned AI-image probability per 256 px patch (red: looks generated)");
        var caveat = caveats.Count == 0 ? string.Empty : " Reliability is reduced: " + string.Join("; ", caveats) + ".";
        var cue = score.StrongestCue is null ? string.Empty : $" The strongest cue is {score.StrongestCue}.";
        var where = score.Patches.Count > 1
            ? FormattableString.Invariant($" The most suspicious patch is at ({topPatch.X}, {topPatch.Y}) with probability {score.PatchProbabilities[top]:0.00}; the patch map shows the rest.")
            : string.Empty;
        var lead = FormattableString.Invariant($"probability {p:0.00} (model {manifest.DisplayName}, calibrated; {shareText} of real photos score this high)");
        if (p >= threshold)
        {
            return new Evidence
            {
                Id = "ai-image.model",
                DetectorId = Id,
                Category = Category,
                Direction = EvidenceDirection.AiGenerated,
                Title = FormattableString.Invariant($"Learned detector: looks AI-generated ({p:0.00})"),
                Explanation = $"A model trained on real photos and AI images measured the pixels: {lead}.{cue}{where} " +
                    (manifest.Name == "default-image" && manifest.Version >= 2
                        ? "It has seen many generator families (diffusion, GAN-era and autoregressive models, Midjourney, DALL·E), but not every generator"
                        : "It has seen only the generators of its training data") + "; it can be wrong on unusual photos, and a high score is a reason to check provenance, not proof." + unseen + caveat,
                LikelihoodRatio = Math.Clamp(p / Math.Max(1e-6, 1 - p), 1, MaxLikelihoodRatio),
                Probability = p,
                Reliability = reliability,
                Facts = facts,
                Heatmap = heatmap,
            };
        }

        return new Evidence
        {
            Id = "ai-image.model",
            DetectorId = Id,
            Category = Category,
            Direction = EvidenceDirection.Neutral,
            Title = FormattableString.Invariant($"Learned detector: below its AI threshold ({p:0.00})"),
            Explanation = $"A model trained on real photos and AI images measured the pixels: {lead}, below its decision threshold {threshold.ToString("0.00", inv)}." +
                $"{cue}{where} Generators it has not seen often pass unnoticed, so this does not show the image is a real photo." + unseen + caveat,
            Probability = p,
            Reliability = reliability,
            Facts = facts,
            Heatmap = heatmap,
        };
    }

    private static string FormatShare(double share) => share switch
    {
        0 => "none",
        < 0.01 => "under 1 %",
        _ => FormattableString.Invariant($"{100 * share:0} %"),
    };

    private static (double Reliability, List<string> Caveats) Reliability(RgbImage image, DecodedImage decoded, int? quality)
    {
        var reliability = BaseReliability;
        var caveats = new List<string>();
        if (Math.Min(image.Width, image.Height) < PatchLayout.PatchSide)
        {
            reliability = Math.Min(reliability, 0.15);
            caveats.Add(FormattableString.Invariant($"the image is only {image.Width} × {image.Height} px, smaller than the 256 px patches the model was trained on"));
        }

        if (quality is < 60)
        {
            reliability = Math.Min(reliability, 0.25);
            caveats.Add(FormattableString.Invariant($"heavy JPEG compression (quality about {quality}) wipes out the fine pixel patterns the model reads"));
        }

        var (distinct, flat) = ColourStats(image);
        if (distinct < 2000 || flat > 0.5)
        {
            reliability = Math.Min(reliability, 0.2);
            caveats.Add(FormattableString.Invariant($"it looks like a screenshot, drawing or graphic ({distinct} distinct colours in a sample, {100 * flat:0} % flat pixels), not a photo like those the model was trained on"));
        }

        if (decoded.Incomplete)
        {
            reliability = Math.Min(reliability, 0.2);
            caveats.Add("the file is truncated and part of the image is filled grey");
        }

        return (reliability, caveats);
    }

    /// <summary>Distinct colours among up to 65 536 sampled pixels and the share of pixels equal to their right neighbour.</summary>
    internal static (int Distinct, double Flat) ColourStats(RgbImage image)
    {
        var p = image.Pixels;
        var total = image.Width * image.Height;
        var step = Math.Max(1, total / 65536);
        var seen = new HashSet<int>();
        long flat = 0, compared = 0;
        for (var i = 0; i < total; i += step)
        {
            var j = i * 3;
            seen.Add((p[j] << 16) | (p[j + 1] << 8) | p[j + 2]);
            if ((i % image.Width) < image.Width - 1)
            {
                compared++;
                flat += p[j] == p[j + 3] && p[j + 1] == p[j + 4] && p[j + 2] == p[j + 5] ? 1 : 0;
            }
        }

        return (seen.Count, compared == 0 ? 0 : flat / (double)compared);
    }

    private static int IndexOfMax(IReadOnlyList<double> values)
    {
        var best = 0;
        for (var i = 1; i < values.Count; i++)
        {
            if (values[i] > values[best])
            {
                best = i;
            }
        }

        return best;
    }

    private Evidence Neutral(string id, string title, string explanation, double reliability) => new()
    {
        Id = id,
        DetectorId = Id,
        Category = Category,
        Direction = EvidenceDirection.Neutral,
        Title = title,
        Explanation = explanation,
        Reliability = reliability,
    };
}
