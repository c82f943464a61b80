using FakeLens.Imaging.Tampering;

namespace FakeLens.Imaging.Tests.Tampering;

public sealed class FusedMapCalibrationTests
{
    [Fact]
    public void Scale_puts_the_threshold_on_one_half_and_is_monotone()
    {
        var c = new FusedMapCalibration(2.0, "test");
        Assert.Equal(0f, c.Scale(-1f));
        Assert.Equal(0f, c.Scale(0f));
        Assert.Equal(0.5f, c.Scale(2f), 5);
        Assert.Equal(1f, c.Scale(6f));
        Assert.True(c.Scale(1.99f) < 0.5f);
        var previous = -1f;
        for (var z = -2f; z <= 6f; z += 0.05f)
        {
            Assert.True(c.Scale(z) >= previous);
            previous = c.Scale(z);
        }
    }

    /// <summary>An 8 × 8 grid: edited cells (top-left 2 × 2) at <paramref name="edited"/>, the rest cycling through the given background values.</summary>
    private static FusedMapCalibrator.Sample Sample(bool tampered, float edited, params float[] background)
    {
        var z = new float[64];
        var labels = new bool[64];
        for (var i = 0; i < 64; i++)
        {
            var inside = tampered && i % 8 < 2 && i / 8 < 2;
            labels[i] = inside;
            z[i] = inside ? edited : background[i % background.Length];
        }

        return new FusedMapCalibrator.Sample("s", tampered, z, 0.5, labels);
    }

    [Fact]
    public void Fit_finds_the_threshold_between_edits_and_background_and_spares_the_controls()
    {
        // Edits reach z 2.6; backgrounds stay below 1.4 in tampered files, and controls have a few cells up to 2.25.
        var samples = new List<FusedMapCalibrator.Sample>
        {
            Sample(true, 2.6f, 0.1f, 0.8f, 1.3f),
            Sample(true, 3.5f, 0.0f, 1.2f),
            Sample(false, 0, 0.2f, 2.25f, 0.5f, 0.9f, 2.25f, 0.1f, 0.0f, 0.3f),
            Sample(false, 0, 0.4f, 1.1f),
        };

        var fit = FusedMapCalibrator.Fit(samples, "hand-made");

        Assert.InRange(fit.ThresholdZ, 1.4, 2.6);
        Assert.Equal(1.0, FusedMapCalibrator.MeanF1(samples, fit), 6);
        Assert.True(FusedMapCalibrator.ControlsFlagged(samples, fit) <= 0.2);
        // A threshold below 1.3 paints background cells of the tampered files; one at 2.2 or below paints a control.
        Assert.True(FusedMapCalibrator.MeanF1(samples, new FusedMapCalibration(1.0, "x")) < 1.0);
        Assert.Equal(0.5, FusedMapCalibrator.ControlsFlagged(samples, new FusedMapCalibration(2.0, "x")), 6);
        Assert.True(fit.ThresholdZ > 2.25);
    }

    [Fact]
    public void Cell_labels_need_half_of_a_cells_pixels_in_the_mask()
    {
        // 16 × 8 image, 8 px cells: the left cell is fully edited, the right one has 31 of 64 edited pixels.
        var bits = new byte[16 * 8];
        for (var y = 0; y < 8; y++)
        {
            for (var x = 0; x < 16; x++)
            {
                bits[(y * 16) + x] = (byte)(x < 8 || (x >= 8 && (y * 8) + (x - 8) < 31) ? 1 : 0);
            }
        }

        var labels = FusedMapCalibrator.CellLabels(new TamperMask(16, 8, bits), 2, 1, 8);
        Assert.Equal([true, false], labels);
    }
}
