using System.Buffers.Binary;
using System.Text;
using System.Text.Json.Nodes;
using FakeLens.TestSupport;

namespace FakeLens.Cli.Tests.Commands;

/// <summary>
/// Adversarial provenance: anyone can make a certificate (<c>fakelens keys create</c>) and sign an AI image as a
/// camera capture (<c>fakelens sign --source-type digitalCapture</c>). Such a signature is valid but untrusted; it
/// may state its claim, but must never launder a fake (docs/fusion.md, "Forgeable claims").
/// </summary>
public sealed class ForgedCredentialsTests : IDisposable
{
    private const string FastDetectors = "file,c2pa,labels,metadata,watermark";

    private readonly string _dir = Directory.CreateTempSubdirectory("fakelens-forged-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private async Task<string> Keys()
    {
        var keys = Path.Combine(_dir, "keys");
        var (code, _, err) = await CliRun.Async("keys", "create", "--out", keys, "--subject", "CN=Totally Real Camera Co, O=Nobody");
        Assert.True(code == 0, err);
        return keys;
    }

    private async Task<string> SignAsCapture(string keys, string input)
    {
        var output = Path.Combine(_dir, "signed-" + Path.GetFileName(input));
        var (code, _, err) = await CliRun.Async("sign", input, "-o", output, "--cert", Path.Combine(keys, "chain.pem"), "--key", Path.Combine(keys, "key.pem"), "--source-type", "digitalCapture", "--title", "Straight from the camera");
        Assert.True(code == 0, err);
        return output;
    }

    private static async Task<JsonNode> Scan(string file, params string[] extra)
    {
        var (code, stdout, err) = await CliRun.Async(["scan", file, "--detectors", FastDetectors, "--json", "-", .. extra]);
        Assert.True(code == 0, err);
        var report = JsonNode.Parse(stdout)!["files"]![0]!;
        Assert.Equal("ok", (string?)report["status"]);
        return report;
    }

    private static JsonNode CaptureCard(JsonNode report) =>
        report["evidence"]!.AsArray().Single(e => (string?)e!["id"] == "c2pa.claim-signature" && (string?)e["direction"] == "authentic")!;

    private string Copy(params string[] sharedPath)
    {
        var target = Path.Combine(_dir, sharedPath[^1]);
        File.Copy(TestData.Path(sharedPath), target);
        return target;
    }

    [Fact]
    public async Task A_home_made_capture_signature_on_a_watermarked_AI_image_does_not_soften_the_AI_verdict()
    {
        var keys = await Keys();
        var marked = Copy("watermark", "sd1_dwtDct", "kodim08_sd1.png");
        var signed = await SignAsCapture(keys, marked);

        var report = await Scan(signed);

        var card = CaptureCard(report);
        Assert.False((bool)card["decisive"]!);
        Assert.True((double)card["likelihoodRatio"]! <= 2);
        Assert.Equal("ai-generated", (string?)report["verdict"]!["band"]);
        Assert.DoesNotContain(report["verdict"]!["topEvidence"]!.AsArray(), w => (string?)w!["direction"] == "authentic");
        Assert.Contains(report["verdict"]!["reasons"]!.AsArray(), r => ((string?)r)!.Contains("anyone can write", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_home_made_capture_signature_on_a_generator_labelled_image_changes_nothing()
    {
        var keys = await Keys();
        var png = WithTextChunk(ImageEncoderPng(), "parameters", "a lighthouse at dusk\nSteps: 30, Sampler: Euler a, CFG scale: 7, Seed: 42, Model: sd_xl_base_1.0");
        var labelled = Path.Combine(_dir, "labelled.png");
        await File.WriteAllBytesAsync(labelled, png);
        var signed = await SignAsCapture(keys, labelled);

        var unsigned = await Scan(labelled);
        var report = await Scan(signed);

        Assert.Contains(report["evidence"]!.AsArray(), e => ((string?)e!["id"])!.StartsWith("labels.", StringComparison.Ordinal) && (string?)e["direction"] == "ai-generated");
        Assert.Equal((string?)unsigned["verdict"]!["band"], (string?)report["verdict"]!["band"]);
        Assert.NotEqual("no-evidence-found", (string?)report["verdict"]!["band"]);
        Assert.Equal((double)unsigned["verdict"]!["probabilities"]!["aiGenerated"]!, (double)report["verdict"]!["probabilities"]!["aiGenerated"]!, 4);
    }

    [Fact]
    public async Task A_valid_signature_over_replaced_pixels_vouches_only_when_the_user_trusts_its_signer()
    {
        // The forger replaced a photo's pixels with a generated picture, then signed the result as a capture: the
        // signature and the hard binding are valid, because the pixels changed before signing, not after.
        var keys = await Keys();
        var ai = Copy("images", "ai", "sd1", Directory.GetFiles(TestData.Path("images", "ai", "sd1"), "*.png").Select(Path.GetFileName).Order(StringComparer.Ordinal).First()!);
        var signed = await SignAsCapture(keys, ai);

        var untrusted = await Scan(signed);
        var card = CaptureCard(untrusted);
        Assert.Contains(card["facts"]!.AsArray(), f => (string?)f!["name"] == "validation" && (string?)f["value"] == "valid");
        Assert.NotEqual("authentic-with-verified-provenance", (string?)untrusted["verdict"]!["band"]);
        Assert.True((double)card["weight"]! <= Math.Log(2) + 1e-9);

        // Only a signer that chains to a trust anchor the user gave may vouch — and then the user answers for it.
        var trusted = await Scan(signed, "--trust-anchors", Path.Combine(keys, "ca.pem"));
        Assert.Equal("authentic-with-verified-provenance", (string?)trusted["verdict"]!["band"]);
    }

    [Fact]
    public async Task A_trusted_capture_signature_against_a_decoded_watermark_is_a_contradiction_not_a_pass()
    {
        var keys = await Keys();
        var signed = await SignAsCapture(keys, Copy("watermark", "sd1_dwtDct", "kodim03_sd1.png"));

        var report = await Scan(signed, "--trust-anchors", Path.Combine(keys, "ca.pem"));

        Assert.Equal("inconclusive", (string?)report["verdict"]!["band"]);
        Assert.Contains(report["verdict"]!["reasons"]!.AsArray(), r => ((string?)r)!.Contains("contradicts", StringComparison.Ordinal));
    }

    private static byte[] ImageEncoderPng() => FakeLens.Imaging.Decoding.ImageEncoder.Png(Scenes.Natural(160, 120, seed: 11));

    /// <summary>Inserts a tEXt chunk after IHDR (where AUTOMATIC1111 writes its "parameters").</summary>
    private static byte[] WithTextChunk(byte[] png, string key, string value)
    {
        var data = Encoding.Latin1.GetBytes(key + "\0" + value);
        var chunk = new byte[12 + data.Length];
        BinaryPrimitives.WriteInt32BigEndian(chunk, data.Length);
        Encoding.ASCII.GetBytes("tEXt").CopyTo(chunk, 4);
        data.CopyTo(chunk, 8);
        BinaryPrimitives.WriteUInt32BigEndian(chunk.AsSpan(8 + data.Length), FakeLens.Core.Evidence.PngWriter.Crc32(chunk.AsSpan(4, 4 + data.Length)));
        const int afterIhdr = 8 + 25;
        return [.. png.AsSpan(0, afterIhdr), .. chunk, .. png.AsSpan(afterIhdr)];
    }
}
