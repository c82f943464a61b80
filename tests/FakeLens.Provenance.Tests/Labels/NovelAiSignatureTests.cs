using System.Text;
using System.Text.Json;
using FakeLens.Core.Detection;
using FakeLens.Core.Evidence;
using FakeLens.Provenance.Labels;
using FakeLens.TestSupport;
using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;
using Org.BouncyCastle.Security;

namespace FakeLens.Provenance.Tests.Labels;

public sealed class NovelAiSignatureTests
{
    private const int Width = 96;
    private const int Height = 80;

    /// <summary>Comment fields in NovelAI's order, with the float, unicode and nesting cases Python's json.dumps formats in its own way.</summary>
    private const string Comment = """{"prompt": "caf\u00e9 on a snowy street \u2603, night", "steps": 28, "height": 80, "width": 96, "scale": 5.0, "cfg_rescale": 0.0, "seed": 2921154069, "noise_schedule": "karras", "sampler": "k_euler_ancestral", "dynamic_thresholding_percentile": 0.999, "skip_cfg_below_sigma": 1e-05, "reference_strength_multiple": [], "v4_prompt": {"caption": {"base_caption": "caf\u00e9"}, "use_coords": false}, "uc": "lowres", "request_type": "PromptGenerateRequest"}""";

    private static IReadOnlyList<Evidence> Analyze(byte[] bytes, GeneratorLabelDetector detector) =>
        detector.AnalyzeAsync(AnalysisContext.FromBytes(bytes, "nai.png"), CancellationToken.None).AsTask().GetAwaiter().GetResult();

    /// <summary>A NovelAI-style RGBA PNG whose Comment is signed with <paramref name="key"/> over <paramref name="signedRgb"/>.</summary>
    private static byte[] SignedImage(Ed25519PrivateKeyParameters key, byte[] signedRgb)
    {
        using var doc = JsonDocument.Parse(Comment);
        var message = Encoding.UTF8.GetBytes(PythonJson.Dumps(doc.RootElement));
        var signer = new Ed25519Signer();
        signer.Init(true, key);
        signer.BlockUpdate(signedRgb, 0, signedRgb.Length);
        signer.BlockUpdate(message, 0, message.Length);
        var signed = Comment[..^1] + $", \"signed_hash\": \"{Convert.ToBase64String(signer.GenerateSignature())}\"}}";
        var fields = new Dictionary<string, string> { ["Software"] = "NovelAI", ["Source"] = "NovelAI Diffusion V4.5 4BDE2A90", ["Comment"] = signed };
        return LabelFiles.StealthPng("stealth_pngcomp", LabelFiles.Gzip(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(fields))), Width, Height);
    }

    private static (Ed25519PrivateKeyParameters Private, byte[] Public) NewKey()
    {
        var generator = new Ed25519KeyPairGenerator();
        generator.Init(new Ed25519KeyGenerationParameters(new SecureRandom()));
        var pair = generator.GenerateKeyPair();
        return ((Ed25519PrivateKeyParameters)pair.Private, ((Ed25519PublicKeyParameters)pair.Public).GetEncoded());
    }

    [Fact]
    public void Python_json_dumps_form_matches_CPython_byte_for_byte()
    {
        // Expected output produced with CPython 3.11: print(json.dumps(json.loads(src))).
        const string src = """{"a": 5.0, "b": 1e-05, "c": 1e16, "d": 1e15, "e": 0.0001, "f": -0.0, "g": "\u00e9\u2603\ud83d\ude00\u007f\n\"\\/\u0001", "h": [], "i": {}, "j": [1, true, null, false], "k": 123456789012345678901234, "l": 0.30000000000000004, "m": 2.5e-7, "n": 12345.678, "o": 1E+2, "p": 0, "q": -7}""";
        const string python = """{"a": 5.0, "b": 1e-05, "c": 1e+16, "d": 1000000000000000.0, "e": 0.0001, "f": -0.0, "g": "\u00e9\u2603\ud83d\ude00\u007f\n\"\\/\u0001", "h": [], "i": {}, "j": [1, true, null, false], "k": 123456789012345678901234, "l": 0.30000000000000004, "m": 2.5e-07, "n": 12345.678, "o": 100.0, "p": 0, "q": -7}""";
        using var doc = JsonDocument.Parse(src);

        Assert.Equal(python, PythonJson.Dumps(doc.RootElement));
    }

    [Fact]
    public void A_valid_signed_hash_over_the_pixels_is_decisive_evidence_of_NovelAI()
    {
        var (priv, pub) = NewKey();
        var rgb = Scenes.Natural(Width, Height, seed: 5).Pixels;
        var png = SignedImage(priv, rgb);

        var evidence = Analyze(png, new GeneratorLabelDetector(pub));

        var sig = Assert.Single(evidence, e => e.Id == "labels.novelai-signature");
        Assert.True(sig.Decisive);
        Assert.Equal(EvidenceDirection.AiGenerated, sig.Direction);
        Assert.True(sig.LikelihoodRatio >= 1000);
        var gen = Assert.Single(evidence, e => e.Id == "labels.generator");
        Assert.Equal("verifies", Assert.Single(gen.Facts, f => f.Name == "NovelAI signature").Value);
    }

    [Fact]
    public void A_signature_over_other_pixels_does_not_verify_and_is_not_decisive()
    {
        var (priv, pub) = NewKey();
        var rgb = (byte[])Scenes.Natural(Width, Height, seed: 5).Pixels.Clone();
        rgb[3 * ((40 * Width) + 50)] ^= 0x01; // the signer saw one pixel differently: the file's pixels were "edited"
        var png = SignedImage(priv, rgb);

        var evidence = Analyze(png, new GeneratorLabelDetector(pub));

        Assert.DoesNotContain(evidence, e => e.Id == "labels.novelai-signature");
        var gen = Assert.Single(evidence, e => e.Id == "labels.generator");
        Assert.StartsWith("does not verify", Assert.Single(gen.Facts, f => f.Name == "NovelAI signature").Value, StringComparison.Ordinal);
        Assert.False(gen.Decisive);
    }

    [Fact]
    public void A_signature_by_another_key_does_not_verify_with_NovelAIs_published_key()
    {
        var (priv, _) = NewKey();
        var png = SignedImage(priv, Scenes.Natural(Width, Height, seed: 5).Pixels);

        var evidence = Analyze(png, new GeneratorLabelDetector());

        Assert.DoesNotContain(evidence, e => e.Decisive);
        Assert.Equal("NovelAI", Assert.Single(evidence, e => e.Id == "labels.generator").Facts[0].Value);
    }
}
