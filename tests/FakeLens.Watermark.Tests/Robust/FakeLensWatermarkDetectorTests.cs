using FakeLens.Core.Detection;
using FakeLens.Core.Evidence;
using FakeLens.Imaging.Decoding;
using FakeLens.TestSupport;
using FakeLens.Watermark.Robust;

namespace FakeLens.Watermark.Tests.Robust;

public sealed class FakeLensWatermarkDetectorTests
{
    private static readonly WatermarkPayload Payload = WatermarkPayload.Parse("0xCAFE0042");

    private static async Task<Evidence> ScanAsync(IDetector detector, byte[] file)
    {
        var findings = await detector.AnalyzeAsync(AnalysisContext.FromBytes(file, "test.png"), CancellationToken.None);
        return Assert.Single(findings);
    }

    [Fact]
    public async Task Open_label_in_a_jpeg_is_decisive_ai_evidence_with_payload_facts()
    {
        var marked = new FakeLensImageWatermark().Embed(Scenes.Natural(600, 400, seed: 2), Payload);

        var e = await ScanAsync(new FakeLensWatermarkDetector(), ImageEncoder.Jpeg(marked, 80));

        Assert.Equal("watermark.fakelens", e.Id);
        Assert.Equal(EvidenceDirection.AiGenerated, e.Direction);
        Assert.True(e.Decisive);
        Assert.Equal(1e6, e.LikelihoodRatio);
        Assert.Contains(e.Facts, f => f.Name == "payload" && f.Value == "0xCAFE0042");
        Assert.Contains(e.Facts, f => f.Name == "bit accuracy");
        Assert.Contains(e.Facts, f => f.Name == "p-value");
    }

    [Fact]
    public async Task Private_key_detector_ignores_open_label_and_finds_its_own()
    {
        var key = WatermarkKey.FromPassphrase("agency key");
        var scene = Scenes.Natural(400, 300, seed: 4);
        var openMarked = ImageEncoder.Png(new FakeLensImageWatermark().Embed(scene, Payload));
        var privateMarked = ImageEncoder.Png(new FakeLensImageWatermark().Embed(scene, Payload, key));
        var detector = new FakeLensWatermarkDetector([key]);

        var onOpen = await ScanAsync(detector, openMarked);
        var onPrivate = await ScanAsync(detector, privateMarked);

        Assert.Equal(EvidenceDirection.Neutral, onOpen.Direction);
        Assert.Equal(1.0, onOpen.Reliability);
        Assert.Equal(EvidenceDirection.AiGenerated, onPrivate.Direction);
    }

    [Fact]
    public async Task Unmarked_image_is_neutral()
    {
        var e = await ScanAsync(new FakeLensWatermarkDetector(), ImageEncoder.Png(Scenes.Natural(400, 300, seed: 9)));

        Assert.Equal(EvidenceDirection.Neutral, e.Direction);
        Assert.Equal(1.0, e.LikelihoodRatio);
        Assert.Contains(e.Facts, f => f.Name == "state" && f.Value == "NotMarked");
    }

    [Fact]
    public async Task Tiny_image_is_neutral_with_zero_reliability()
    {
        var e = await ScanAsync(new FakeLensWatermarkDetector(), ImageEncoder.Png(Scenes.Natural(64, 64)));

        Assert.Equal(EvidenceDirection.Neutral, e.Direction);
        Assert.Equal(0.0, e.Reliability);
    }
}
