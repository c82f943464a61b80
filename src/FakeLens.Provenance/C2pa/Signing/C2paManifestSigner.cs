using System.Security.Cryptography;
using FakeLens.Core.Detection;
using FakeLens.Core.Media;

namespace FakeLens.Provenance.C2pa.Signing;

/// <summary>
/// Signs JPEG, PNG, RIFF (WAV, WebP, AVI) and ISO BMFF (MP4, MOV) files with one C2PA manifest (claim v2, <c>c2pa.actions.v2</c> with the IPTC digital source
/// type, <c>c2pa.hash.data</c> or <c>c2pa.hash.bmff.v3</c> hard binding, COSE_Sign1 claim signature). The layout is computed first with a
/// placeholder hash, repeated until the exclusion length is stable (CBOR integer widths), then the real hash is
/// written — every field keeps its size (SHA-256, fixed-size signatures), so the layout does not move.
/// An existing C2PA manifest store in the input is replaced, not kept as an ingredient.
/// </summary>
public static class C2paManifestSigner
{
    /// <summary>Signs <paramref name="asset"/> (JPEG, PNG, WebP, WAV, AVI, MP4 or MOV bytes).</summary>
    /// <exception cref="MediaException">The file is of another format or is malformed.</exception>
    /// <exception cref="ArgumentException">Unknown digital source type or an action FakeLens cannot write.</exception>
    public static C2paSignResult Sign(byte[] asset, C2paSignOptions options, C2paSigningCredential credential)
    {
        ArgumentNullException.ThrowIfNull(asset);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(credential);
        var (container, format) = ContainerFor(asset);
        var sourceType = DigitalSourceTypes.ToUri(options.DigitalSourceType)
            ?? throw new ArgumentException($"Unknown digital source type '{options.DigitalSourceType}'. Known: {string.Join(", ", DigitalSourceTypes.Known)}.", nameof(options));
        var actions = NormaliseActions(options.Actions);

        var prepared = container.Prepare(asset);
        var manifestLabel = "urn:c2pa:" + Guid.NewGuid().ToString("D");
        var writer = new ManifestStoreWriter(credential, manifestLabel, "xmp:iid:" + Guid.NewGuid().ToString("D"), options, actions, sourceType);

        long start = prepared.InsertOffset;
        long length = 0;
        var placeholder = new byte[SHA256.HashSizeInBytes];
        byte[] store;
        var attempts = 0;
        while (true)
        {
            store = writer.Write(container.HardBindingLabel, container.HardBinding(start, length, placeholder));
            var embedded = container.EmbeddedLength(store.Length);
            if (embedded == length)
            {
                break;
            }

            if (++attempts > 8)
            {
                throw new InvalidOperationException("The manifest layout did not settle (exclusion length keeps changing).");
            }

            length = embedded;
        }

        // Hash the laid-out file minus the exclusion: headers that record the store's size (RIFF) are hashed as final.
        var draft = container.Embed(prepared, store);
        var hash = container.Hash(draft, start, length);
        var final = writer.Write(container.HardBindingLabel, container.HardBinding(start, length, hash));
        if (final.Length != store.Length)
        {
            throw new InvalidOperationException($"The signed manifest store changed size ({store.Length} → {final.Length} bytes).");
        }

        return new C2paSignResult(container.Embed(prepared, final), format, manifestLabel, final.Length, start, length, prepared.HadManifest);
    }

    private static (IManifestContainer Container, MediaFormat Format) ContainerFor(byte[] asset)
    {
        if (asset.Length >= 2 && asset[0] == 0xFF && asset[1] == 0xD8)
        {
            return (new JpegManifestContainer(), MediaFormat.Jpeg);
        }

        if (asset.Length >= 8 && asset[0] == 0x89 && asset[1] == (byte)'P' && asset[2] == (byte)'N' && asset[3] == (byte)'G')
        {
            return (new PngManifestContainer(), MediaFormat.Png);
        }

        if (asset.Length >= 12 && asset.AsSpan(0, 4).SequenceEqual("RIFF"u8)
            && (asset.AsSpan(8, 4).SequenceEqual("WAVE"u8) || asset.AsSpan(8, 4).SequenceEqual("WEBP"u8) || asset.AsSpan(8, 4).SequenceEqual("AVI "u8)))
        {
            var form = asset.AsSpan(8, 4);
            return (new RiffManifestContainer(), form.SequenceEqual("WAVE"u8) ? MediaFormat.Wav : form.SequenceEqual("WEBP"u8) ? MediaFormat.WebP : MediaFormat.Avi);
        }

        if (asset.Length >= 12 && asset.AsSpan(4, 4).SequenceEqual("ftyp"u8))
        {
            return (new BmffManifestContainer(), asset.AsSpan(8, 4).SequenceEqual("qt  "u8) ? MediaFormat.Mov : MediaFormat.Mp4);
        }

        throw new MediaException("FakeLens signs JPEG, PNG, WebP, WAV, AVI and MP4/MOV files; this file is none of them.") { Code = "unsupported" };
    }

    private static List<string> NormaliseActions(IReadOnlyList<string>? requested)
    {
        var actions = new List<string> { "c2pa.created" };
        foreach (var a in requested ?? [])
        {
            var action = a.Trim();
            if (action.Length == 0 || action == "c2pa.created")
            {
                continue;
            }

            if (!action.Contains('.', StringComparison.Ordinal))
            {
                throw new ArgumentException($"Action '{action}' is not a C2PA action label (e.g. c2pa.edited, c2pa.color_adjustments).", nameof(requested));
            }

            if (action is "c2pa.opened" or "c2pa.placed" or "c2pa.removed")
            {
                throw new ArgumentException($"Action '{action}' needs an ingredient, which FakeLens does not write; sign with c2pa.created (and edits such as c2pa.edited).", nameof(requested));
            }

            actions.Add(action);
        }

        return actions;
    }
}
