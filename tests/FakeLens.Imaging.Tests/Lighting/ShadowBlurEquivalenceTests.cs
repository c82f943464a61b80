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

    [Theory]
    [InlineData(1024, 768)]
    [InlineData(768, 1024)]
    [InlineData(1024, 160)]
    [InlineData(300, 200)]
    public void Row_dft_blur_equals_the_Filter2D_blur_it_replaced_within_float_rounding(int w, int h)
    {
        foreach (var plane in new[] { Scenes.Natural(w, h, seed: 3).Luma(), Chromaticity(Scenes.DeadLeaves(w, h, seed: 5)) })
        {
            var sigma = Math.Max(w, h) / 12.0;
            var expected = ShadowAnalyzer.Filter2DBlur(plane, w, h, sigma);
            var actual = ShadowAnalyzer.Blur(plane, w, h, sigma);
            var worst = 0.0;
            var scale = 0f;
            for (var i = 0; i < expected.Length; i++)
            {
                worst = Math.Max(worst, Math.Abs(expected[i] - actual[i]));
                scale = Math.Max(scale, Math.Abs(expected[i]));
            }

            Assert.True(worst <= 2e-6 * scale, $"largest difference {worst} (values up to {scale})");
        }
    }

    [Theory]
    [InlineData(1024, 768)]
    [InlineData(768, 1024)]
    [InlineData(1024, 160)]
    [InlineData(300, 200)]
    public void Blur_of_several_planes_with_shared_buffers_equals_the_round_6_computation_bit_for_bit(int w, int h)
    {
        // Issue 19, round 10: lighting.shadows blurs its three planes through one set of DFT buffers per direction; the
        // same OpenCV calls on the same values must give exactly the floats of the per-plane form it replaced.
        var planes = new[] { Scenes.Natural(w, h, seed: 3).Luma(), Chromaticity(Scenes.DeadLeaves(w, h, seed: 5)), Scenes.Natural(w, h, seed: 9).Luma() };
        var sigma = Math.Max(w, h) / 12.0;
        var actual = ShadowAnalyzer.Blur(planes, w, h, sigma);
        Assert.Equal(planes.Length, actual.Length);
        for (var p = 0; p < planes.Length; p++)
        {
            var expected = ShadowAnalyzer.BlurReference(planes[p], w, h, sigma);
            Assert.Equal(expected.Length, actual[p].Length);
            var differing = 0;
            for (var i = 0; i < expected.Length; i++)
            {
                differing += BitConverter.SingleToInt32Bits(expected[i]) == BitConverter.SingleToInt32Bits(actual[p][i]) ? 0 : 1;
            }

            Assert.True(differing == 0, $"plane {p}: {differing} of {expected.Length} values differ");
        }
    }

    private static float[] Chromaticity(FakeLens.Imaging.Decoding.RgbImage image)
    {
        var p = image.Pixels;
        var cr = new float[image.Width * image.Height];
        for (var i = 0; i < cr.Length; i++)
        {
            cr[i] = p[3 * i] / (p[3 * i] + p[(3 * i) + 1] + p[(3 * i) + 2] + 1f);
        }

        return cr;
    }
}
