using System.Globalization;
using System.Text;
using FakeLens.Core.Detection;
using FakeLens.Core.Evidence;
using FakeLens.Core.Media;

namespace FakeLens.Provenance.Labels;

// AI labels outside C2PA: reads, with small bounded readers of its own, the places where generators and platforms
// label their output — the IPTC Digital Source Type (IPTC Photo Metadata Standard 2023.1, Iptc4xmpExt:DigitalSourceType,
// vocabulary http://cv.iptc.org/newscodes/digitalsourcetype/) in XMP (JPEG APP1 incl. extended XMP, PNG iTXt, WebP,
// MP4) and the generation settings written by AUTOMATIC1111 (modules/images.py, infotext_utils.py), ComfyUI
// (nodes.py SaveImage, comfy_extras/nodes_images.py), NovelAI (text chunks and the alpha-LSB "stealth_pngcomp",
// NovelAI/novelai-image-metadata), InvokeAI, SwarmUI, Fooocus and Midjourney (formats as read by receyuki/
// stable-diffusion-prompt-reader and d3x-at/sd-parsers). Such labels are written automatically, so they are strong
// evidence, but nothing signs them: anyone can add or strip them. Hence likelihood ratio 20 at reliability 0.9 for an
// AI label or generator record (weight 2.7: alone it puts a file in the AI band at p ≈ 0.83, which such a record
// deserves — no camera writes sampler settings — yet stays below a verified signature); 6 for IPTC's
// "synthetic" terms, which also cover non-AI computer graphics; 1.5 for capture or edit terms, which any tool can
// write. The one label that can be checked, NovelAI's signed_hash (Ed25519 by NovelAI over the exact pixels and
// settings, key published in NovelAI/novelai-image-metadata nai_sig.py), is decisive at ratio 1000 when it verifies.
// Absence is never reported: most files, AI or not, carry no label at all.

/// <summary>
/// Finds AI labels outside C2PA: IPTC digital source types in XMP and generator records (prompt, model, sampler,
/// seed) from AUTOMATIC1111, ComfyUI, NovelAI, InvokeAI, SwarmUI, Fooocus and Midjourney. Emits nothing when no
/// label is present.
/// </summary>
public sealed class GeneratorLabelDetector : IDetector
{
    /// <summary>Prompts longer than this are cut in the explanation (the full prompt is in a fact).</summary>
    public const int ExplanationPromptChars = 300;

    private const double AiRatio = 20;
    private const double SyntheticRatio = 6;
    private const double CaptureRatio = 1.5;
    private const double EditRatio = 1.5;
    private const double GraphWithoutSamplerRatio = 3;
    private const double LabelReliability = 0.9;
    private const int MaxFactChars = 20_000;
    private const double SignatureRatio = 1000;

    private readonly byte[] _novelAiKey;

    public GeneratorLabelDetector()
        : this(Convert.FromBase64String(NovelAiSignature.PublishedKey))
    {
    }

    /// <summary>With another Ed25519 key for NovelAI's signed_hash (tests sign with their own key).</summary>
    internal GeneratorLabelDetector(byte[] novelAiKey)
    {
        ArgumentNullException.ThrowIfNull(novelAiKey);
        _novelAiKey = novelAiKey;
    }

    public string Id => "labels";

    public string Description => "AI labels outside C2PA: IPTC digital source type in XMP; prompts, models and seeds written by Stable Diffusion tools, ComfyUI, NovelAI (alpha-channel stealth, signature verified), InvokeAI, SwarmUI, Fooocus, Midjourney.";

    public EvidenceCategory Category => EvidenceCategory.Provenance;

    public bool AppliesTo(MediaType media)
    {
        ArgumentNullException.ThrowIfNull(media);
        return media.Kind == MediaKind.Image || LabelReader.Supports(media.Format);
    }

    public ValueTask<IReadOnlyList<Evidence>> AnalyzeAsync(AnalysisContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        cancellationToken.ThrowIfCancellationRequested();
        var labels = LabelReader.Get(context, cancellationToken);
        var findings = LabelInterpreter.Interpret(labels);
        var result = new List<Evidence>();
        if (SourceType(findings.SourceTypes) is { } dst)
        {
            result.Add(dst);
        }

        foreach (var group in findings.Generators.GroupBy(g => g.Generator, StringComparer.Ordinal))
        {
            var records = group.OrderByDescending(g => g.Completeness).ToList();
            bool? signed = null;
            if (records.FirstOrDefault(r => r.SignedComment is not null) is { SignedComment: { } comment })
            {
                cancellationToken.ThrowIfCancellationRequested();
                signed = NovelAiSignature.Verify(context.Bytes.Span, comment, _novelAiKey, context.Limits.MaxPixels);
            }

            result.Add(Generator(records, signed));
            if (signed == true)
            {
                result.Add(Signature(records[0]));
            }
        }

        return ValueTask.FromResult<IReadOnlyList<Evidence>>(result);
    }

