using FakeLens.Core.Detection;
using FakeLens.Core.Evidence;
using FakeLens.Imaging.Decoding;
using FakeLens.TestSupport;
using FakeLens.Watermark.StableDiffusion;

namespace FakeLens.Watermark.Tests.StableDiffusion;

public sealed class StableDiffusionWatermarkDetectorTests
{
    private readonly StableDiffusionWatermarkDetector _detector = new();

    private static async Task<Evidence> Analyse(byte[] bytes, string name)
    {
        var result = await new StableDiffusionWatermarkDetector().AnalyzeAsync(AnalysisContext.FromBytes(bytes, name), CancellationToken.None);
        return Assert.Single(result);
    }

    [Fact]
    public async Task SD1_marked_PNG_is_decisive_AI_evidence_with_the_payload_and_p_value()
    {
        var e = await Analyse(File.ReadAllBytes(TestData.Path("watermark", "sd1_dwtDct", "kodim08_sd1.png")), "kodim08_sd1.png");

        Assert.Equal("watermark.stable-diffusion", e.Id);
        Assert.Equal(EvidenceDirection.AiGenerated, e.Direction);
        Assert.True(e.Decisive);
        Assert.Equal(1e6, e.LikelihoodRatio);
        Assert.Contains(e.Facts, f => f is { Name: "payload", Value: "Stable Diffusion 1.x" });
        Assert.Contains(e.Facts, f => f is { Name: "bits matched", Value: "136 of 136" });
        Assert.Contains("easy to remove", e.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SDXL_marked_PNG_reports_the_detect_py_bucket()
    {
        var e = await Analyse(File.ReadAllBytes(TestData.Path("watermark", "sdxl_dwtDct", "kodim10_crop497x383_sdxl.png")), "x.png");

        Assert.Equal(EvidenceDirection.AiGenerated, e.Direction);
        Assert.Contains(e.Facts, f => f is { Name: "payload", Value: "SDXL" });
        Assert.Contains(e.Facts, f => f is { Name: "SDXL detect.py verdict", Value: "Very likely watermarked" });
        // 42 of 48: P(X ≥ 42) = 5.0e-8, so 1/p = 2e7, capped at 1e6.
        Assert.Contains(e.Facts, f => f is { Name: "p-value", Value: "5.04E-08" });
        Assert.Equal(1e6, e.LikelihoodRatio);
    }

    [Fact]
    public async Task SDXL_file_detect_py_calls_likely_is_not_enough_for_a_one_in_a_million_threshold()
    {
        // kodim03: 35 of 48 bits; detect.py says "Likely watermarked", but chance gives 35+ with p = 8e-4.
        var e = await Analyse(File.ReadAllBytes(TestData.Path("watermark", "sdxl_dwtDct", "kodim03_sdxl.png")), "kodim03_sdxl.png");

        Assert.Equal(EvidenceDirection.Neutral, e.Direction);
        Assert.Contains(e.Facts, f => f is { Name: "SDXL detect.py verdict", Value: "Likely watermarked" });
    }

    [Fact]
    public async Task Unmarked_PNG_is_neutral_and_says_absence_proves_nothing()
    {
        var e = await Analyse(File.ReadAllBytes(TestData.Path("watermark", "covers", "kodim03.png")), "kodim03.png");

        Assert.Equal(EvidenceDirection.Neutral, e.Direction);
        Assert.Equal(1, e.LikelihoodRatio);
        Assert.False(e.Decisive);
        Assert.Equal(0.5, e.Reliability);
        Assert.Contains("resizing", e.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Marked_image_saved_as_JPEG_quality_90_loses_the_mark_and_gets_low_reliability()
    {
        var e = await Analyse(File.ReadAllBytes(TestData.Path("watermark", "sd1_dwtDct", "kodim08_sd1_q90.jpg")), "kodim08_sd1_q90.jpg");

        Assert.Equal(EvidenceDirection.Neutral, e.Direction);
        Assert.Equal(0.2, e.Reliability);
        Assert.Contains(e.Facts, f => f is { Name: "Stable Diffusion 1.x bits matched" } && f.Value.StartsWith("71 of 136", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Small_image_cannot_be_decided()
    {
        var e = await Analyse(ImageEncoder.Png(Scenes.Natural(120, 90)), "small.png");

        Assert.Equal(EvidenceDirection.Neutral, e.Direction);
        Assert.Equal(0, e.Reliability);
        Assert.Contains("256 × 256", e.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Corrupt_image_is_a_media_error_not_a_verdict()
    {
        byte[] junk = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A, .. Enumerable.Repeat((byte)0x5A, 200)];

        await Assert.ThrowsAsync<MediaException>(async () => await Analyse(junk, "broken.png"));
    }

    [Fact]
    public async Task Truncated_marked_file_is_never_called_unmarked_with_confidence()
    {
        var png = File.ReadAllBytes(TestData.Path("watermark", "covers", "kodim03.png"));
        var e = await Analyse(png.AsSpan(0, png.Length / 3).ToArray(), "cut.png");

        Assert.Equal(EvidenceDirection.Neutral, e.Direction);
        Assert.True(e.Reliability <= 0.1, $"reliability {e.Reliability}");
        Assert.Contains("incomplete", e.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void Applies_to_decodable_images_only()
    {
        Assert.Equal(EvidenceCategory.Watermark, _detector.Category);
        Assert.True(_detector.AppliesTo(AnalysisContext.FromBytes(ImageEncoder.Png(Scenes.Flat(8, 8)), "a.png").Media));
        Assert.False(_detector.AppliesTo(AnalysisContext.FromBytes("RIFF\0\0\0\0WAVEfmt "u8.ToArray(), "a.wav").Media));
    }
}
