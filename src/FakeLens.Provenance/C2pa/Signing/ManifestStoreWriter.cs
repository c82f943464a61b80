using System.Formats.Cbor;
using System.Security.Cryptography;

namespace FakeLens.Provenance.C2pa.Signing;

/// <summary>
/// Lays out one C2PA manifest store (C2PA spec 2.1 §11): store <c>c2pa</c> → manifest <c>urn:c2pa:…</c> →
/// assertion store (<c>c2pa.actions.v2</c>, the hard binding: <c>c2pa.hash.data</c> or <c>c2pa.hash.bmff.v3</c>), claim <c>c2pa.claim.v2</c>, signature
/// <c>c2pa.signature</c>. CBOR maps keep c2pa-rs's field order.
/// </summary>
internal sealed class ManifestStoreWriter
{
    private const string ActionsLabel = "c2pa.actions.v2";

    private readonly C2paSigningCredential credential;
    private readonly string manifestLabel;
    private readonly string instanceId;
    private readonly string? title;
    private readonly string generatorName;
    private readonly string generatorVersion;
    private readonly byte[] actionsCbor;

    public ManifestStoreWriter(C2paSigningCredential credential, string manifestLabel, string instanceId, C2paSignOptions options, IReadOnlyList<string> actions, string digitalSourceTypeUri)
    {
        this.credential = credential;
        this.manifestLabel = manifestLabel;
        this.instanceId = instanceId;
        title = options.Title;
        generatorName = options.ClaimGeneratorName;
        generatorVersion = options.ClaimGeneratorVersion;
        actionsCbor = Actions(actions, digitalSourceTypeUri);
    }

    /// <summary>The complete signed store with this hard-binding assertion (label and CBOR).</summary>
    public byte[] Write(string hardBindingLabel, byte[] hardBindingCbor)
    {
        var actionsBox = JumbfWriter.Superbox(C2paBoxUuids.Cbor, ActionsLabel, JumbfWriter.Box("cbor", actionsCbor));
        var hashBox = JumbfWriter.Superbox(C2paBoxUuids.Cbor, hardBindingLabel, JumbfWriter.Box("cbor", hardBindingCbor));
        var assertionStore = JumbfWriter.Superbox(C2paBoxUuids.AssertionStore, "c2pa.assertions", actionsBox, hashBox);

        var claim = Claim([(ActionsLabel, actionsBox), (hardBindingLabel, hashBox)]);
        var claimBox = JumbfWriter.Superbox(C2paBoxUuids.Claim, "c2pa.claim.v2", JumbfWriter.Box("cbor", claim));
        var signatureBox = JumbfWriter.Superbox(C2paBoxUuids.Signature, "c2pa.signature", JumbfWriter.Box("cbor", CoseClaimSigner.Sign(claim, credential)));
        var manifest = JumbfWriter.Superbox(C2paBoxUuids.Manifest, manifestLabel, assertionStore, claimBox, signatureBox);
        return JumbfWriter.Superbox(C2paBoxUuids.ManifestStore, "c2pa", manifest);
    }

    private byte[] Actions(IReadOnlyList<string> actions, string digitalSourceTypeUri)
    {
        var w = new CborWriter();
        w.WriteStartMap(1);
        w.WriteTextString("actions");
        w.WriteStartArray(actions.Count);
        foreach (var action in actions)
        {
            var created = action == "c2pa.created";
            w.WriteStartMap(created ? 3 : 2);
            w.WriteTextString("action");
            w.WriteTextString(action);
            if (created)
            {
                w.WriteTextString("digitalSourceType");
                w.WriteTextString(digitalSourceTypeUri);
            }

            w.WriteTextString("softwareAgent");
            WriteGenerator(w);
            w.WriteEndMap();
        }

        w.WriteEndArray();
        w.WriteEndMap();
        return w.Encode();
    }

    private byte[] Claim(IReadOnlyList<(string Label, byte[] Box)> assertions)
    {
        var w = new CborWriter();
        w.WriteStartMap(title is null ? 5 : 6);
        w.WriteTextString("instanceID");
        w.WriteTextString(instanceId);
        w.WriteTextString("claim_generator_info");
        WriteGenerator(w);
        w.WriteTextString("signature");
        w.WriteTextString($"self#jumbf=/c2pa/{manifestLabel}/c2pa.signature");
        w.WriteTextString("created_assertions");
        w.WriteStartArray(assertions.Count);
        foreach (var (label, box) in assertions)
        {
            w.WriteStartMap(2);
            w.WriteTextString("url");
            w.WriteTextString("self#jumbf=c2pa.assertions/" + label);
            w.WriteTextString("hash");
            w.WriteByteString(SHA256.HashData(JumbfWriter.HashedContent(box)));
            w.WriteEndMap();
        }

        w.WriteEndArray();
        if (title is not null)
        {
            w.WriteTextString("dc:title");
            w.WriteTextString(title);
        }

        w.WriteTextString("alg");
        w.WriteTextString("sha256");
        w.WriteEndMap();
        return w.Encode();
    }

    private void WriteGenerator(CborWriter w)
    {
        w.WriteStartMap(2);
        w.WriteTextString("name");
        w.WriteTextString(generatorName);
        w.WriteTextString("version");
        w.WriteTextString(generatorVersion);
        w.WriteEndMap();
    }
}
