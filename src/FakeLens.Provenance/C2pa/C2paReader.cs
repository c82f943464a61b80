using FakeLens.Core.Media;
using FakeLens.Provenance.C2pa.Internal;

namespace FakeLens.Provenance.C2pa;

/// <summary>
/// Reads the C2PA manifest store of a file (C2PA 2.1: JUMBF store, claims v1/v2, assertions, signature box)
/// without validating it; <see cref="C2paValidator"/> checks it. Never throws for bad input: a damaged store
/// comes back with <c>manifest.inaccessible</c> / <c>claim.malformed</c> statuses, an unparseable container
/// with <see cref="C2paManifestStore.AssetError"/>.
/// </summary>
public static class C2paReader
{
    /// <summary>Finds and parses the manifest store embedded in <paramref name="file"/> (or a bare .c2pa sidecar).</summary>
    public static C2paManifestStore Read(ReadOnlyMemory<byte> file, MediaFormat format)
    {
        AssetLocation location;
        try
        {
            location = AssetLocator.Locate(file.Span, format);
        }
        catch (Exception ex) when (ex is C2paFormatException or ArgumentOutOfRangeException or OverflowException or IndexOutOfRangeException)
        {
            return new C2paManifestStore { AssetError = ex.Message };
        }

        if (location.AssetError is { } error)
        {
            return new C2paManifestStore { AssetError = error };
        }

        if (location.Jumbf is null)
        {
            return new C2paManifestStore { RemoteManifestUrl = location.RemoteUrl };
        }

        return ReadStore(location.Jumbf) with { RemoteManifestUrl = location.RemoteUrl, ContainerRanges = location.StoreRanges };
    }

    /// <summary>Parses a manifest store given as JUMBF bytes (a sidecar file's contents).</summary>
    public static C2paManifestStore ReadStore(ReadOnlyMemory<byte> jumbf)
    {
        JumbfBox root;
        try
        {
            root = JumbfBox.ParseStore(jumbf.Span);
        }
        catch (C2paFormatException ex)
        {
            return Inaccessible(jumbf, "The manifest store cannot be read: " + ex.Message + ".");
        }

        if (root.DescriptionType != "c2pa")
        {
            return Inaccessible(jumbf, "The JUMBF box found is not a C2PA manifest store.");
        }

        var manifests = new List<C2paManifest>();
        foreach (var child in root.Children.Skip(1))
        {
            if (child.IsSuperbox && child.DescriptionType is "c2ma" or "c2um")
            {
                manifests.Add(ReadManifest(jumbf, child));
            }
        }

        if (manifests.Count == 0)
        {
            return Inaccessible(jumbf, "The manifest store holds no manifest.");
        }

        return new C2paManifestStore { HasManifest = true, Manifests = manifests, StoreBytes = jumbf };
    }

    private static C2paManifestStore Inaccessible(ReadOnlyMemory<byte> jumbf, string why) => new()
    {
        HasManifest = true,
        StoreBytes = jumbf,
        ReadStatuses = [C2paStatus.Failure(C2paStatusCodes.ManifestInaccessible, "self#jumbf=/c2pa", why)],
    };

    private static C2paManifest ReadManifest(ReadOnlyMemory<byte> store, JumbfBox box)
    {
        var label = box.Label ?? string.Empty;
        var statuses = new List<C2paStatus>();
        JumbfBox? claimBox = null;
        JumbfBox? sigBox = null;
        JumbfBox? assertionStore = null;
        foreach (var c in box.Children.Skip(1).Where(c => c.IsSuperbox))
        {
            switch (c.DescriptionType)
            {
                case "c2cl":
                    claimBox ??= c;
                    break;
                case "c2cs":
                    sigBox ??= c;
                    break;
                case "c2as":
                    assertionStore ??= c;
                    break;
            }
        }

        var assertions = new List<C2paAssertion>();
        if (assertionStore is not null)
        {
            foreach (var a in assertionStore.Children.Skip(1).Where(c => c.IsSuperbox))
            {
                assertions.Add(ReadAssertion(store, a, label, statuses));
            }
        }

        C2paClaim? claim = null;
        ReadOnlyMemory<byte> claimBytes = default;
        if (claimBox?.Content is { } cc)
        {
            claimBytes = store.Slice(cc.PayloadOffset, cc.PayloadLength);
            try
            {
                claim = ParseClaim(CborTree.Decode(claimBytes), claimBox.Label);
            }
            catch (C2paFormatException ex)
            {
                statuses.Add(C2paStatus.Failure(C2paStatusCodes.ClaimMalformed, $"self#jumbf=/c2pa/{label}/{claimBox.Label}", "The claim cannot be decoded: " + ex.Message));
            }
        }
        else
        {
            statuses.Add(C2paStatus.Failure(C2paStatusCodes.ClaimMissing, $"self#jumbf=/c2pa/{label}", "The manifest has no claim."));
        }

        ReadOnlyMemory<byte> sig = default;
        if (sigBox?.Content is { } sc)
        {
            sig = store.Slice(sc.PayloadOffset, sc.PayloadLength);
        }

        return new C2paManifest
        {
            Label = label,
            IsUpdate = box.DescriptionType == "c2um",
            ClaimLabel = claimBox?.Label,
            Claim = claim,
            ClaimBytes = claimBytes,
            SignatureBytes = sig,
            SignatureHashedBytes = sigBox is null ? default : store.Slice(sigBox.PayloadOffset, sigBox.PayloadLength),
            Assertions = assertions,
            HashedBytes = store.Slice(box.PayloadOffset, box.PayloadLength),
            ReadStatuses = statuses,
        };
    }

