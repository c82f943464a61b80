using System.Globalization;
using System.Text;
using FakeLens.Core.Detection;
using FakeLens.Core.Evidence;
using FakeLens.Core.Media;

namespace FakeLens.Provenance.C2pa;

// C2PA Content Credentials (Coalition for Content Provenance and Authenticity, specification 2.1, 2024; status codes
// as in c2pa-rs, Adobe/CAI 2022–): reads and validates the manifest store with C2paReader/C2paValidator.
// A verified signature with an intact hard binding is cryptographic evidence, so it may carry a ratio of 1e4 and be
// decisive: a declared AI source type (IPTC trainedAlgorithmicMedia, compositeWithTrainedAlgorithmicMedia,
// algorithmicMedia, compositeSynthetic) anywhere in the ingredient tree points to AI; a declared capture is decisive
// only with a trusted signer (1e4), otherwise 2 and forgeable — anyone can make a valid but untrusted signature. A failed check
// (hash or signature mismatch) means the content or manifest changed after signing: 20 toward manipulation at
// reliability 0.9 (damage in transit is the other explanation). Absence of a manifest says nothing.

/// <summary>
/// Reports C2PA Content Credentials: whether a manifest is present, whether its signature and hard binding hold,
/// what it declares about how the content was made (IPTC digitalSourceType), and its ingredient history.
/// </summary>
public sealed class C2paDetector : IDetector
{
    public const double DecisiveRatio = 1e4;

    /// <summary>Signed declaration of algorithmic (not trained-model) generation.</summary>
    public const double SyntheticRatio = 20;
    /// <summary>
    /// A capture declared under a signature nobody vouches for weighs no more than camera EXIF or a capture label:
    /// anyone can make a certificate and sign an AI image as "digitalCapture" (docs/fusion.md, forgeable claims).
    /// </summary>
    public const double UntrustedCaptureRatio = 2;
    public const double InvalidRatio = 20;
    public const double InvalidReliability = 0.9;
    public const double DamagedRatio = 3;
    public const double DamagedReliability = 0.6;

    /// <summary>Cache key under which the validation result is shared with other detectors of the same file.</summary>
    public const string CacheKey = "c2pa.validation";

    private readonly C2paTrustSettings _trust;

    public C2paDetector()
        : this(C2paTrustSettings.None)
    {
    }

    /// <summary>With trust anchors (a PEM bundle given with --trust-anchors).</summary>
    public C2paDetector(C2paTrustSettings trust)
    {
        ArgumentNullException.ThrowIfNull(trust);
        _trust = trust;
    }

    public string Id => "c2pa";

    public string Description => "C2PA Content Credentials: signature, hard binding, trust, declared AI or capture source, ingredients.";

    public EvidenceCategory Category => EvidenceCategory.Provenance;

    public bool AppliesTo(MediaType media) => true;

    public ValueTask<IReadOnlyList<Evidence>> AnalyzeAsync(AnalysisContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        cancellationToken.ThrowIfCancellationRequested();
        var result = context.GetOrCreate(CacheKey, Validate);
        return ValueTask.FromResult(Describe(result));
    }

    /// <summary>
    /// The embedded manifest store; when there is none, a sidecar beside the file (<c>photo.c2pa</c> or
    /// <c>photo.jpg.c2pa</c>, as c2pa-rs writes them), validated against the file's bytes.
    /// </summary>
    private C2paValidationResult Validate(AnalysisContext c)
    {
        var embedded = C2paValidator.Validate(C2paReader.Read(c.Bytes, c.Media.Format), c.Bytes, _trust);
        if (embedded.State != C2paValidationState.NoManifest || SidecarOf(c.Path) is not { } sidecar)
        {
            return embedded;
        }

        var jumbf = File.ReadAllBytes(sidecar);
        return C2paValidator.Validate(C2paReader.ReadStore(jumbf), c.Bytes, _trust);
    }

    /// <summary>Maximum size of a sidecar manifest store that is read.</summary>
    private const long MaxSidecarBytes = 64L * 1024 * 1024;

    internal static string? SidecarOf(string path)
    {
        if (string.IsNullOrEmpty(path) || !File.Exists(path))
        {
            return null;
        }

        foreach (var candidate in new[] { Path.ChangeExtension(path, ".c2pa"), path + ".c2pa" })
        {
            var info = new FileInfo(candidate);
            if (!candidate.Equals(path, StringComparison.Ordinal) && info.Exists && info.Length is > 0 and <= MaxSidecarBytes)
            {
                return candidate;
            }
        }

        return null;
    }

