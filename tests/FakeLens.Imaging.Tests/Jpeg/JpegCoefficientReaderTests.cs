using FakeLens.Imaging.Decoding;
using FakeLens.Imaging.Jpeg;
using FakeLens.TestSupport;

namespace FakeLens.Imaging.Tests.Jpeg;

public sealed class JpegCoefficientReaderTests
{
    [Fact]
    public void Flat_grey_image_has_the_expected_dc_and_no_ac_coefficients()
    {
        var jpeg = ImageEncoder.Jpeg(Scenes.Flat(24, 16, 200, 200, 200), 90);
        var s = JpegParser.Parse(jpeg);

        var c = JpegCoefficientReader.ReadLuma(s, jpeg, 1_000_000, CancellationToken.None);

        // Level-shifted luma 72 over 64 pixels: DC = 72 × 8 / step, step 3 at quality 90.
        Assert.Equal(3, c.BlocksWide);
        Assert.Equal(2, c.BlocksHigh);
        Assert.True(c.Complete);
        for (var b = 0; b < c.BlockCount; b++)
        {
            Assert.Equal(192, c.Values[b * 64]);
            for (var k = 1; k < 64; k++)
            {
                Assert.Equal(0, c.Values[(b * 64) + k]);
            }
        }
    }

    [Fact]
    public void Decoded_coefficients_match_the_dct_of_the_decoded_pixels()
    {
        var image = Scenes.Natural(128, 96, seed: 4);
        var jpeg = ImageEncoder.Jpeg(image, 95);
        var s = JpegParser.Parse(jpeg);
        var c = JpegCoefficientReader.ReadLuma(s, jpeg, 1_000_000, CancellationToken.None);
        var pixels = ImageDecoder.Decode(jpeg, 1_000_000).Image;
        var luma = pixels.Luma();

        var agree = 0;
        var total = 0;
        Span<double> block = stackalloc double[64];
        for (var by = 0; by < c.BlocksHigh; by++)
        {
            for (var bx = 0; bx < c.BlocksWide; bx++)
            {
                for (var y = 0; y < 8; y++)
                {
                    for (var x = 0; x < 8; x++)
                    {
                        block[(y * 8) + x] = luma[(((by * 8) + y) * pixels.Width) + (bx * 8) + x] - 128;
                    }
                }

                // The first ten zig-zag frequencies, requantised with the file's table.
                foreach (var f in new[] { 0, 1, 8, 16, 9, 2, 3, 10, 17, 24 })
                {
                    var q = c.Table.Values[f];
                    var expected = (int)Math.Round(Dct(block, f / 8, f % 8) / q);
                    agree += Math.Abs(expected - c.Values[(((by * c.BlocksWide) + bx) * 64) + f]) <= 1 ? 1 : 0;
                    total++;
                }
            }
        }

        Assert.True(agree >= total * 0.97, $"{agree} of {total} coefficients agree within one step");
    }

    [Theory]
    [InlineData("-progressive")]
    [InlineData("-progressive -restart 3B")]
    [InlineData("-progressive -grayscale")]
    public void Progressive_file_made_losslessly_by_jpegtran_has_the_baseline_coefficients(string arguments)
    {
        var switches = arguments.Split(' ');
        // Kodak 3 at q 85 (4:2:0 from SkiaSharp), 768 × 512: luma, chroma, DC/AC first and refinement scans.
        var baseline = ImageEncoder.Jpeg(JpegTestImages.Kodak(3), 85);
        var progressive = Jpegtran.Run(baseline, switches);
        var ps = JpegParser.Parse(progressive);
        Assert.Equal(0xC2, ps.Frame!.Marker);
        Assert.True(ps.Scans.Count > 3, $"{ps.Scans.Count} scans");

        var expected = JpegCoefficientReader.ReadLuma(JpegParser.Parse(baseline), baseline, 10_000_000, CancellationToken.None);
        var actual = JpegCoefficientReader.ReadLuma(ps, progressive, 10_000_000, CancellationToken.None);

        Assert.True(expected.Complete);
        Assert.True(actual.Complete, $"{actual.DecodedBlocks} of {actual.BlockCount} blocks");
        Assert.Equal(expected.BlocksWide, actual.BlocksWide);
        Assert.Equal(expected.BlocksHigh, actual.BlocksHigh);
        var mismatch = 0;
        for (var i = 0; i < expected.Values.Length; i++)
        {
            mismatch += expected.Values[i] == actual.Values[i] ? 0 : 1;
        }

        Assert.Equal(0, mismatch);
    }

    [Fact]
    public void Baseline_file_with_a_restart_marker_every_three_blocks_is_read_completely()
    {
        var plain = ImageEncoder.Jpeg(JpegTestImages.Kodak(3), 85);
        var restarted = Jpegtran.Run(plain, "-restart", "3B");

        var expected = JpegCoefficientReader.ReadLuma(JpegParser.Parse(plain), plain, 10_000_000, CancellationToken.None);
        var actual = JpegCoefficientReader.ReadLuma(JpegParser.Parse(restarted), restarted, 10_000_000, CancellationToken.None);

        Assert.True(actual.Complete, $"{actual.DecodedBlocks} of {actual.BlockCount} blocks");
        Assert.Equal(expected.Values, actual.Values);
    }

    [Fact]
    public void Truncated_progressive_file_reports_fewer_decoded_blocks()
    {
        var progressive = Jpegtran.Run(ImageEncoder.Jpeg(JpegTestImages.Kodak(3), 85), "-progressive");
        var s = JpegParser.Parse(progressive);
        var firstScan = s.Scans[0];
        var cut = firstScan.DataOffset + (firstScan.DataLength / 2);

        var c = JpegCoefficientReader.ReadLuma(JpegParser.Parse(progressive.AsSpan(0, cut).ToArray()), progressive.AsSpan(0, cut), 10_000_000, CancellationToken.None);

        Assert.False(c.Complete);
    }

    private static double Dct(ReadOnlySpan<double> block, int u, int v)
    {
        double sum = 0;
        for (var y = 0; y < 8; y++)
        {
            for (var x = 0; x < 8; x++)
            {
                sum += block[(y * 8) + x] * Math.Cos(((2 * y) + 1) * u * Math.PI / 16) * Math.Cos(((2 * x) + 1) * v * Math.PI / 16);
            }
        }

        var cu = u == 0 ? Math.Sqrt(0.5) : 1;
        var cv = v == 0 ? Math.Sqrt(0.5) : 1;
        return 0.25 * cu * cv * sum;
    }
}
