using FakeLens.Core.Detection;
using FakeLens.Imaging.Decoding;
using FakeLens.Imaging.Jpeg;
using FakeLens.TestSupport;

namespace FakeLens.Imaging.Tests.Jpeg;

public sealed class JpegParserTests
{
    [Fact]
    public void Parser_reads_size_coding_and_tables_of_an_encoded_jpeg()
    {
        var jpeg = ImageEncoder.Jpeg(Scenes.Natural(100, 60), 90);

        var s = JpegParser.Parse(jpeg);

        Assert.NotNull(s.Frame);
        Assert.Equal(100, s.Frame.Width);
        Assert.Equal(60, s.Frame.Height);
        Assert.Equal("baseline", s.Frame.Process);
        Assert.Equal(3, s.Frame.Components.Count);
        Assert.True(s.HasEndMarker);
        Assert.False(s.Truncated);
        Assert.Equal(0, s.TrailingBytes);
        Assert.Single(s.Scans);
        Assert.Equal(JpegQuality.StandardTable(90, chroma: false), s.TableFor(0)!.Values);
    }

    [Theory]
    [InlineData(30)]
    [InlineData(50)]
    [InlineData(75)]
    [InlineData(90)]
    [InlineData(97)]
    public void Quality_estimate_recovers_the_encoder_setting_from_standard_tables(int quality)
    {
        var s = JpegParser.Parse(ImageEncoder.Jpeg(Scenes.Natural(32, 32), quality));

        var luma = JpegQuality.Estimate(s.TableFor(0)!, chroma: false);
        var chroma = JpegQuality.Estimate(s.TableFor(1)!, chroma: true);

        Assert.Equal(quality, luma.Quality);
        Assert.True(luma.IsStandard);
        Assert.True(chroma.IsStandard);
    }

    [Fact]
    public void Quality_estimate_of_a_non_standard_table_is_approximate_and_not_standard()
    {
        var values = JpegQuality.StandardTable(85, chroma: false);
        values[63] += 7;
        values[10] += 3;

        var estimate = JpegQuality.Estimate(new QuantizationTable(0, 0, values), chroma: false);

        Assert.False(estimate.IsStandard);
        Assert.InRange(estimate.Quality, 83, 87);
    }

    [Fact]
    public void Comment_and_application_segments_are_listed_by_name()
    {
        var jpeg = ImageEncoder.Jpeg(Scenes.Natural(32, 32), 80);
        jpeg = JpegTestImages.WithSegment(jpeg, 0xFE, "Created with GIMP\u0001"u8.ToArray());
        jpeg = JpegTestImages.WithSegment(jpeg, 0xE1, [.. "Exif\0\0"u8, 0x4D, 0x4D, 0, 42]);

        var s = JpegParser.Parse(jpeg);

        Assert.Equal(["Created with GIMP"], s.Comments);
        Assert.Contains("APP1 Exif", s.ApplicationSegments);
        Assert.True(s.HasApplicationSegment("Exif"));
    }

    [Fact]
    public void A_second_jpeg_after_the_end_marker_is_reported_as_trailing_jpeg()
    {
        var main = ImageEncoder.Jpeg(Scenes.Natural(40, 40), 85);
        var extra = ImageEncoder.Jpeg(Scenes.Natural(16, 16, seed: 3), 85);

        var s = JpegParser.Parse([.. main, .. extra]);

        Assert.Equal(extra.Length, s.TrailingBytes);
        Assert.True(s.TrailingIsJpeg);
        Assert.Equal(40, s.Frame!.Width);
    }

    [Fact]
    public void Truncated_file_is_marked_truncated_rather_than_rejected()
    {
        var jpeg = ImageEncoder.Jpeg(Scenes.Natural(64, 64), 90);

        var s = JpegParser.Parse(jpeg.AsSpan(0, jpeg.Length / 2));

        Assert.True(s.Truncated);
        Assert.False(s.HasEndMarker);
        Assert.NotNull(s.Frame);
    }

    [Fact]
    public void Bytes_that_are_not_a_jpeg_are_refused_with_a_media_exception()
    {
        var png = ImageEncoder.Png(Scenes.Natural(8, 8));

        var ex = Assert.Throws<MediaException>(() => JpegParser.Parse(png));
        Assert.Equal("corrupt", ex.Code);
    }

    [Fact]
    public void Corrupted_bytes_never_crash_the_parser_or_coefficient_reader()
    {
        var original = ImageEncoder.Jpeg(Scenes.Natural(48, 40), 85);
        var rng = new Random(11);
        var survived = 0;
        for (var round = 0; round < 300; round++)
        {
            var bytes = (byte[])original.Clone();
            var flips = 1 + rng.Next(6);
            for (var f = 0; f < flips; f++)
            {
                // Favour the header, where lengths and table definitions live.
                var at = rng.Next(2) == 0 ? 2 + rng.Next(Math.Min(600, bytes.Length - 2)) : rng.Next(bytes.Length);
                bytes[at] = (byte)rng.Next(256);
            }

            var cut = rng.Next(4) == 0 ? rng.Next(2, bytes.Length) : bytes.Length;
            try
            {
                var s = JpegParser.Parse(bytes.AsSpan(0, cut));
                var c = JpegCoefficientReader.ReadLuma(s, bytes.AsSpan(0, cut), 1_000_000, CancellationToken.None);
                Assert.InRange(c.DecodedBlocks, 0, c.BlockCount);
                survived++;
            }
            catch (MediaException)
            {
                // A clear refusal is an acceptable outcome; any other exception fails the test.
            }
        }

        Assert.True(survived > 100, $"only {survived} of 300 corrupted files were read at all");
    }

    [Fact]
    public void Declared_size_above_the_pixel_limit_is_refused_before_allocation()
    {
        var jpeg = ImageEncoder.Jpeg(Scenes.Natural(64, 64), 90);
        var s = JpegParser.Parse(jpeg);

        var ex = Assert.Throws<MediaException>(() => JpegCoefficientReader.ReadLuma(s, jpeg, 1000, CancellationToken.None));
        Assert.Equal("too-large", ex.Code);
    }
}
