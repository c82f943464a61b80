using System.Formats.Asn1;
using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;
using FakeLens.Provenance.C2pa.Internal;

namespace FakeLens.Provenance.C2pa;

/// <summary>
/// Validates a manifest store as the C2PA specification 2.1 §15 ("Validation") describes and c2pa-rs implements:
/// claim signature (COSE_Sign1 over the claim bytes), certificate profile and validity at the RFC 3161 time-stamp,
/// trust against the given anchors, hashed URIs of the claim's assertions, the hard binding (data, BMFF or box hash)
/// against the file bytes, CAWG X.509 identity signatures, and ingredient manifests recursively. Never throws for
/// bad input; every problem becomes a status.
/// </summary>
public static class C2paValidator
{
    private const int MaxIngredientDepth = 12;

    // Extended key usages C2PA 2.1 §14.5.1 allows for a claim signer.
    private static readonly string[] AllowedEkus =
    [
        "1.3.6.1.5.5.7.3.4", // id-kp-emailProtection
        "1.3.6.1.5.5.7.3.36", // id-kp-documentSigning
        "1.3.6.1.5.5.7.3.8", // id-kp-timeStamping
        "1.3.6.1.5.5.7.3.9", // id-kp-OCSPSigning
        "1.3.6.1.4.1.311.76.59.1.9", // Microsoft C2PA signing
        "1.3.6.1.4.1.62558.2.1", // C2PA claim signing
    ];

    public static C2paValidationResult Validate(C2paManifestStore store, ReadOnlyMemory<byte> file, C2paTrustSettings? trust = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        trust ??= C2paTrustSettings.None;
        if (store.AssetError is { } err)
        {
            return new C2paValidationResult { State = C2paValidationState.Unreadable, AssetError = err };
        }

        if (!store.HasManifest)
        {
            var remote = store.RemoteManifestUrl is { } url
                ? new[] { C2paStatus.Info(C2paStatusCodes.ManifestInaccessible, url, "The file points to a remote manifest at " + url + "; FakeLens reports the address and never fetches it.") }
                : [];
            return new C2paValidationResult { State = C2paValidationState.NoManifest, RemoteManifestUrl = store.RemoteManifestUrl, Statuses = remote };
        }

        if (store.ReadStatuses.Count > 0 || store.ActiveManifest is null)
        {
            return new C2paValidationResult { State = C2paValidationState.Invalid, Statuses = store.ReadStatuses, ManifestCount = store.Manifests.Count };
        }

        try
        {
            var visiting = new HashSet<string>(StringComparer.Ordinal);
            var report = ValidateManifest(store, store.ActiveManifest, file, trust, isActive: true, depth: 0, visiting);
            return new C2paValidationResult
            {
                State = StateOf(report),
                Statuses = report.Statuses,
                ActiveManifest = report,
                ManifestCount = store.Manifests.Count,
                RemoteManifestUrl = store.RemoteManifestUrl,
            };
        }
        catch (Exception ex) when (ex is C2paFormatException or CryptographicException or ArgumentException or InvalidOperationException or FormatException or AsnContentException or OverflowException or IndexOutOfRangeException)
        {
            return new C2paValidationResult
            {
                State = C2paValidationState.Invalid,
                Statuses = [C2paStatus.Failure(C2paStatusCodes.GeneralError, null, "Validation stopped on malformed data: " + ex.Message)],
                ManifestCount = store.Manifests.Count,
            };
        }
    }

    private static C2paValidationState StateOf(C2paManifestReport report)
    {
        // A failure inside an ingredient's manifest that its ingredient assertion did not record when it was used
        // (a delta: e.g. an assertion of the ingredient's manifest whose hashed URI no longer matches) invalidates the
        // whole file, as in c2pa-rs; failures recorded at ingestion time (validationStatus / validationResults) do not.
        if (report.Statuses.Any(s => s.Kind == C2paStatusKind.Failure && !C2paStatusCodes.IsTrustOnly(s.Code))
            || IngredientFailures(report.Ingredients, trustOnlyCounts: false))
        {
            return C2paValidationState.Invalid;
        }

        var anyFailure = report.Statuses.Any(s => s.Kind == C2paStatusKind.Failure) || IngredientFailures(report.Ingredients);
        return report.SignerTrusted && !anyFailure ? C2paValidationState.Trusted : C2paValidationState.Valid;
    }

