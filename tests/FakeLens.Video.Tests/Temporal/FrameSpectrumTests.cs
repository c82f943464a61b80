using FakeLens.Imaging.Decoding;
using FakeLens.Video.Temporal;

namespace FakeLens.Video.Tests.Temporal;

public sealed class FrameSpectrumTests
{
    [Fact]
    public void White_noise_is_flat_and_blurred_noise_falls_off()
    {
        var noise = Measure(seed => Noise(128, 128, seed, blur: 0));
        var blurred = Measure(seed => Noise(128, 128, seed, blur: 2));

        // Flat spectrum: the share above half Nyquist is the area share of that band of the disc (~0.75), slope ~0.
        Assert.InRange(noise.Hf, 0.65, 0.85);
        Assert.InRange(noise.Slope, -0.5, 0.5);
        Assert.True(blurred.Hf < 0.2, $"blurred high-frequency share {blurred.Hf:0.00}");
        Assert.True(blurred.Slope < -1.5, $"blurred slope {blurred.Slope:0.00}");
    }

    [Fact]
    public void A_periodic_grid_makes_a_spectral_peak_that_noise_does_not()
    {
        var noise = Measure(seed => Noise(128, 128, seed, blur: 0));
        var grid = Measure(seed => Noise(128, 128, seed, blur: 0, gridPeriod: 3));

        Assert.True(grid.Peak > noise.Peak + 1, $"peak with a 3-px grid {grid.Peak:0.00} vs noise {noise.Peak:0.00}");
    }

    [Fact]
    public void No_frame_or_a_tiny_one_gives_not_a_number()
    {
        var s = new FrameSpectrum();
        s.Add(new RgbImage(16, 16, new byte[16 * 16 * 3]));
        Assert.Equal(0, s.Frames);
        Assert.All(s.Features(), v => Assert.True(float.IsNaN(v)));
        Assert.Equal(FrameSpectrum.Names.Count, s.Features().Length);
    }

    private static (double Hf, double Slope, double Peak) Measure(Func<int, RgbImage> frame)
    {
        var s = new FrameSpectrum();
        for (var k = 0; k < 4; k++)
        {
            s.Add(frame(k));
        }

        var f = s.Features();
        return (f[0], f[1], f[2]);
    }

    /// <summary>Gaussian-ish noise (sum of uniforms), box-blurred <paramref name="blur"/> times (3×3), plus an optional
    /// bright pixel grid of the given period (an upsampling-like periodic trace).</summary>
    private static RgbImage Noise(int w, int h, int seed, int blur, int gridPeriod = 0)
    {
        var rng = new Random(seed);
        var v = new double[w * h];
        for (var i = 0; i < v.Length; i++)
        {
            v[i] = (rng.NextDouble() + rng.NextDouble() + rng.NextDouble() - 1.5) * 40;
        }

        for (var b = 0; b < blur; b++)
        {
            var o = new double[v.Length];
            for (var y = 0; y < h; y++)
            {
                for (var x = 0; x < w; x++)
                {
                    double sum = 0;
                    for (var dy = -1; dy <= 1; dy++)
                    {
                        for (var dx = -1; dx <= 1; dx++)
                        {
                            sum += v[(Math.Clamp(y + dy, 0, h - 1) * w) + Math.Clamp(x + dx, 0, w - 1)];
                        }
                    }

                    o[(y * w) + x] = sum / 9;
                }
            }

            v = o;
        }

        var px = new byte[w * h * 3];
        for (var y = 0; y < h; y++)
        {
            for (var x = 0; x < w; x++)
            {
                var extra = gridPeriod > 0 && x % gridPeriod == 0 && y % gridPeriod == 0 ? 60 : 0;
                var b = (byte)Math.Clamp(128 + v[(y * w) + x] + extra, 0, 255);
                var i = ((y * w) + x) * 3;
                px[i] = b;
                px[i + 1] = b;
                px[i + 2] = b;
            }
        }

        return new RgbImage(w, h, px);
    }
}
