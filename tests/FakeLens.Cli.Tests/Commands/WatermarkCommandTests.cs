using FakeLens.Imaging.Decoding;
using FakeLens.TestSupport;

namespace FakeLens.Cli.Tests.Commands;

public sealed class WatermarkCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("fakelens-wm-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static Task<(int Code, string Out, string Err)> Run(params string[] args) => CliRun.Async(args);

    [Fact]
    public async Task Embed_then_detect_finds_the_payload_with_the_key_and_not_without()
    {
        var cover = Path.Combine(_dir, "cover.png");
        await File.WriteAllBytesAsync(cover, await File.ReadAllBytesAsync(TestData.Path("images", "real", "kodak24", "kodim05.png")));
        var marked = Path.Combine(_dir, "marked.jpg");

        var (code, stdout, _) = await Run("watermark", "embed", cover, "-o", marked, "--key", "newsroom secret", "--payload", "0xCAFEBABE", "--quality", "90");
        Assert.Equal(0, code);
        Assert.Contains("0xCAFEBABE", stdout, StringComparison.Ordinal);

        var (_, withKey, _) = await Run("watermark", "detect", marked, "--scheme", "fakelens-image", "--key", "newsroom secret");
        Assert.Contains("marked", withKey, StringComparison.Ordinal);
        Assert.Contains("0xCAFEBABE", withKey, StringComparison.Ordinal);

        var (_, openKey, _) = await Run("watermark", "detect", marked, "--scheme", "fakelens-image");
        Assert.Contains("not marked", openKey, StringComparison.Ordinal);
        Assert.DoesNotContain("0xCAFEBABE", openKey, StringComparison.Ordinal);

        // The scan finds it only when told the private key.
        var (_, scanned, _) = await Run("scan", marked, "--watermark-key", "newsroom secret", "--json", "-");
        Assert.Contains("\"ai-generated\"", scanned, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stable_diffusion_embed_writes_the_sd1_payload_that_detect_reads()
    {
        // kodim08: the reference algorithm's mark decodes there (on low-chroma kodim01 it does not, even in the reference).
        var cover = Path.Combine(_dir, "cover.png");
        await File.WriteAllBytesAsync(cover, await File.ReadAllBytesAsync(TestData.Path("watermark", "covers", "kodim08.png")));
        var marked = Path.Combine(_dir, "sd.png");
        var (code, _, _) = await Run("watermark", "embed", cover, "-o", marked, "--scheme", "sd-dwtdct", "--payload", "StableDiffusionV1");
        Assert.Equal(0, code);
        var (_, detected, _) = await Run("watermark", "detect", marked, "--scheme", "sd-dwtdct");
        Assert.Contains("marked", detected, StringComparison.Ordinal);
        Assert.Contains("Stable Diffusion 1", detected, StringComparison.Ordinal);
        Assert.Equal(ImageDecoder.Decode(await File.ReadAllBytesAsync(cover), 1_000_000).Image.Width, ImageDecoder.Decode(await File.ReadAllBytesAsync(marked), 1_000_000).Image.Width);
    }

    [Fact]
    public async Task Audio_embed_and_detect_round_trip_through_wav()
    {
        var clip = TestData.Path("audio", "real", "ljspeech", "LJ001-0001.wav");
        var marked = Path.Combine(_dir, "marked.wav");
        Assert.Equal(0, (await Run("watermark", "embed", clip, "-o", marked, "--scheme", "fakelens-audio", "--payload", "0xBEEF")).Code);
        var (_, detected, _) = await Run("watermark", "detect", marked, clip);
        var lines = detected.Split('\n');
        Assert.Contains(lines, l => l.Contains("marked.wav", StringComparison.Ordinal) && l.Contains("0xBEEF", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("LJ001-0001", StringComparison.Ordinal) && l.Contains("not marked", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Bad_inputs_are_clear_errors()
    {
        Assert.Equal(2, (await Run("watermark", "embed", "x.png", "-o", "y.png", "--scheme", "nope")).Code);
        Assert.Equal(2, (await Run("watermark", "bench")).Code);
        var missing = await Run("watermark", "embed", Path.Combine(_dir, "missing.png"), "-o", Path.Combine(_dir, "o.png"), "--payload", "0x01020304");
        Assert.Equal(1, missing.Code);
        Assert.Contains("missing.png", missing.Err, StringComparison.Ordinal);
        var (code, stdout, _) = await Run("watermark", "detect", Path.Combine(_dir, "missing.png"));
        Assert.Equal(1, code);
        Assert.Contains("error", stdout, StringComparison.Ordinal);
    }
}