    private Evidence? SourceType(IReadOnlyList<SourceTypeLabel> found)
    {
        if (found.Count == 0)
        {
            return null;
        }

        // The most telling term leads: AI, then synthetic, edited, capture, other, unknown.
        var lead = found.OrderBy(f => f.Type?.Kind switch
        {
            SourceTypeKind.TrainedModel => 0,
            SourceTypeKind.Synthetic => 1,
            SourceTypeKind.Edited => 2,
            SourceTypeKind.Capture => 3,
            SourceTypeKind.Other => 4,
            _ => 5,
        }).First();
        var facts = new List<Fact>();
        foreach (var f in found.DistinctBy(f => (f.Value, f.Place)).Take(10))
        {
            facts.Add(new Fact("digital source type", $"{f.Value} ({f.Place})"));
        }

        var others = found.Where(f => f.Type?.Term != lead.Type?.Term).Select(f => f.Type?.Term ?? f.Value).Distinct(StringComparer.Ordinal).ToList();
        var otherText = others.Count == 0 ? string.Empty : $" The file also names {string.Join(", ", others)}; the labels disagree, which happens when a file passes through several tools.";
        const string Unsigned = " The label is not signed: any metadata tool can write it into any file or remove it, so it is strong only in the absence of reasons to doubt it; a valid C2PA signature, when present, is the stronger statement.";
        if (lead.Type is not { } t)
        {
            return Make(
                "labels.digital-source-type",
                EvidenceDirection.Neutral,
                $"Unrecognised digital source type: {Cut(lead.Value, 60)}",
                $"The {lead.Place} metadata carries an IPTC digital-source-type field with the value \"{Cut(lead.Value, 120)}\", which is not a term of the IPTC vocabulary. It may be a typo or a private extension; nothing follows from it.{otherText}",
                facts,
                1,
                0.5);
        }

        facts.Add(new Fact("IPTC name", t.Name));
        var said = $"The file's metadata ({lead.Place}) carries the IPTC digital source type \"{t.Term}\" (\"{t.Name}\": {t.Definition}).";
        return t.Kind switch
        {
            SourceTypeKind.TrainedModel => Make(
                "labels.digital-source-type",
                EvidenceDirection.AiGenerated,
                t.Term == "trainedAlgorithmicMedia" ? "Labelled as AI-generated (IPTC digital source type)" : "Labelled as partly AI-generated (IPTC digital source type)",
                said + " Generators and editors write this label automatically (Google, Meta, Midjourney and Adobe's generative tools among them) so that platforms can show an \"AI info\" notice. This is strong evidence that generative AI made or changed the picture." + Unsigned + otherText,
                facts,
                AiRatio,
                LabelReliability),
            SourceTypeKind.Synthetic => Make(
                "labels.digital-source-type",
                EvidenceDirection.AiGenerated,
                "Labelled as computer-made (IPTC digital source type)",
                said + " It says the picture is not a capture of real life. IPTC uses this term for software-made images that do not come from a trained AI model (C2PA's own test files use it for a generated colour gradient), so it is weaker than an AI label." + Unsigned + otherText,
                facts,
                SyntheticRatio,
                LabelReliability),
            SourceTypeKind.Edited => Make(
                "labels.digital-source-type",
                EvidenceDirection.Manipulated,
                "Labelled as an edited or composite capture (IPTC digital source type)",
                said + " Editing is normal for published pictures and this label says nothing about what was changed; it is weak evidence, and anyone can write it." + otherText,
                facts,
                EditRatio,
                LabelReliability),
            SourceTypeKind.Capture => Make(
                "labels.digital-source-type",
                EvidenceDirection.Authentic,
                "Labelled as a camera capture or scan (IPTC digital source type)",
                said + " Cameras, phones and photo agencies write this, so it fits a real photograph, but it is weak evidence: anyone can write this label into any file, including an AI image." + otherText,
                facts,
                CaptureRatio,
                LabelReliability),
            _ => Make(
                "labels.digital-source-type",
                EvidenceDirection.Neutral,
                $"Labelled as {t.Name.ToLowerInvariant()} (IPTC digital source type)",
                said + " It describes neither a photograph nor AI output, and like all metadata it can be written by anyone." + otherText,
                facts),
        };
    }