    /// <summary>Turns a validation result into evidence cards.</summary>
    public IReadOnlyList<Evidence> Describe(C2paValidationResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var list = new List<Evidence>();
        switch (result.State)
        {
            case C2paValidationState.NoManifest:
                list.Add(Card("c2pa.manifest", EvidenceDirection.Neutral, "No C2PA Content Credentials",
                    "This file carries no C2PA manifest (Content Credentials). That proves nothing either way: most photos, videos and " +
                    "recordings have none, and social networks and messaging apps usually strip them. " +
                    (result.RemoteManifestUrl is { } url ? $"The file does point to a remote manifest at {url}; FakeLens never fetches it, so it was not checked." : string.Empty),
                    facts: result.RemoteManifestUrl is { } u ? [new Fact("remote manifest", u)] : []));
                return list;
            case C2paValidationState.Unreadable:
                list.Add(Card("c2pa.manifest", EvidenceDirection.Neutral, "C2PA check not possible: file structure is damaged",
                    $"The file's container could not be parsed to look for Content Credentials ({result.AssetError}). This says nothing about the content itself.",
                    reliability: 0.3, facts: [new Fact("asset error", result.AssetError ?? string.Empty)]));
                return list;
        }

        var active = result.ActiveManifest;
        list.Add(Card("c2pa.manifest", EvidenceDirection.Neutral, "C2PA Content Credentials present",
            $"The file carries a C2PA manifest store with {result.ManifestCount} manifest{(result.ManifestCount == 1 ? string.Empty : "s")}" +
            (active?.ClaimGenerator is { } g ? $"; the latest was written by {g}" : string.Empty) + ". Its validation is reported separately.",
            facts: Facts(result)));
        list.Add(Signature(result));
        if (active is not null)
        {
            if (Label(active) is { } label)
            {
                list.Add(label);
            }

            if (active.Ingredients.Count > 0)
            {
                list.Add(Ingredients(active));
            }
        }

        return list;
    }

    private Evidence Signature(C2paValidationResult result)
    {
        var active = result.ActiveManifest;
        var failures = result.Failures.Where(f => !C2paStatusCodes.IsTrustOnly(f.Code)).ToList();
        var facts = Facts(result);
        if (result.State == C2paValidationState.Invalid)
        {
            var codes = failures.Select(f => f.Code).ToHashSet(StringComparer.Ordinal);
            var contentChanged = codes.Contains(C2paStatusCodes.AssertionDataHashMismatch) || codes.Contains(C2paStatusCodes.AssertionBmffHashMismatch) || codes.Contains(C2paStatusCodes.AssertionBoxesHashMismatch);
            var manifestChanged = codes.Contains(C2paStatusCodes.ClaimSignatureMismatch) || codes.Contains(C2paStatusCodes.AssertionHashedUriMismatch);
            if (contentChanged || manifestChanged)
            {
                var what = contentChanged
                    ? "the file's content no longer matches the hash that was signed: it was changed after signing (edited, re-encoded or re-saved by a tool that kept the old manifest), or the file was damaged"
                    : "the manifest itself was altered after it was signed (its claim or an assertion no longer matches the signature), or it was damaged";
                return Card("c2pa.claim-signature", EvidenceDirection.Manipulated, contentChanged ? "Content changed after it was signed" : "Content Credentials were altered after signing",
                    $"The Content Credentials do not verify: {what}. " + SignerSentence(active) +
                    $" Failed checks: {string.Join(", ", codes.Order(StringComparer.Ordinal))}. Whatever the manifest declares can no longer be relied on.",
                    InvalidRatio, InvalidReliability, facts: facts);
            }

            return Card("c2pa.claim-signature", EvidenceDirection.Manipulated, "Content Credentials are damaged or unverifiable",
                $"The manifest could not be fully verified ({string.Join(", ", failures.Select(f => f.Code).Distinct(StringComparer.Ordinal))}): " +
                string.Join(" ", failures.Select(f => f.Explanation).Distinct(StringComparer.Ordinal).Take(3)) +
                " This happens with damaged files and with deliberate tampering, so it is weak evidence on its own.",
                DamagedRatio, DamagedReliability, facts: facts);
        }

        var trusted = result.State == C2paValidationState.Trusted;
        var tree = SourceTypes(active!);
        var ai = tree.FirstOrDefault(t => C2paSourceTypes.IsSynthetic(t.Type));
        var trustSentence = trusted
            ? "The signer's certificate chains to a trust anchor FakeLens was given."
            : "The signer is not on a trust list FakeLens was given, so the signature proves only that the file is unchanged since whoever holds that certificate signed it — anyone can make such a valid but untrusted signature.";
        if (ai.Type is not null)
        {
            var declared = string.Join(", and ", tree.Where(t => C2paSourceTypes.IsSynthetic(t.Type)).Select(t => $"{t.Where} declares '{C2paSourceTypes.Code(t.Type)}' ({C2paSourceTypes.Meaning(t.Type)})"));
            var text = $"{SignerSentence(active)} The file's bytes are exactly those that were signed. The credentials declare AI or algorithmic generation: {declared}. " + (trusted ? trustSentence : "The signer is not on a trust list FakeLens was given, but a false AI label is rarely in anyone's interest, so this declaration is strong evidence.");
            if (tree.Any(t => C2paSourceTypes.IsTrainedModel(t.Type)))
            {
                return Card("c2pa.claim-signature", EvidenceDirection.AiGenerated, "Signed Content Credentials declare AI generation", text, DecisiveRatio, 1.0, decisive: true, facts: facts);
            }

            // 'algorithmicMedia' / 'compositeSynthetic' declare computer generation without a trained model (IPTC):
            // synthetic, but not AI in the sense of the verdict, so strong cue rather than decisive.
            return Card("c2pa.claim-signature", EvidenceDirection.AiGenerated, "Signed Content Credentials declare computer-generated content",
                text + " The declared type means made by an algorithm, not necessarily by a trained AI model, so FakeLens counts it as a strong cue rather than proof of AI generation.",
                SyntheticRatio, 1.0, decisive: false, facts: facts);
        }

        var capture = tree.FirstOrDefault(t => C2paSourceTypes.IsCapture(t.Type));
        if (capture.Type is not null)
        {
            var text = $"{SignerSentence(active)} The file's bytes are exactly those that were signed, and {capture.Where} declares '{C2paSourceTypes.Code(capture.Type)}' ({C2paSourceTypes.Meaning(capture.Type)}). {trustSentence}";
            return Card("c2pa.claim-signature", EvidenceDirection.Authentic, trusted ? "Trusted Content Credentials declare a camera capture" : "Content Credentials declare a capture (signer not trusted)",
                text, trusted ? DecisiveRatio : UntrustedCaptureRatio, 1.0, decisive: trusted, facts: facts);
        }

        return Card("c2pa.claim-signature", EvidenceDirection.Neutral, "Content Credentials verify but do not say how the content was made",
            $"{SignerSentence(active)} The file's bytes are exactly those that were signed, so nothing changed after signing. The manifest does not declare a digital source type (camera, AI, …), so it does not say how the original content was made. {trustSentence}",
            facts: facts);
    }

