using FakeLens.Imaging.Lighting;
using FakeLens.TestSupport;

namespace FakeLens.Imaging.Tests.Lighting;

/// <summary>
/// Issue 19 moved lighting.shadows' large Gaussian blur (σ = 1/12 of the side) to DFT correlation: the blurred planes
/// must equal <c>Cv2.GaussianBlur</c>'s within float rounding, at the detector's working sizes and on a wide strip
/// where the kernel reaches past the short side (repeated reflection).
/// </summary>
public sealed class ShadowBlurEquivalenceTests
{
    [Theory]
    [InlineData(1024, 768)]
    [InlineData(640, 1024)]
    [InlineData(1024, 160)]
    [InlineData(300, 200)]
    public void Dft_blur_equals_GaussianBlur_within_float_rounding(int w, int h)
    {
        var luma = Scenes.Natural(w, h, seed: 7).Luma();
        var sigma = Math.Max(w, h) / 12.0;
        var expected = ShadowAnalyzer.GaussianBlur(luma, w, h, sigma);
        var actual = ShadowAnalyzer.Blur(luma, w, h, sigma);
        var worst = 0f;
        for (var i = 0; i < expected.Length; i++)
        {
            worst = Math.Max(worst, Math.Abs(expected[i] - actual[i]));
        }

        Assert.True(worst < 2e-3f, $"largest difference {worst} (values 0..255)");
    }
}