    private static C2paAssertion ReadAssertion(ReadOnlyMemory<byte> store, JumbfBox a, string manifestLabel, List<C2paStatus> statuses)
    {
        var label = a.Label ?? string.Empty;
        var hashed = store.Slice(a.PayloadOffset, a.PayloadLength);
        var content = a.Children.Skip(1).LastOrDefault();
        if (content is null)
        {
            return new C2paAssertion { Label = label, ContentType = "none", HashedBytes = hashed };
        }

        var payload = store.Slice(content.PayloadOffset, content.PayloadLength);
        var url = $"self#jumbf=/c2pa/{manifestLabel}/c2pa.assertions/{label}";
        switch (content.Type)
        {
            case "cbor":
                try
                {
                    return new C2paAssertion { Label = label, ContentType = "cbor", Data = CborTree.Decode(payload), HashedBytes = hashed };
                }
                catch (C2paFormatException ex)
                {
                    statuses.Add(C2paStatus.Failure(C2paStatusCodes.AssertionCborInvalid, url, "The assertion's CBOR cannot be decoded: " + ex.Message));
                    return new C2paAssertion { Label = label, ContentType = "cbor", DecodeError = ex.Message, HashedBytes = hashed };
                }

            case "json":
                try
                {
                    return new C2paAssertion { Label = label, ContentType = "json", Data = JsonTree.Decode(payload), HashedBytes = hashed };
                }
                catch (C2paFormatException ex)
                {
                    statuses.Add(C2paStatus.Failure(C2paStatusCodes.AssertionJsonInvalid, url, "The assertion's JSON cannot be decoded: " + ex.Message));
                    return new C2paAssertion { Label = label, ContentType = "json", DecodeError = ex.Message, HashedBytes = hashed };
                }

            default:
                return new C2paAssertion { Label = label, ContentType = content.Type, Binary = payload, HashedBytes = hashed };
        }
    }

    private static C2paClaim ParseClaim(object? map, string? claimLabel)
    {
        if (Obj.Map(map) is null)
        {
            throw new C2paFormatException("the claim is not a CBOR map");
        }

        var version = claimLabel == "c2pa.claim.v2" ? 2 : 1;
        var refs = new List<C2paHashedUri>();
        foreach (var key in version == 1 ? new[] { "assertions" } : ["created_assertions", "gathered_assertions"])
        {
            foreach (var item in Obj.List(Obj.Get(map, key)))
            {
                if (HashedUri(item) is { } h)
                {
                    refs.Add(h);
                }
            }
        }

        var info = new List<string>();
        var cgi = Obj.Get(map, "claim_generator_info");
        foreach (var entry in cgi is List<object?> l ? l : [cgi])
        {
            if (Obj.Str(entry, "name") is { } name)
            {
                info.Add(Obj.Str(entry, "version") is { } v ? name + "/" + v : name);
            }
        }

        return new C2paClaim
        {
            Version = version,
            ClaimGenerator = Obj.Str(map, "claim_generator"),
            ClaimGeneratorInfo = info,
            Title = Obj.Str(map, "dc:title"),
            Format = Obj.Str(map, "dc:format"),
            InstanceId = Obj.Str(map, "instanceID"),
            Algorithm = Obj.Str(map, "alg"),
            SignatureUrl = Obj.Str(map, "signature"),
            Assertions = refs,
            RedactedAssertions = Obj.List(Obj.Get(map, "redacted_assertions")).OfType<string>().ToList(),
        };
    }

    internal static C2paHashedUri? HashedUri(object? item) =>
        Obj.Str(item, "url") is { } url
            ? new C2paHashedUri(url, Obj.Str(item, "alg"), Obj.Bytes(item, "hash") ?? [])
            : null;
}
