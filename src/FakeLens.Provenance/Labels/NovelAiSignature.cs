using System.Text;
using System.Text.Json;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;
using SkiaSharp;

namespace FakeLens.Provenance.Labels;

/// <summary>
/// Verifies NovelAI's <c>signed_hash</c>: an Ed25519 signature by NovelAI over the image's RGB bytes (row-major, 3 per
/// pixel, alpha dropped) followed by the UTF-8 of Python's <c>json.dumps</c> of the Comment object without
/// <c>signed_hash</c>, checked with NovelAI's published key (NovelAI/novelai-image-metadata, nai_sig.py,
/// <c>verify_metadata_is_novelai</c>). A valid signature means NovelAI's servers produced these exact pixels with
/// these settings; any edit or lossy re-encode breaks it.
/// </summary>
internal static class NovelAiSignature
{
    /// <summary>NovelAI's verify key as published in nai_sig.py (base64 of the 32-byte Ed25519 public key).</summary>
    public const string PublishedKey = "Y2JcQAOhLwzwSDUJPNgL04nS0Tbqm7cSRc4xk0vRMic=";

    /// <summary>True or false for a signature that was checked; null when there is none, it is malformed, or the pixels cannot be decoded.</summary>
    public static bool? Verify(ReadOnlySpan<byte> file, string commentJson, byte[] publicKey, long maxPixels)
    {
        using var comment = JsonValues.ParseObject(commentJson);
        if (comment is null || JsonValues.Text(comment.RootElement, "signed_hash") is not { } signedHash || publicKey.Length != 32)
        {
            return null;
        }

        byte[] signature;
        string message;
        try
        {
            signature = Convert.FromBase64String(signedHash);
            message = PythonJson.Dumps(comment.RootElement, "signed_hash");
        }
        catch (Exception ex) when (ex is FormatException or JsonException or OverflowException)
        {
            return null;
        }

        if (signature.Length != 64 || Rgb(file, maxPixels) is not { } rgb)
        {
            return null;
        }

        var signer = new Ed25519Signer();
        signer.Init(false, new Ed25519PublicKeyParameters(publicKey, 0));
        signer.BlockUpdate(rgb, 0, rgb.Length);
        var text = Encoding.UTF8.GetBytes(message);
        signer.BlockUpdate(text, 0, text.Length);
        return signer.VerifySignature(signature);
    }

    /// <summary>The stored RGB values (unpremultiplied, so semi-transparent pixels keep their colour), or null.</summary>
    private static byte[]? Rgb(ReadOnlySpan<byte> file, long maxPixels)
    {
        using var data = SKData.CreateCopy(file);
        using var codec = SKCodec.Create(data);
        if (codec is null || codec.Info.Width <= 0 || codec.Info.Height <= 0 || (long)codec.Info.Width * codec.Info.Height > maxPixels)
        {
            return null;
        }

        var info = new SKImageInfo(codec.Info.Width, codec.Info.Height, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        using var bitmap = new SKBitmap();
        if (!bitmap.TryAllocPixels(info) || codec.GetPixels(info, bitmap.GetPixels()) != SKCodecResult.Success)
        {
            return null;
        }

        var rgba = bitmap.GetPixelSpan();
        var rgb = new byte[info.Width * info.Height * 3];
        for (int i = 0, j = 0; j < rgb.Length; i += 4, j += 3)
        {
            rgb[j] = rgba[i];
            rgb[j + 1] = rgba[i + 1];
            rgb[j + 2] = rgba[i + 2];
        }

        return rgb;
    }
}
