using FakeLens.Imaging.Decoding;
using FakeLens.Imaging.Jpeg;
using FakeLens.TestSupport;

namespace FakeLens.Imaging.Tests.Jpeg;

/// <summary>
/// Issue 19 changed the memory layout in which jpeg.nonaligned-double accumulates its phase sums (cell-major, then
/// transposed); the sums and counts must be bit-for-bit those of the loop it replaced, kept here verbatim.
/// </summary>
public sealed class NonAlignedDoubleJpegEquivalenceTests
{
    private const int MinT = 5;
    private const int MaxT = 16;
    private const int Steps = MaxT - MinT + 1;

    [Theory]
    [InlineData(2000, 1500, 32)]
    [InlineData(517, 389, 16)]
    public void Phase_sums_equal_the_previous_implementation(int width, int height, int cell)
    {
        var image = JpegTestImages.Decode(ImageEncoder.Jpeg(Scenes.Natural(width, height, seed: 9), 80));
        var (expectedSums, expectedCounts) = Reference(image, cell);
        var (sums, counts) = NonAlignedDoubleJpegDetector.PhaseSums(image.Luma(), width, height, cell, CancellationToken.None);
        Assert.Equal(expectedCounts, counts);
        Assert.Equal(expectedSums, sums);
        Assert.Contains(sums, v => v != 0);
    }

    [Theory]
    [InlineData(777, 613, 16)]
    [InlineData(1300, 900, 32)]
    public void Scalar_and_vector_phase_sums_equal_the_previous_implementation(int width, int height, int cell)
    {
        var image = JpegTestImages.Decode(ImageEncoder.Jpeg(Scenes.Natural(width, height, seed: 4), 75));
        var (expectedSums, expectedCounts) = Reference(image, cell);
        foreach (var vectors in new[] { false, true })
        {
            var (sums, counts) = NonAlignedDoubleJpegDetector.PhaseSums(image.Luma(), width, height, cell, vectors, CancellationToken.None);
            Assert.Equal(expectedCounts, counts);
            Assert.Equal(expectedSums, sums);
        }
    }

    [Theory]
    [InlineData(900, 700, 0, 0)]
    [InlineData(1203, 811, 3, 5)]
    [InlineData(2100, 1600, 2, 6)]
    public void Lattice_map_equals_the_all_hypotheses_computation_it_replaced(int width, int height, int cropX, int cropY)
    {
        // Issue 19, round 10: the window maps are computed one step at a time in 64 reused buffers and the best map again
        // for its step; the hypothesis, its z, the whole-image strength and the map must be those of the round-9 code,
        // which kept all 768 maps (kept here verbatim from the phase sums on); photos cropped after a quality-60 save and not.
        var scene = Scenes.Natural(width + cropX, height + cropY, seed: 11);
        var first = JpegTestImages.Decode(ImageEncoder.Jpeg(scene, 60));
        var cropped = new byte[width * height * 3];
        for (var y = 0; y < height; y++)
        {
            Array.Copy(first.Pixels, (((y + cropY) * first.Width) + cropX) * 3, cropped, y * width * 3, width * 3);
        }

        var image = JpegTestImages.Decode(ImageEncoder.Jpeg(new RgbImage(width, height, cropped), 90));
        var actual = NonAlignedDoubleJpegDetector.Analyze(image, CancellationToken.None);
        var expected = ReferenceMap(image);
        Assert.Equal((expected.OffsetX, expected.OffsetY, expected.Step, expected.Cell), (actual.OffsetX, actual.OffsetY, actual.Step, actual.Cell));
        Assert.Equal(expected.Z, actual.Z);
        Assert.Equal(expected.Global, actual.Global);
        Assert.Equal(expected.Map, actual.Map);
    }