    private static bool IngredientFailures(IReadOnlyList<C2paIngredientReport> ingredients, bool trustOnlyCounts = true) =>
        ingredients.Any(i => i.Deltas.Any(d => d.Kind == C2paStatusKind.Failure && (trustOnlyCounts || !C2paStatusCodes.IsTrustOnly(d.Code)))
            || (i.Manifest is { } m && IngredientFailures(m.Ingredients, trustOnlyCounts)));

    private static C2paManifestReport ValidateManifest(C2paManifestStore store, C2paManifest m, ReadOnlyMemory<byte> file, C2paTrustSettings trust, bool isActive, int depth, HashSet<string> visiting)
    {
        var statuses = new List<C2paStatus>(m.ReadStatuses);
        var prefix = $"self#jumbf=/c2pa/{m.Label}";
        var claim = m.Claim;
        var report = new C2paManifestReport { Label = m.Label, AssertionLabels = m.Assertions.Select(a => a.Label).ToList() };
        if (claim is null)
        {
            return report with { Statuses = statuses };
        }

        visiting.Add(m.Label);
        var (signer, time) = CheckSignature(m, trust, prefix, statuses);
        CheckHashedUris(store, m, statuses);
        if (isActive && !m.IsUpdate)
        {
            CheckHardBinding(m, file, store.ContainerRanges, statuses);
        }

        var identities = CheckCawg(m, trust, prefix, statuses);
        var ingredients = new List<C2paIngredientReport>();
        foreach (var a in m.Assertions.Where(a => a.BaseLabel == "c2pa.ingredient"))
        {
            ingredients.Add(CheckIngredient(store, m, a, trust, depth, visiting, statuses));
        }

        visiting.Remove(m.Label);
        return report with
        {
            ClaimVersion = claim.Version,
            ClaimGenerator = claim.GeneratorDisplay,
            Title = claim.Title,
            Format = claim.Format,
            Signer = signer,
            SigningTime = time,
            Actions = ReadActions(m),
            Ingredients = ingredients,
            Identities = identities,
            Statuses = statuses,
        };
    }

