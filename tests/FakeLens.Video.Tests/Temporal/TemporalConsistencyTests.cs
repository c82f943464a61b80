using FakeLens.Imaging.Decoding;
using FakeLens.Video.Temporal;

namespace FakeLens.Video.Tests.Temporal;

public sealed class TemporalConsistencyTests
{
    [Fact]
    public void Texture_that_moves_is_explained_by_the_flow_and_texture_that_reboils_is_not()
    {
        // The same random texture panned 2 px a frame, against a texture drawn afresh every frame (what "boiling"
        // generated detail looks like at its extreme).
        var panned = Measure(k => Texture(160, 120, seed: 1, shift: 2 * k));
        var reboiled = Measure(k => Texture(160, 120, seed: 100 + k, shift: 0));

        Assert.True(panned.WarpErr < 0.5 * reboiled.WarpErr, $"warp error panned {panned.WarpErr:0.000} vs reboiled {reboiled.WarpErr:0.000}");
        Assert.True(panned.ResidualCorrelation > 0.3, $"panned residual correlation {panned.ResidualCorrelation:0.00}");
        Assert.InRange(reboiled.ResidualCorrelation, -0.1, 0.1);
        Assert.InRange(panned.FlowMagnitude * 160, 1.5, 2.5);
    }

    [Fact]
    public void Motion_compensation_restores_the_residual_correlation_of_moving_texture_but_not_of_reboiling_texture()
    {
        var panned = MeasureV3(k => Texture(160, 120, seed: 1, shift: 2 * k));
        var reboiled = MeasureV3(k => Texture(160, 120, seed: 100 + k, shift: 0));

        // Moving texture: the warped previous residual lines up with the current one, and mostly so because of the warp.
        Assert.True(panned.FcCorr > 0.6, $"panned flow-compensated residual correlation {panned.FcCorr:0.00}");
        Assert.True(panned.FcGain > 0.1, $"panned gain from motion compensation {panned.FcGain:0.00}");
        // Texture drawn afresh every frame: nothing to line up, and its change is mostly high temporal frequency
        // (independent frames give a second-difference ratio of 3; smooth motion far less).
        // (The flow still finds chance matches between unrelated textures, so the warped correlation is small, not zero.)
        Assert.InRange(reboiled.FcCorr, -0.1, 0.3);
        Assert.True(panned.FcCorr > reboiled.FcCorr + 0.4, $"flow-compensated correlation panned {panned.FcCorr:0.00} vs reboiled {reboiled.FcCorr:0.00}");
        Assert.InRange(reboiled.TDiff2, 2.4, 3.6);
        Assert.True(panned.TDiff2 < 0.5 * reboiled.TDiff2, $"second-difference ratio panned {panned.TDiff2:0.00} vs reboiled {reboiled.TDiff2:0.00}");
    }

    [Fact]
    public void Too_few_frames_give_not_a_number_rather_than_a_guess()
    {
        using var t = new TemporalConsistency();
        t.Add(Texture(64, 48, 1, 0));
        t.Add(Texture(64, 48, 1, 1));
        Assert.All(t.Features(), v => Assert.True(float.IsNaN(v)));
        Assert.Equal(TemporalConsistency.Names.Count, t.Features().Length);
    }

    private static (double FlowMagnitude, double WarpErr, double ResidualCorrelation) Measure(Func<int, RgbImage> frame)
    {
        using var t = new TemporalConsistency();
        for (var k = 0; k < 8; k++)
        {
            t.Add(frame(k));
        }

        var f = t.Features();
        var names = TemporalConsistency.Names.ToList();
        return (f[names.IndexOf("flow_mag")], f[names.IndexOf("warp_err")], f[names.IndexOf("noise_tcorr1")]);
    }

    private static (double FcCorr, double FcGain, double TDiff2) MeasureV3(Func<int, RgbImage> frame)
    {
        using var t = new TemporalConsistency();
        for (var k = 0; k < 8; k++)
        {
            t.Add(frame(k));
        }

        var f = t.Features();
        var names = TemporalConsistency.Names.ToList();
        return (f[names.IndexOf("res_fc_corr")], f[names.IndexOf("res_fc_gain")], f[names.IndexOf("tdiff2_ratio")]);
    }

    /// <summary>Smooth random blobs (a 4×4-pixel random grid, bilinearly enlarged) shifted right by <paramref name="shift"/> px.</summary>
    private static RgbImage Texture(int w, int h, int seed, int shift)
    {
        var rng = new Random(seed);
        var gw = (w / 4) + 64;
        var gh = (h / 4) + 2;
        var grid = new double[gw * gh];
        for (var i = 0; i < grid.Length; i++)
        {
            grid[i] = rng.NextDouble() * 200;
        }

        var px = new byte[w * h * 3];
        for (var y = 0; y < h; y++)
        {
            for (var x = 0; x < w; x++)
            {
                var sx = (x + 100 - shift) / 4.0;
                var sy = y / 4.0;
                int x0 = (int)sx, y0 = (int)sy;
                double fx = sx - x0, fy = sy - y0;
                var v = (grid[(y0 * gw) + x0] * (1 - fx) * (1 - fy)) + (grid[(y0 * gw) + x0 + 1] * fx * (1 - fy)) +
                        (grid[((y0 + 1) * gw) + x0] * (1 - fx) * fy) + (grid[((y0 + 1) * gw) + x0 + 1] * fx * fy);
                var b = (byte)Math.Clamp(v + 20, 0, 255);
                var i = ((y * w) + x) * 3;
                px[i] = b;
                px[i + 1] = b;
                px[i + 2] = b;
            }
        }

        return new RgbImage(w, h, px);
    }
}