    private static string SignerSentence(C2paManifestReport? m)
    {
        if (m?.Signer is not { } s)
        {
            return "The signer could not be identified.";
        }

        var who = s.Organization is { } o && o != s.CommonName ? $"\"{s.CommonName}\" ({o})" : $"\"{s.CommonName}\"";
        var tool = m.ClaimGenerator is { } g ? $" using {g}" : string.Empty;
        var when = m.SigningTime is { } t ? $", time-stamped {t.UtcDateTime.ToString("d MMM yyyy HH:mm", CultureInfo.InvariantCulture)} UTC" : " (no verified time-stamp)";
        return $"Signed by {who}{tool}{when}.";
    }

    /// <summary>Declared source types through the ingredient tree, one entry per manifest and type, with the steps that declared it.</summary>
    private static List<(string Type, string Where)> SourceTypes(C2paManifestReport active)
    {
        var list = new List<(string, string)>();
        void Add(C2paManifestReport m, string who)
        {
            foreach (var group in m.Actions.Where(a => a.DigitalSourceType is not null).GroupBy(a => a.DigitalSourceType!, StringComparer.Ordinal))
            {
                var steps = string.Join("; ", group.Select(a => Pretty(a.Action) + (a.SoftwareAgent is { } sw ? " with " + sw : string.Empty)).Distinct(StringComparer.Ordinal));
                list.Add((group.Key, $"{who} ({steps})"));
            }
        }

        void Walk(IEnumerable<C2paIngredientReport> ingredients, int depth)
        {
            foreach (var i in ingredients.Where(i => i.Manifest is not null && depth < 12))
            {
                Add(i.Manifest!, $"its ingredient \"{i.Title}\"");
                Walk(i.Manifest!.Ingredients, depth + 1);
            }
        }

        Add(active, "the latest step");
        Walk(active.Ingredients, 0);
        return list;
    }

    private static string Pretty(string action) => action.StartsWith("c2pa.", StringComparison.Ordinal) ? action[5..].Replace('_', ' ') : action;

    private Evidence? Label(C2paManifestReport active)
    {
        var types = SourceTypes(active);
        if (types.Count == 0)
        {
            return null;
        }

        var sb = new StringBuilder("The Content Credentials label how the content was made (IPTC digital source type): ");
        sb.AppendJoin("; ", types.Select(t => $"{t.Where}: '{C2paSourceTypes.Code(t.Type)}' — {C2paSourceTypes.Meaning(t.Type)}"));
        sb.Append(". The signature card says whether these labels can be relied on.");
        return Card("c2pa.ai-label", EvidenceDirection.Neutral,
            types.Any(t => C2paSourceTypes.IsSynthetic(t.Type)) ? "Declared source: AI or algorithmic generation" : "Declared source: " + C2paSourceTypes.Code(types[0].Type),
            sb.ToString(), facts: types.Select(t => new Fact("digitalSourceType", t.Type.Trim())).ToList());
    }