    private static (C2paSigner? Signer, DateTimeOffset? Time) CheckSignature(C2paManifest m, C2paTrustSettings trust, string prefix, List<C2paStatus> statuses)
    {
        var sigUrl = prefix + "/c2pa.signature";
        if (m.SignatureBytes.IsEmpty)
        {
            statuses.Add(C2paStatus.Failure(C2paStatusCodes.ClaimSignatureMissing, sigUrl, "The manifest has no claim signature."));
            return (null, null);
        }

        CoseSign1 cose;
        try
        {
            cose = CoseSign1.Decode(m.SignatureBytes);
        }
        catch (C2paFormatException ex)
        {
            statuses.Add(C2paStatus.Failure(C2paStatusCodes.ClaimSignatureMismatch, sigUrl, "The claim signature cannot be decoded: " + ex.Message));
            return (null, null);
        }

        // Only the signer's certificate is loaded here; the rest of the chain only when there are anchors to chain to.
        var chainDer = cose.X5Chain;
        X509Certificate2? leafCert = null;
        try
        {
            leafCert = chainDer.Count > 0 ? X509CertificateLoader.LoadCertificate(chainDer[0]) : null;
        }
        catch (CryptographicException)
        {
        }

        if (leafCert is null)
        {
            statuses.Add(C2paStatus.Failure(C2paStatusCodes.SigningCredentialInvalid, sigUrl, "The signature carries no readable signing certificate (x5chain)."));
            return (null, null);
        }

        var leaf = leafCert;
        var signer = new C2paSigner(leaf.Subject, leaf.Issuer, leaf.GetNameInfo(X509NameType.SimpleName, false), Organization(leaf.SubjectName), cose.AlgorithmName);
        if (!cose.AlgorithmSupported)
        {
            statuses.Add(C2paStatus.Failure(C2paStatusCodes.AlgorithmUnsupported, sigUrl, $"The signature algorithm ({cose.AlgorithmName ?? "none"}) is not one C2PA allows."));
            return (signer, null);
        }

        var time = CheckTimeStamp(cose, m, trust, sigUrl, statuses);
        if (cose.Verify(leaf, m.ClaimBytes.Span))
        {
            statuses.Add(C2paStatus.Success(C2paStatusCodes.ClaimSignatureValidated, sigUrl, "The claim signature is valid."));
        }
        else
        {
            statuses.Add(C2paStatus.Failure(C2paStatusCodes.ClaimSignatureMismatch, sigUrl, "The claim does not match its signature: the claim was changed after signing."));
        }

        var at = time ?? DateTimeOffset.UtcNow;
        if (at >= leaf.NotBefore.ToUniversalTime() && at <= leaf.NotAfter.ToUniversalTime())
        {
            statuses.Add(C2paStatus.Success(C2paStatusCodes.ClaimSignatureInsideValidity, sigUrl, "The signing certificate was valid at signing time."));
        }
        else if (at > leaf.NotAfter.ToUniversalTime())
        {
            // c2pa-rs 0.92 reports an expired signer as signingCredential.expired (state invalid), not as outsideValidity.
            statuses.Add(C2paStatus.Failure(C2paStatusCodes.SigningCredentialExpired, sigUrl, $"The signing certificate had expired when it signed ({at:u}; valid {leaf.NotBefore:u} to {leaf.NotAfter:u})."));
        }
        else
        {
            statuses.Add(C2paStatus.Failure(C2paStatusCodes.ClaimSignatureOutsideValidity, sigUrl, $"The signing certificate was not yet valid at {at:u} (valid {leaf.NotBefore:u} to {leaf.NotAfter:u})."));
        }

        if (ProfileProblem(leaf) is { } problem)
        {
            statuses.Add(C2paStatus.Failure(C2paStatusCodes.SigningCredentialInvalid, sigUrl, problem));
        }

        statuses.Add(Chains(chainDer, leaf, trust.Anchors, at)
            ? C2paStatus.Success(C2paStatusCodes.SigningCredentialTrusted, sigUrl, "The signing certificate chains to a configured trust anchor.")
            : C2paStatus.Failure(C2paStatusCodes.SigningCredentialUntrusted, sigUrl, "The signing certificate does not chain to any configured trust anchor."));
        // Revocation is never checked, not even a stapled OCSP response (rVals), as c2pa-rs by default.
        statuses.Add(C2paStatus.Info(C2paStatusCodes.SigningCredentialOcspSkipped, sigUrl, "Certificate revocation (OCSP) was not checked: FakeLens works offline."));

        return (signer, time);
    }

    private static string? Organization(X500DistinguishedName name)
    {
        foreach (var rdn in name.EnumerateRelativeDistinguishedNames())
        {
            if (rdn.GetSingleElementType().Value == "2.5.4.10")
            {
                return rdn.GetSingleElementValue();
            }
        }

        return null;
    }

    private static string? ProfileProblem(X509Certificate2 leaf)
    {
        var eku = leaf.Extensions.OfType<X509EnhancedKeyUsageExtension>().FirstOrDefault();
        if (eku is null)
        {
            return "The signing certificate has no extended key usage, which C2PA requires.";
        }

        var ok = false;
        foreach (var oid in eku.EnhancedKeyUsages)
        {
            if (oid.Value == "2.5.29.37.0")
            {
                return "The signing certificate allows any extended key usage, which C2PA forbids.";
            }

            ok |= AllowedEkus.Contains(oid.Value, StringComparer.Ordinal);
        }

        if (!ok)
        {
            return "The signing certificate's extended key usages include none that C2PA allows for signing claims.";
        }

        if (leaf.Extensions.OfType<X509BasicConstraintsExtension>().FirstOrDefault() is { CertificateAuthority: true })
        {
            return "The signing certificate is a CA certificate.";
        }

        return null;
    }

