using FakeLens.TestSupport;
using FakeLens.Watermark.Bench;
using FakeLens.Watermark.Robust;

namespace FakeLens.Watermark.Tests.Bench;

public sealed class ImageWatermarkBenchTests
{
    [Fact]
    public void Bench_tabulates_accuracy_and_detection_per_attack_and_scheme()
    {
        var photos = new[] { Scenes.Natural(400, 400, seed: 11) };
        var attacks = ImageAttacks.Standard.Where(a => a.Name is "none" or "JPEG q70").ToList();
        var schemes = new[] { new BenchScheme(new FakeLensImageWatermark(), WatermarkPayload.Parse("0x11223344")) };

        var result = ImageWatermarkBench.Run(schemes, photos, attacks);
        var md = result.ToMarkdown();

        Assert.Equal(1.0, result.BitAccuracy[0][0]);
        Assert.Equal(1.0, result.DetectionRate[1][0]);
        Assert.True(result.MinPsnr[0] >= 40);
        Assert.Contains("| JPEG q70 | 1.000 / 100 % |", md, StringComparison.Ordinal);
        Assert.Contains("fakelens-image", md, StringComparison.Ordinal);
    }

    [Fact]
    public void Unread_bits_count_as_chance()
    {
        var payload = WatermarkPayload.Parse("0xFF00FF00");
        var nothing = new WatermarkDetection("x", WatermarkState.CannotDecide, [], null, 0, 0, 1, "");

        Assert.Equal(0.5, ImageWatermarkBench.BitAccuracy(payload, nothing));
    }

    [Fact]
    public void False_positive_eval_finds_no_mark_in_unmarked_photo_crops()
    {
        var photos = TestData.Files("images/real/kodak24", "*.png").Take(1).ToList();

        var result = FalsePositiveEval.Run(new FakeLensImageWatermark(), null, photos, crops: 4, seed: 3);

        Assert.Equal(1, result.Images);
        Assert.Equal(4, result.Crops);
        Assert.Equal(0, result.FalseDetections);
        Assert.True(result.SmallestPValue > 1e-6, $"smallest p = {result.SmallestPValue}");
    }
}
