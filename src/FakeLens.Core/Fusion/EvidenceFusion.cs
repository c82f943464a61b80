using System.Globalization;
using FakeLens.Core.Evidence;

namespace FakeLens.Core.Fusion;

/// <summary>
/// Fuses findings into a <see cref="Verdict"/>. The rule (docs/fusion.md):
/// <list type="number">
/// <item>Three hypotheses — AI-generated, manipulated, authentic — start from priors (0.25, 0.25, 0.5).</item>
/// <item>Each non-neutral finding adds its weight w = reliability × ln(likelihood ratio) to the log-odds of the
/// hypothesis it supports. Findings of one category are correlated, so within a category the k-th strongest
/// counts with factor 0.5^k; the summed cue weight of one hypothesis is capped at ln 20, so cues alone can
/// never reach near-certainty.</item>
/// <item>Decisive findings (valid signatures, decoded watermarks) add their full weight, uncapped: they dominate.</item>
/// <item>Forgeable claims of authenticity (camera EXIF, capture labels, untrusted signatures) are set aside when
/// anything points to AI generation: they never argue against a watermark, a label or a model.</item>
/// <item>Bands: decisive findings for two different hypotheses → inconclusive, saying which contradict; one
/// decisive direction → that band (authentic only with decisive provenance); otherwise AI-generated or
/// manipulated when its posterior reaches 0.8; strong cues (≥ 1.5 each) pointing at two hypotheses →
/// inconclusive; too little weight towards AI or manipulation → no evidence found; anything else → inconclusive.</item>
/// </list>
/// Until models are calibrated (later issues), the priors and caps are conventions, not measured rates.
/// </summary>
public sealed class EvidenceFusion(FusionOptions options)
{
    private static readonly EvidenceDirection[] Hypotheses = [EvidenceDirection.AiGenerated, EvidenceDirection.Manipulated, EvidenceDirection.Authentic];

    public EvidenceFusion()
        : this(FusionOptions.Default)
    {
    }

    public FusionOptions Options { get; } = options;

    public Verdict Fuse(IReadOnlyList<Evidence.Evidence> evidence)
    {
        ArgumentNullException.ThrowIfNull(evidence);
        var counted = Weigh(evidence);
        var cue = new double[3];
        var decisive = new double[3];
        foreach (var w in counted)
        {
            var h = Index(w.Direction);
            if (w.Decisive)
            {
                decisive[h] += w.Weight;
            }
            else
            {
                cue[h] += w.Weight;
            }
        }

        for (var h = 0; h < 3; h++)
        {
            cue[h] = Math.Min(cue[h], Options.CueWeightCap);
        }

        var probabilities = Posterior(cue, decisive);
        var top = counted.OrderByDescending(w => w.Weight).Take(3).ToList();
        var reasons = new List<string>();
        var setAside = SetAside(evidence);
        if (setAside.Count > 0)
        {
            reasons.Add("Not weighed against the evidence of AI generation, because anyone can write such a claim into a file: " +
                string.Join("; ", setAside.Select(e => e.Title).Distinct(StringComparer.Ordinal)) + ".");
        }

        var band = Decide(counted, cue, decisive, probabilities, reasons);
        var confidence = band switch
        {
            VerdictBand.AiGenerated => probabilities.AiGenerated,
            VerdictBand.Manipulated => probabilities.Manipulated,
            VerdictBand.AuthenticWithVerifiedProvenance => probabilities.Authentic,
            _ => 1 - probabilities.AiGenerated - probabilities.Manipulated,
        };
        return new Verdict(band, Math.Round(confidence, 4), probabilities, top, Summarise(band, probabilities, top), reasons);
    }

    /// <summary>Weights after reliability and same-category discount, strongest first; neutral findings left out.</summary>
    public IReadOnlyList<WeighedEvidence> Weigh(IReadOnlyList<Evidence.Evidence> evidence)
    {
        ArgumentNullException.ThrowIfNull(evidence);
        var result = new List<WeighedEvidence>();
        var setAside = SetAside(evidence);
        foreach (var group in evidence.Where(e => e.Direction != EvidenceDirection.Neutral && e.Weight > 0 && !setAside.Contains(e))
                     .GroupBy(e => (e.Category, e.Direction, e.Decisive)))
        {
            var factor = 1.0;
            foreach (var e in group.OrderByDescending(e => e.Weight))
            {
                var w = e.Decisive ? e.Weight : e.Weight * factor;
                result.Add(new WeighedEvidence(e.Id, e.Title, e.Direction, Math.Round(w, 4), e.Decisive));
                factor *= Options.SameCategoryDiscount;
            }
        }

        result.Sort((a, b) => b.Weight.CompareTo(a.Weight));
        return result;
    }

    /// <summary>
    /// Forgeable claims of authenticity (camera EXIF, capture labels, untrusted signatures) left out because the
    /// file carries evidence of AI generation: a fake is given camera data or a home-made "capture" signature on
    /// purpose, so such a claim must never argue against a watermark, a generator label or a model.
    /// </summary>
    private static HashSet<Evidence.Evidence> SetAside(IReadOnlyList<Evidence.Evidence> evidence)
    {
        var set = new HashSet<Evidence.Evidence>(ReferenceEqualityComparer.Instance);
        if (!evidence.Any(e => e.Direction == EvidenceDirection.AiGenerated && e.Weight > 0))
        {
            return set;
        }

        foreach (var e in evidence.Where(e => e.Forgeable && e.Direction == EvidenceDirection.Authentic && !e.Decisive))
        {
            set.Add(e);
        }

        return set;
    }