    /// <summary>Round 9's NonAlignedDoubleJpegDetector.Analyze from the phase sums on.</summary>
    private static (int Cell, int OffsetX, int OffsetY, int Step, double Z, double Global, float[] Map) ReferenceMap(RgbImage image)
    {
        int w = image.Width, h = image.Height;
        var cell = 16;
        while ((long)(w / cell) * (h / cell) > 8_192)
        {
            cell += 16;
        }

        int gw = w / cell, gh = h / cell;
        var cells = gw * gh;
        var (sums, counts) = NonAlignedDoubleJpegDetector.PhaseSums(image.Luma(), w, h, cell, CancellationToken.None);
        var window = new float[64 * Steps][];
        var windowCount = new float[cells];
        for (var s = 0; s < 64; s++)
        {
            for (var t = 0; t < Steps; t++)
            {
                window[(s * Steps) + t] = BoxSum(sums.AsSpan(((s * Steps) + t) * cells, cells), gw, gh);
            }
        }

        var countSum = BoxSum(counts.AsSpan(0, cells).ToArray().Select(c => (float)c).ToArray(), gw, gh);
        for (var i = 0; i < cells; i++)
        {
            windowCount[i] = Math.Max(1f, countSum[i]);
        }

        var scratch = new float[cells];
        var stats = new double[63 * Steps];
        var mean = new float[cells];
        for (var t = 0; t < Steps; t++)
        {
            Array.Clear(mean);
            for (var s = 0; s < 64; s++)
            {
                var m = window[(s * Steps) + t];
                for (var i = 0; i < cells; i++)
                {
                    m[i] /= windowCount[i];
                    mean[i] += m[i] / 64f;
                }
            }

            var aligned = window[t];
            for (var i = 0; i < cells; i++)
            {
                aligned[i] = Math.Max(0f, aligned[i] - mean[i]);
            }

            for (var s = 1; s < 64; s++)
            {
                var m = window[(s * Steps) + t];
                for (var i = 0; i < cells; i++)
                {
                    m[i] -= mean[i] + aligned[i];
                }

                stats[((s - 1) * Steps) + t] = MapStatistics.TopMean(m, scratch, 0.02);
            }
        }

        var best = 0;
        for (var k = 1; k < stats.Length; k++)
        {
            best = stats[k] > stats[best] ? k : best;
        }

        var sortedStats = (double[])stats.Clone();
        Array.Sort(sortedStats);
        var median = sortedStats[sortedStats.Length / 2];
        var deviations = sortedStats.Select(v => Math.Abs(v - median)).OrderBy(v => v).ToArray();
        var spread = Math.Max(1e-4, 1.4826 * deviations[deviations.Length / 2]);
        var z = (stats[best] - median) / spread;
        var bestShift = (best / Steps) + 1;
        var map = window[(bestShift * Steps) + (best % Steps)];
        double global = 0;
        for (var i = 0; i < cells; i++)
        {
            global += map[i] / cells;
        }

        return (cell, bestShift % 8, bestShift / 8, MinT + (best % Steps), z, global, map);
    }

    private static float[] BoxSum(ReadOnlySpan<float> values, int gw, int gh)
    {
        const int Radius = 1;
        var rows = new float[values.Length];
        for (var y = 0; y < gh; y++)
        {
            for (var x = 0; x < gw; x++)
            {
                float s = 0;
                for (var xx = Math.Max(0, x - Radius); xx <= Math.Min(gw - 1, x + Radius); xx++)
                {
                    s += values[(y * gw) + xx];
                }

                rows[(y * gw) + x] = s;
            }
        }

        var result = new float[values.Length];
        for (var y = 0; y < gh; y++)
        {
            for (var x = 0; x < gw; x++)
            {
                float s = 0;
                for (var yy = Math.Max(0, y - Radius); yy <= Math.Min(gh - 1, y + Radius); yy++)
                {
                    s += rows[(yy * gw) + x];
                }

                result[(y * gw) + x] = s;
            }
        }

        return result;
    }