    private static bool Chains(IReadOnlyList<byte[]> chainDer, X509Certificate2 leaf, IReadOnlyList<X509Certificate2> anchors, DateTimeOffset at)
    {
        if (anchors.Count == 0)
        {
            return false;
        }

        if (chainDer.Any(c => anchors.Any(a => a.RawData.AsSpan().SequenceEqual(c))))
        {
            return true;
        }

        var chain = new List<X509Certificate2> { leaf };
        foreach (var der in chainDer.Skip(1))
        {
            try
            {
                chain.Add(X509CertificateLoader.LoadCertificate(der));
            }
            catch (CryptographicException)
            {
                break;
            }
        }

        using var x = new X509Chain();
        x.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        x.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        x.ChainPolicy.DisableCertificateDownloads = true;
        x.ChainPolicy.VerificationTime = at.UtcDateTime;
        x.ChainPolicy.VerificationFlags = X509VerificationFlags.IgnoreWrongUsage | X509VerificationFlags.IgnoreInvalidPolicy;
        x.ChainPolicy.CustomTrustStore.AddRange(anchors.ToArray());
        x.ChainPolicy.ExtraStore.AddRange(chain.Skip(1).ToArray());
        try
        {
            return x.Build(chain[0]);
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    private static DateTimeOffset? CheckTimeStamp(CoseSign1 cose, C2paManifest m, C2paTrustSettings trust, string sigUrl, List<C2paStatus> statuses)
    {
        var v2 = Obj.Get(cose.Unprotected, "sigTst2");
        var container = v2 ?? Obj.Get(cose.Unprotected, "sigTst");
        if (container is null)
        {
            return null;
        }

        foreach (var token in Obj.List(Obj.Get(container, "tstTokens")))
        {
            if (Obj.Bytes(token, "val") is not { } val || DecodeToken(val) is not { } tst)
            {
                statuses.Add(C2paStatus.Info(C2paStatusCodes.TimeStampMalformed, sigUrl, "The time-stamp token cannot be read."));
                continue;
            }

            // v1 time-stamps cover the claim; v2 (C2PA 2.x) cover the signature value. Both are wrapped in a
            // "CounterSignature" Sig_structure with the signature's protected header (c2pa-rs cose_countersign_data).
            // (v2: the signature value encoded as a CBOR byte string, c2pa-rs validate_cose_tst_info).
            var sigCbor = new System.Formats.Cbor.CborWriter();
            sigCbor.WriteByteString(cose.Signature);
            var candidates = v2 is not null ? new[] { sigCbor.Encode() } : [m.ClaimBytes.ToArray()];
            var verified = false;
            X509Certificate2? tsa = null;
            foreach (var data in candidates)
            {
                try
                {
                    if (tst.VerifySignatureForData(cose.SigStructure("CounterSignature", data), out tsa))
                    {
                        verified = true;
                        break;
                    }
                }
                catch (CryptographicException)
                {
                }
            }

            if (!verified)
            {
                statuses.Add(C2paStatus.Info(C2paStatusCodes.TimeStampMismatch, sigUrl, "The time-stamp does not match the signed data."));
                continue;
            }

            var time = tst.TokenInfo.Timestamp;
            statuses.Add(C2paStatus.Success(C2paStatusCodes.TimeStampValidated, sigUrl, $"A time-stamp authority certifies the signature existed at {time:u}."));
            statuses.Add(tsa is not null && Chains([tsa.RawData], tsa, trust.Anchors, time)
                ? C2paStatus.Success(C2paStatusCodes.TimeStampTrusted, sigUrl, "The time-stamp authority is trusted.")
                : C2paStatus.Info(C2paStatusCodes.TimeStampUntrusted, sigUrl, "The time-stamp authority is not on a configured trust list."));
            return time;
        }

        return null;
    }

    private static Rfc3161TimestampToken? DecodeToken(byte[] val)
    {
        try
        {
            if (Rfc3161TimestampToken.TryDecode(val, out var token, out _))
            {
                return token;
            }

            // A TimeStampResp: SEQUENCE { PKIStatusInfo, timeStampToken ContentInfo }.
            var reader = new AsnReader(val, AsnEncodingRules.BER);
            var seq = reader.ReadSequence();
            seq.ReadEncodedValue();
            if (seq.HasData && Rfc3161TimestampToken.TryDecode(seq.ReadEncodedValue(), out token, out _))
            {
                return token;
            }
        }
        catch (Exception ex) when (ex is AsnContentException or CryptographicException)
        {
        }

        return null;
    }

    private static void CheckHashedUris(C2paManifestStore store, C2paManifest m, List<C2paStatus> statuses)
    {
        var claim = m.Claim!;
        foreach (var r in claim.Assertions)
        {
            var url = Absolute(r.Url, m.Label);
            var alg = Hashing.Parse(r.Algorithm ?? claim.Algorithm);
            if (alg is null)
            {
                statuses.Add(C2paStatus.Failure(C2paStatusCodes.AlgorithmUnsupported, url, $"The hash algorithm '{r.Algorithm ?? claim.Algorithm ?? "(none)"}' is missing or not supported."));
                continue;
            }

            var target = Resolve(store, r.Url, m);
            if (target is null)
            {
                statuses.Add(C2paStatus.Failure(C2paStatusCodes.AssertionMissing, url, "The claim references an assertion that is not in the manifest."));
                continue;
            }

            var ok = Hashing.Hash(alg.Value, target.Value.Span).AsSpan().SequenceEqual(r.Hash.Span);
            statuses.Add(ok
                ? C2paStatus.Success(C2paStatusCodes.AssertionHashedUriMatch, url, "The assertion matches the hash in the claim.")
                : C2paStatus.Failure(C2paStatusCodes.AssertionHashedUriMismatch, url, "The assertion was changed after the claim was signed (hash differs)."));
        }
    }

    internal static string Absolute(string url, string manifestLabel)
    {
        var path = url.StartsWith("self#jumbf=", StringComparison.Ordinal) ? url["self#jumbf=".Length..] : url;
        return path.StartsWith('/') ? "self#jumbf=" + path : $"self#jumbf=/c2pa/{manifestLabel}/{path}";
    }

    /// <summary>Resolves a JUMBF URI to the bytes its hash covers: an assertion, a manifest, its claim or signature.</summary>
    private static ReadOnlyMemory<byte>? Resolve(C2paManifestStore store, string url, C2paManifest current)
    {
        var path = url.StartsWith("self#jumbf=", StringComparison.Ordinal) ? url["self#jumbf=".Length..] : url;
        var parts = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var manifest = current;
        var i = 0;
        if (path.StartsWith('/'))
        {
            if (parts.Length < 2 || parts[0] != "c2pa" || store.Find(parts[1]) is not { } found)
            {
                return null;
            }

            manifest = found;
            i = 2;
            if (parts.Length == 2)
            {
                return manifest.HashedBytes;
            }
        }

        if (parts.Length - i == 2 && parts[i] == "c2pa.assertions")
        {
            return manifest.Assertion(parts[i + 1])?.HashedBytes;
        }

        return null;
    }

    private static void CheckHardBinding(C2paManifest m, ReadOnlyMemory<byte> file, IReadOnlyList<(long Start, long Length)>? storeRanges, List<C2paStatus> statuses)
    {
        var binding = m.Assertions.FirstOrDefault(a => a.BaseLabel is "c2pa.hash.data" or "c2pa.hash.bmff" or "c2pa.hash.boxes");
        if (binding is null)
        {
            statuses.Add(C2paStatus.Failure(C2paStatusCodes.ClaimHardBindingsMissing, $"self#jumbf=/c2pa/{m.Label}", "The manifest has no hard binding (no data, BMFF or box hash) to tie it to the file."));
            return;
        }

        var url = $"self#jumbf=/c2pa/{m.Label}/c2pa.assertions/{binding.Label}";
        var alg = Hashing.Parse(Obj.Str(binding.Data, "alg") ?? m.Claim!.Algorithm);
        if (alg is null)
        {
            statuses.Add(C2paStatus.Failure(C2paStatusCodes.AlgorithmUnsupported, url, "The hard binding's hash algorithm is missing or not supported."));
            return;
        }

        switch (binding.BaseLabel)
        {
            case "c2pa.hash.data":
                {
                    var exclusions = Obj.List(Obj.Get(binding.Data, "exclusions"))
                        .Select(e => (Obj.Long(e, "start") ?? -1, Obj.Long(e, "length") ?? -1)).ToList();
                    if (storeRanges is not null && ExclusionOutsideStore(exclusions, storeRanges) is { } outside)
                    {
                        statuses.Add(C2paStatus.Failure(C2paStatusCodes.AssertionDataHashMismatch, url, string.Create(CultureInfo.InvariantCulture,
                            $"The hash leaves out bytes {outside.Start}–{outside.Start + outside.Length - 1}, which are not part of the C2PA manifest store: whatever sits there is not covered by the signature. The C2PA specification (2.x, validating a data hash) requires an exclusion to hold only the manifest store and padding.")));
                        break;
                    }

                    var expected = Obj.Bytes(binding.Data, "hash");
                    var actual = Hashing.HashWithExclusions(alg.Value, file.Span, exclusions);
                    var match = expected is not null && actual is not null && actual.AsSpan().SequenceEqual(expected);
                    var convention = storeRanges is null
                        ? string.Empty
                        : " The excluded bytes hold only the manifest store (checked as the specification words it: inside the store's segments; c2pa-rs 0.91 and later demand that an exclusion equal the store's extent exactly).";
                    statuses.Add(match
                        ? C2paStatus.Success(C2paStatusCodes.AssertionDataHashMatch, url, "The file's bytes match the hash signed in the manifest." + convention)
                        : C2paStatus.Failure(C2paStatusCodes.AssertionDataHashMismatch, url, "The file's bytes no longer match the hash signed in the manifest: the content was changed after signing."));
                    break;
                }

            case "c2pa.hash.bmff":
                BmffHashCheck.Check(binding, alg.Value, file.Span, url, statuses);
                break;
            default:
                BoxHashCheck.Check(binding, alg.Value, file.Span, url, statuses);
                break;
        }
    }

    /// <summary>
    /// The first excluded run of bytes that lies outside the container segments holding the manifest store (merged
    /// where adjacent), or null when every exclusion is inside them. Malformed exclusions are left to the hash check.
    /// </summary>
    internal static (long Start, long Length)? ExclusionOutsideStore(IReadOnlyList<(long Start, long Length)> exclusions, IReadOnlyList<(long Start, long Length)> storeRanges)
    {
        var merged = new List<(long Start, long End)>();
        foreach (var (start, length) in storeRanges.OrderBy(r => r.Start))
        {
            if (merged.Count > 0 && start <= merged[^1].End)
            {
                merged[^1] = (merged[^1].Start, Math.Max(merged[^1].End, start + length));
            }
            else
            {
                merged.Add((start, start + length));
            }
        }

        foreach (var (start, length) in exclusions.Where(e => e.Start >= 0 && e.Length > 0))
        {
            var end = start + length;
            var cursor = start;
            foreach (var (s, e) in merged)
            {
                if (e <= cursor || s >= end)
                {
                    continue;
                }

                if (s > cursor)
                {
                    return (cursor, s - cursor);
                }

                cursor = Math.Max(cursor, e);
                if (cursor >= end)
                {
                    break;
                }
            }

            if (cursor < end)
            {
                return (cursor, end - cursor);
            }
        }

        return null;
    }

    private static IReadOnlyList<string> CheckCawg(C2paManifest m, C2paTrustSettings trust, string prefix, List<C2paStatus> statuses)
    {
        var names = new List<string>();
        foreach (var a in m.Assertions.Where(a => a.BaseLabel == "cawg.identity"))
        {
            var url = $"{prefix}/c2pa.assertions/{a.Label}";
            var payload = Obj.Get(a.Data, "signer_payload");
            var sigBytes = Obj.Bytes(a.Data, "signature");
            if (payload is null || sigBytes is null || Obj.Str(payload, "sig_type") is not { } sigType)
            {
                statuses.Add(C2paStatus.Failure("cawg.identity.malformed", url, "The identity assertion lacks a signer payload or signature."));
                continue;
            }

            statuses.Add(C2paStatus.Success(C2paStatusCodes.CawgIdentityWellFormed, url, "The identity assertion is well formed."));
            if (sigType != "cawg.x509.cose")
            {
                statuses.Add(C2paStatus.Info("cawg.identity.sig_type.unknown", url, $"Identity signature type '{sigType}' is not verified by FakeLens."));
                continue;
            }

            var rawPayload = a.ContentType == "cbor" ? CborTree.RawMapValue(RawContent(a), "signer_payload") : null;
            try
            {
                var cose = CoseSign1.Decode(sigBytes);
                var der = cose.X5Chain;
                if (der.Count == 0 || rawPayload is null)
                {
                    statuses.Add(C2paStatus.Failure(C2paStatusCodes.CawgX509SignatureMismatch, url, "The identity signature has no certificate or payload."));
                    continue;
                }

                var signer = X509CertificateLoader.LoadCertificate(der[0]);
                names.Add(signer.GetNameInfo(X509NameType.SimpleName, false));
                statuses.Add(cose.Verify(signer, rawPayload.Value.Span)
                    ? C2paStatus.Success(C2paStatusCodes.CawgX509SignatureValidated, url, "The identity signature is valid.")
                    : C2paStatus.Failure(C2paStatusCodes.CawgX509SignatureMismatch, url, "The identity signature does not match its payload."));
                statuses.Add(Chains(der, signer, trust.CawgAnchors, DateTimeOffset.UtcNow)
                    ? C2paStatus.Success(C2paStatusCodes.CawgX509CredentialTrusted, url, "The identity credential chains to a configured CAWG trust anchor.")
                    : C2paStatus.Failure(C2paStatusCodes.CawgX509CredentialUntrusted, url, "The identity credential is not on a configured CAWG trust list."));
            }
            catch (Exception ex) when (ex is C2paFormatException or CryptographicException)
            {
                statuses.Add(C2paStatus.Failure(C2paStatusCodes.CawgX509SignatureMismatch, url, "The identity signature cannot be read: " + ex.Message));
            }
        }

        return names;
    }

    /// <summary>The assertion's content box payload: the hashed bytes minus the description box.</summary>
    private static ReadOnlyMemory<byte> RawContent(C2paAssertion a)
    {
        var span = a.HashedBytes.Span;
        var jumdLen = (int)System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(span);
        var content = a.HashedBytes[jumdLen..];
        var header = System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(content.Span) == 1 ? 16 : 8;
        return content[header..];
    }

    private static C2paIngredientReport CheckIngredient(C2paManifestStore store, C2paManifest parent, C2paAssertion a, C2paTrustSettings trust, int depth, HashSet<string> visiting, List<C2paStatus> parentStatuses)
    {
        var d = a.Data;
        var url = $"self#jumbf=/c2pa/{parent.Label}/c2pa.assertions/{a.Label}";
        var recorded = new List<string>();
        foreach (var s in Obj.List(Obj.Get(d, "validationStatus")))
        {
            if (Obj.Str(s, "code") is { } code)
            {
                recorded.Add(code);
            }
        }

        var results = Obj.Get(Obj.Get(d, "validationResults"), "activeManifest");
        foreach (var list in new[] { "success", "informational", "failure" })
        {
            foreach (var s in Obj.List(Obj.Get(results, list)))
            {
                if (Obj.Str(s, "code") is { } code)
                {
                    recorded.Add(code);
                }
            }
        }

        var report = new C2paIngredientReport
        {
            Title = Obj.Str(d, "dc:title") ?? Obj.Str(d, "title"),
            Relationship = Obj.Str(d, "relationship") ?? "componentOf",
            Format = Obj.Str(d, "dc:format") ?? Obj.Str(d, "format"),
            RecordedStatusCodes = recorded,
        };
        var reference = C2paReader.HashedUri(Obj.Get(d, "c2pa_manifest")) ?? C2paReader.HashedUri(Obj.Get(d, "activeManifest"));
        if (reference is null)
        {
            return report with { Deltas = [C2paStatus.Info(C2paStatusCodes.IngredientUnknownProvenance, url, "The ingredient has no C2PA manifest: its origin is not documented.")] };
        }

        var label = reference.Url.Split('/', StringSplitOptions.RemoveEmptyEntries)[^1];
        var manifest = store.Find(label);
        if (manifest is null)
        {
            var missing = C2paStatus.Failure(C2paStatusCodes.IngredientManifestMissing, url, $"The ingredient's manifest '{label}' is not in the manifest store.");
            parentStatuses.Add(missing);
            return report with { ManifestLabel = label, Deltas = [missing] };
        }

        var deltas = new List<C2paStatus>();
        var alg = Hashing.Parse(reference.Algorithm ?? parent.Claim?.Algorithm);
        var hashOk = alg is not null && Hashing.Hash(alg.Value, manifest.HashedBytes.Span).AsSpan().SequenceEqual(reference.Hash.Span);

        deltas.Add(hashOk
            ? C2paStatus.Success(C2paStatusCodes.IngredientManifestValidated, url, "The ingredient's manifest is the one that was recorded when it was used.")
            : C2paStatus.Failure(C2paStatusCodes.IngredientManifestMismatch, url, "The ingredient's manifest differs from the one recorded when it was used."));
        if (depth >= MaxIngredientDepth || visiting.Contains(label))
        {
            return report with { ManifestLabel = label, Deltas = deltas };
        }

        var sub = ValidateManifest(store, manifest, default, trust, isActive: false, depth + 1, visiting);
        foreach (var s in sub.Statuses.Where(s => s.Kind != C2paStatusKind.Success && !recorded.Contains(s.Code)))
        {
            deltas.Add(s);
        }

        return report with { ManifestLabel = label, Manifest = sub, Deltas = deltas };
    }

    private static List<C2paAction> ReadActions(C2paManifest m)
    {
        var actions = new List<C2paAction>();
        foreach (var a in m.Assertions.Where(a => a.BaseLabel == "c2pa.actions"))
        {
            foreach (var act in Obj.List(Obj.Get(a.Data, "actions")))
            {
                if (Obj.Str(act, "action") is not { } name)
                {
                    continue;
                }

                var parameters = Obj.Get(act, "parameters");
                var dst = Obj.Str(act, "digitalSourceType") ?? Obj.Str(parameters, "com.adobe.digitalSourceType");
                var agent = Obj.Get(act, "softwareAgent") switch
                {
                    string s => s,
                    var map when Obj.Str(map, "name") is { } n => Obj.Str(map, "version") is { } v ? n + " " + v : n,
                    _ => null,
                };
                actions.Add(new C2paAction(name, dst?.Trim(), agent, Obj.Str(act, "when"), Obj.Str(act, "description") ?? Obj.Str(parameters, "description")));
            }
        }

        return actions;
    }
}