    private HypothesisProbabilities Posterior(double[] cue, double[] decisive)
    {
        var prior = new[] { Options.PriorAi, Options.PriorManipulated, 1 - Options.PriorAi - Options.PriorManipulated };
        var logit = new double[3];
        for (var h = 0; h < 3; h++)
        {
            logit[h] = Math.Log(prior[h]) + cue[h] + decisive[h];
        }

        var max = logit.Max();
        var exp = logit.Select(l => Math.Exp(l - max)).ToArray();
        var sum = exp.Sum();
        return new HypothesisProbabilities(Math.Round(exp[0] / sum, 4), Math.Round(exp[1] / sum, 4), Math.Round(exp[2] / sum, 4));
    }

    private VerdictBand Decide(IReadOnlyList<WeighedEvidence> counted, double[] cue, double[] decisive, HypothesisProbabilities p, List<string> reasons)
    {
        var decisiveDirections = Hypotheses.Where(h => decisive[Index(h)] > 0).ToList();
        if (decisiveDirections.Count >= 2)
        {
            var parts = counted.Where(w => w.Decisive).Select(w => $"{w.Title} ({Describe(w.Direction)})").Distinct();
            reasons.Add("Strong evidence contradicts itself: " + string.Join("; ", parts) + ". Each is normally near-certain, so a person must look at how the file was made.");
            return VerdictBand.Inconclusive;
        }

        if (decisiveDirections.Count == 1)
        {
            var d = decisiveDirections[0];
            var name = counted.First(w => w.Decisive).Title;
            reasons.Add($"Near-certain evidence decides: {name}.");
            var others = Hypotheses.Where(h => h != d && cue[Index(h)] >= Options.ContradictionWeight).ToList();
            if (others.Count > 0)
            {
                reasons.Add("Weaker signal cues point elsewhere (" + string.Join(", ", others.Select(Describe)) + "); they do not outweigh it, but are worth a look.");
            }

            return d switch
            {
                EvidenceDirection.AiGenerated => VerdictBand.AiGenerated,
                EvidenceDirection.Manipulated => VerdictBand.Manipulated,
                _ => VerdictBand.AuthenticWithVerifiedProvenance,
            };
        }

        var ai = cue[Index(EvidenceDirection.AiGenerated)];
        var manipulated = cue[Index(EvidenceDirection.Manipulated)];
        // AI generation and manipulation both deny authenticity; only cues for "authentic" against either contradict.
        var strong = Hypotheses.Where(h => cue[Index(h)] >= Options.ContradictionWeight).ToList();
        if (strong.Contains(EvidenceDirection.Authentic) && strong.Count >= 2)
        {
            reasons.Add("Signal cues of similar strength point different ways: " + string.Join(" vs ", strong.Select(h => $"{Describe(h)} (weight {cue[Index(h)].ToString("0.0", CultureInfo.InvariantCulture)})")) + ".");
            return VerdictBand.Inconclusive;
        }

        if (p.AiGenerated >= Options.DecisionThreshold)
        {
            reasons.Add($"Signal cues together put the probability of AI generation at {p.AiGenerated:P0} (threshold {Options.DecisionThreshold:P0}).");
            return VerdictBand.AiGenerated;
        }

        if (p.Manipulated >= Options.DecisionThreshold)
        {
            reasons.Add($"Signal cues together put the probability of manipulation at {p.Manipulated:P0} (threshold {Options.DecisionThreshold:P0}).");
            return VerdictBand.Manipulated;
        }

        if (ai + manipulated < Options.NothingFoundWeight)
        {
            reasons.Add(counted.Count == 0
                ? "No detector found anything pointing to AI generation or manipulation."
                : "Only slight cues were found; together they fall below what counts as evidence.");
            reasons.Add("This is not proof of authenticity: many AI images and edits leave none of the traces these detectors look for.");
            return VerdictBand.NoEvidenceFound;
        }

        reasons.Add($"Some cues point to {(ai >= manipulated ? "AI generation" : "manipulation")}, but not strongly enough to decide (probability {Math.Max(p.AiGenerated, p.Manipulated):P0}).");
        return VerdictBand.Inconclusive;
    }

    private static string Summarise(VerdictBand band, HypothesisProbabilities p, IReadOnlyList<WeighedEvidence> top)
    {
        var lead = top.Count > 0 ? $" Strongest evidence: {top[0].Title}." : string.Empty;
        return band switch
        {
            VerdictBand.AiGenerated => $"Likely AI-generated (probability {p.AiGenerated:P0}).{lead}",
            VerdictBand.Manipulated => $"Likely manipulated (probability {p.Manipulated:P0}).{lead}",
            VerdictBand.AuthenticWithVerifiedProvenance => $"Authentic according to verified provenance.{lead}",
            VerdictBand.NoEvidenceFound => "No evidence of AI generation or manipulation was found; that alone does not prove the file is authentic.",
            _ => $"Inconclusive: the evidence is weak or contradictory.{lead}",
        };
    }

    internal static string Describe(EvidenceDirection d) => d switch
    {
        EvidenceDirection.AiGenerated => "AI-generated",
        EvidenceDirection.Manipulated => "manipulated",
        EvidenceDirection.Authentic => "authentic",
        _ => "neutral",
    };

    private static int Index(EvidenceDirection d) => d switch
    {
        EvidenceDirection.AiGenerated => 0,
        EvidenceDirection.Manipulated => 1,
        EvidenceDirection.Authentic => 2,
        _ => throw new ArgumentOutOfRangeException(nameof(d)),
    };
}