    private Evidence Signature(GeneratorLabel g) => new()
    {
        Id = "labels.novelai-signature",
        DetectorId = Id,
        Category = Category,
        Direction = EvidenceDirection.AiGenerated,
        Title = "NovelAI signature verified: generated by NovelAI",
        Explanation = "The file carries NovelAI's signed_hash, an Ed25519 signature NovelAI's servers compute over the picture's exact pixels and its generation settings, " +
            "and it verifies with NovelAI's published key. Nobody without NovelAI's private key can produce it, and any change to the pixels breaks it, so this picture is, " +
            $"pixel for pixel, an image NovelAI generated ({g.Model ?? "model not named"}).",
        Facts = [new Fact("signature", "Ed25519, NovelAI key " + NovelAiSignature.PublishedKey[..12] + "…"), new Fact("found in", g.Place)],
        LikelihoodRatio = SignatureRatio,
        Reliability = 1,
        Decisive = true,
    };

    private Evidence Generator(List<GeneratorLabel> records, bool? signed)
    {
        var g = records[0];
        var facts = new List<Fact> { new("generator", g.Generator), new("found in", string.Join("; ", records.Select(r => r.Place).Distinct(StringComparer.Ordinal).Take(5))) };
        void Add(string name, string? value)
        {
            if (!string.IsNullOrWhiteSpace(value))
            {
                facts.Add(new Fact(name, Cut(value, MaxFactChars)));
            }
        }

        Add("model", g.Model);
        Add("sampler", g.Sampler);
        Add("scheduler", g.Scheduler == g.Sampler ? null : g.Scheduler);
        Add("steps", g.Steps);
        Add("seed", g.Seed);
        Add("CFG scale", g.Cfg);
        Add("prompt", g.Prompt);
        Add("negative prompt", g.NegativePrompt);
        foreach (var (k, v) in g.Extra.Take(10))
        {
            Add(k, v);
        }

        Add("NovelAI signature", signed switch
        {
            true => "verifies",
            false => "does not verify (pixels or settings changed after generation, e.g. an edit or a re-encode, or the record was copied from another image)",
            null => null,
        });

        var settings = new List<string>();
        if (g.Model is not null)
        {
            settings.Add($"model {Cut(g.Model, 80)}");
        }

        if (g.Sampler is not null)
        {
            settings.Add($"sampler {Cut(g.Sampler, 40)}");
        }

        if (g.Steps is not null)
        {
            settings.Add($"{Cut(g.Steps, 10)} steps");
        }

        if (g.Seed is not null)
        {
            settings.Add($"seed {Cut(g.Seed, 30)}");
        }

        if (g.Cfg is not null)
        {
            settings.Add($"CFG scale {Cut(g.Cfg, 10)}");
        }

        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"The file carries the generation record of {g.Generator} ({records[0].Place})");
        text.Append(settings.Count > 0 ? $": {string.Join(", ", settings)}." : ".");
        if (g.Prompt is not null)
        {
            text.Append(CultureInfo.InvariantCulture, $" The prompt reads: \"{Cut(g.Prompt, ExplanationPromptChars)}\"");
            text.Append(g.Prompt.Length > ExplanationPromptChars ? " (shortened; the full prompt is in the facts)." : ".");
        }

        var sampling = g.Sampler is not null || g.Seed is not null || g.Steps is not null || g.Generator != ComfyGraph.Tool;
        if (sampling)
        {
            text.Append(" Image generators write this record automatically when they save a picture, so it is strong evidence the picture was generated (or, for image-to-image, regenerated) by AI. It is not proof: the record is unsigned, anyone can copy it into another file or write it by hand, and it is lost on most re-saves, so its absence proves nothing.");
        }
        else
        {
            text.Append(" The graph has no sampling step that FakeLens could find: ComfyUI is also used to upscale or retouch existing pictures, so this says the file went through an AI image tool, not that its content was generated. Like all metadata it is unsigned and can be copied or forged.");
        }

        return Make(
            "labels.generator",
            EvidenceDirection.AiGenerated,
            $"Generation settings of {g.Generator} embedded",
            text.ToString(),
            facts,
            sampling ? AiRatio : GraphWithoutSamplerRatio,
            LabelReliability);
    }

    private Evidence Make(string id, EvidenceDirection direction, string title, string explanation, IReadOnlyList<Fact> facts, double ratio = 1, double reliability = 1) => new()
    {
        Id = id,
        DetectorId = Id,
        Category = Category,
        Direction = direction,
        Title = title,
        Explanation = explanation,
        Facts = facts,
        LikelihoodRatio = direction == EvidenceDirection.Neutral ? 1 : ratio,
        Reliability = reliability,

        // Metadata and labels are written by anyone: a claim of authenticity here never argues against AI evidence.
        Forgeable = direction == EvidenceDirection.Authentic,
    };

    private static string Cut(string s, int max) => s.Length <= max ? s : s[..max] + "…";
}