    private Evidence Ingredients(C2paManifestReport active)
    {
        var sb = new StringBuilder();
        var facts = new List<Fact>();
        void Walk(IReadOnlyList<C2paIngredientReport> ingredients, int depth)
        {
            foreach (var i in ingredients)
            {
                if (depth >= 12)
                {
                    return;
                }

                sb.Append(depth == 0 ? " • " : " ↳ ").Append('"').Append(i.Title ?? "untitled").Append("\" (").Append(i.Relationship).Append("): ");
                if (i.Manifest is { } m)
                {
                    sb.Append("has its own Content Credentials");
                    if (m.ClaimGenerator is { } g)
                    {
                        sb.Append(", made with ").Append(g);
                    }

                    if (m.Signer is { } s)
                    {
                        sb.Append(", signed by \"").Append(s.CommonName).Append('"');
                    }

                    if (m.SigningTime is { } t)
                    {
                        sb.Append(" on ").Append(t.UtcDateTime.ToString("d MMM yyyy", CultureInfo.InvariantCulture));
                    }

                    var failures = i.Deltas.Where(d => d.Kind == C2paStatusKind.Failure).Select(d => d.Code).Distinct(StringComparer.Ordinal).ToList();
                    var problems = failures.Where(c => !C2paStatusCodes.IsTrustOnly(c)).ToList();
                    sb.Append(problems.Count > 0 ? "; problems: " + string.Join(", ", problems) + "." : "; verified");
                    sb.Append(problems.Count == 0 && failures.Count > 0 ? " (signer not on a trust list FakeLens was given)." : problems.Count == 0 ? "." : string.Empty);
                    Walk(m.Ingredients, depth + 1);
                }
                else if (i.HasManifest)
                {
                    sb.Append("its manifest is missing from the file.");
                }
                else
                {
                    sb.Append("no Content Credentials of its own, so its origin is not documented.");
                }

                facts.Add(new Fact("ingredient", $"{i.Title} ({i.Relationship}){(i.Manifest?.ClaimGenerator is { } gen ? " — " + gen : string.Empty)}"));
            }
        }

        Walk(active.Ingredients, 0);
        var count = active.Ingredients.Count;
        return Card("c2pa.ingredients", EvidenceDirection.Neutral, $"Made from {count} recorded ingredient{(count == 1 ? string.Empty : "s")}",
            $"The latest manifest lists what the content was made from:{sb}", facts: facts);
    }

    private static List<Fact> Facts(C2paValidationResult r)
    {
        var facts = new List<Fact> { new("validation", r.State.ToString().ToLowerInvariant()) };
        if (r.ClaimGenerator is { } g)
        {
            facts.Add(new Fact("claim generator", g));
        }

        if (r.Signer is { } s)
        {
            facts.Add(new Fact("signer", s.Subject));
            facts.Add(new Fact("signer issuer", s.Issuer));
            if (s.Algorithm is { } alg)
            {
                facts.Add(new Fact("signature algorithm", alg));
            }
        }

        if (r.SigningTime is { } t)
        {
            facts.Add(new Fact("signing time", t.UtcDateTime.ToString("u", CultureInfo.InvariantCulture)));
        }

        foreach (var kind in new[] { C2paStatusKind.Failure, C2paStatusKind.Informational, C2paStatusKind.Success })
        {
            var codes = r.Statuses.Where(s => s.Kind == kind).Select(s => s.Code).Distinct(StringComparer.Ordinal).ToList();
            if (codes.Count > 0)
            {
                facts.Add(new Fact($"status ({kind.ToString().ToLowerInvariant()})", string.Join(", ", codes)));
            }
        }

        return facts;
    }

    private Evidence Card(string id, EvidenceDirection direction, string title, string explanation, double ratio = 1, double reliability = 1, bool decisive = false, IReadOnlyList<Fact>? facts = null) => new()
    {
        Id = id,
        DetectorId = Id,
        Category = Category,
        Direction = direction,
        Title = title,
        Explanation = explanation.Trim(),
        LikelihoodRatio = direction == EvidenceDirection.Neutral ? 1 : ratio,
        Reliability = reliability,
        Decisive = decisive,

        // Only a signer that chains to a trust anchor the user gave may vouch; anyone can make an untrusted signature.
        Forgeable = direction == EvidenceDirection.Authentic && !decisive,
        Facts = facts ?? [],
    };
}