    [Theory]
    [InlineData(8192, 0.02, 1)]
    [InlineData(5000, 0.02, 2)]
    [InlineData(150, 0.02, 3)]
    [InlineData(3, 0.5, 4)]
    public void Top_mean_by_selection_equals_the_mean_after_a_full_sort(int n, double fraction, int seed)
    {
        var random = new Random(seed);
        var values = new float[n];
        for (var i = 0; i < n; i++)
        {
            // Ties and signed zeros included: a quarter of the values are rounded to a coarse grid.
            values[i] = i % 4 == 0 ? MathF.Round((float)random.NextDouble() * 4) - 2 : (float)(random.NextDouble() - 0.5);
        }

        var sorted = (float[])values.Clone();
        Array.Sort(sorted);
        var k = Math.Min(n, Math.Max(4, (int)(n * fraction)));
        double expected = 0;
        for (var i = n - k; i < n; i++)
        {
            expected += sorted[i];
        }

        expected /= k;
        var before = (float[])values.Clone();
        Assert.Equal(expected, MapStatistics.TopMean(values, new float[n], fraction));
        Assert.Equal(before, values);
    }

    /// <summary>The accumulation as it was before issue 19 (commit 0db87c8).</summary>
    private static (float[] Sums, int[] Counts) Reference(RgbImage image, int cell)
    {
        int w = image.Width, h = image.Height;
        var luma = image.Luma();
        int gw = w / cell, gh = h / cell;
        var cells = gw * gh;
        var sums = new float[64 * Steps * cells];
        var counts = new int[64 * cells];
        var hRow = new float[8][];
        for (var k = 0; k < 8; k++)
        {
            hRow[k] = new float[w];
        }

        var vSum = new float[w];
        var inverse = new float[Steps];
        for (var t = 0; t < Steps; t++)
        {
            inverse[t] = 1f / (8f * (MinT + t));
        }

        // cos(2π · phase) tabulated at 1/256 of a period (error < 0.025, far below the noise of one block).
        var cosine = new float[256];
        for (var k = 0; k < 256; k++)
        {
            cosine[k] = MathF.Cos(2f * MathF.PI * (k + 0.5f) / 256f);
        }

        // hRow[y % 8][x] = Σ_{k<8} (L(y, x + k) − 128); vSum[x] = Σ of the 8 rows y .. y+7 of hRow = 8 × DC of the block at (x, y).
        for (var y = 0; y < h; y++)
        {
            if ((y & 31) == 0)
            {
                _ = 0;
            }

            var slot = hRow[y & 7];
            var row = y * w;
            float run = 0;
            for (var x = 0; x < 8; x++)
            {
                run += luma[row + x] - 128f;
            }

            for (var x = 0; x + 8 <= w; x++)
            {
                slot[x] = run;
                if (x + 8 < w)
                {
                    run += luma[row + x + 8] - luma[row + x];
                }
            }

            for (var x = 0; x + 8 <= w; x++)
            {
                vSum[x] += slot[x];
            }

            if (y < 7)
            {
                continue;
            }

            // Blocks whose top row is y0 = y − 7.
            var y0 = y - 7;
            var r = y0 & 7;
            var cy = Math.Min(gh - 1, (y0 + 4) / cell);
            if ((y0 + 4) / cell < gh)
            {
                for (var x0 = 0; x0 + 8 <= w; x0++)
                {
                    var cx = (x0 + 4) / cell;
                    if (cx >= gw)
                    {
                        break;
                    }

                    var shift = (r * 8) + (x0 & 7);
                    var ci = (cy * gw) + cx;
                    var v = vSum[x0];
                    var baseIndex = ((shift * Steps) * cells) + ci;
                    for (var t = 0; t < Steps; t++)
                    {
                        var phase = v * inverse[t];
                        sums[baseIndex + (t * cells)] += cosine[(int)((phase - MathF.Floor(phase)) * 256f) & 255];
                    }

                    counts[(shift * cells) + ci]++;
                }
            }

            // Drop the oldest row from the vertical sum.
            var oldest = hRow[(y - 7) & 7];
            for (var x = 0; x + 8 <= w; x++)
            {
                vSum[x] -= oldest[x];
            }
        }

        return (sums, counts);
    }
}
