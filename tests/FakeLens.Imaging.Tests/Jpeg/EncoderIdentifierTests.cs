using FakeLens.Core.Detection;
using FakeLens.Core.Evidence;
using FakeLens.Imaging.Decoding;
using FakeLens.Imaging.Jpeg;
using FakeLens.TestSupport;

namespace FakeLens.Imaging.Tests.Jpeg;

public sealed class EncoderIdentifierTests
{
    private static KnownEncoderTable Entry(string encoder, string quality) =>
        KnownEncoderTables.All.Single(e => e.Encoder == encoder && e.Quality == quality);

    private static async Task<IReadOnlyList<Evidence>> Run(byte[] bytes) =>
        await new JpegStructureDetector().AnalyzeAsync(AnalysisContext.FromBytes(bytes, "test.jpg"), CancellationToken.None);

    /// <summary>Overwrites every 8-bit DQT table of a JPEG in place: slot 0 gets <paramref name="luma"/>, slot 1 <paramref name="chroma"/>.</summary>
    private static byte[] WithTables(byte[] jpeg, IReadOnlyList<ushort> luma, IReadOnlyList<ushort> chroma)
    {
        var bytes = (byte[])jpeg.Clone();
        var patched = 0;
        for (var i = 2; i + 4 <= bytes.Length && bytes[i] == 0xFF && bytes[i + 1] != 0xDA;)
        {
            var length = (bytes[i + 2] << 8) | bytes[i + 3];
            if (bytes[i + 1] == 0xDB)
            {
                for (var p = i + 4; p < i + 2 + length; p += 65)
                {
                    Assert.Equal(0, bytes[p] >> 4); // 8-bit tables only
                    var table = (bytes[p] & 15) == 0 ? luma : chroma;
                    for (var k = 0; k < 64; k++)
                    {
                        bytes[p + 1 + k] = (byte)table[JpegParser.ZigZag[k]];
                    }

                    patched++;
                }
            }

            i += 2 + length;
        }

        Assert.Equal(2, patched);
        return bytes;
    }

    /// <summary>SOI, one DQT, a one-component baseline SOF0 and EOI: a greyscale header without image data.</summary>
    private static byte[] GreyscaleHeader(IReadOnlyList<ushort> luma)
    {
        var dqt = new byte[65];
        for (var k = 0; k < 64; k++)
        {
            dqt[1 + k] = (byte)luma[JpegParser.ZigZag[k]];
        }

        byte[] sof = [8, 0, 16, 0, 16, 1, 1, 0x11, 0];
        return [0xFF, 0xD8, 0xFF, 0xDB, 0, 67, .. dqt, 0xFF, 0xC0, 0, 11, .. sof, 0xFF, 0xD9];
    }

    private static ushort[] Std(int quality, bool chroma) => JpegQuality.StandardTable(quality, chroma);

    private static int Distance(IReadOnlyList<ushort> a, IReadOnlyList<ushort> b)
    {
        var d = 0;
        for (var i = 0; i < 64; i++)
        {
            d += Math.Abs(a[i] - b[i]);
        }

        return d;
    }

    [Fact]
    public async Task Photoshop_save_for_web_tables_are_reported_as_last_saved_by_photoshop()
    {
        var ps = Entry("Adobe Photoshop", "Save for Web “High”");
        var jpeg = WithTables(ImageEncoder.Jpeg(Scenes.Natural(64, 48), 85), ps.Luma, ps.Chroma);

        var evidence = await Run(jpeg);

        var encoder = evidence.Single(e => e.Id == "jpeg.encoder");
        Assert.Equal(EvidenceDirection.Manipulated, encoder.Direction);
        Assert.Equal(1.5, encoder.LikelihoodRatio);
        Assert.Equal(1.0, encoder.Reliability);
        Assert.Equal("Last saved by Adobe Photoshop", encoder.Title);
        Assert.Contains("Editing is not forgery", encoder.Explanation, StringComparison.Ordinal);
        Assert.StartsWith("The file's brightness (luminance) and colour (chrominance) quantisation tables are identical to the tables of Adobe Photoshop at its Save for Web “High” setting, so the file was last saved by that software.", encoder.Explanation, StringComparison.Ordinal);
        Assert.Contains(encoder.Facts, f => f.Name == "quality setting" && f.Value == "Save for Web “High”");
        Assert.Contains(encoder.Facts, f => f.Name == "difference" && f.Value == "0 (exact)");
        // The quality finding is unchanged and still says the tables are not libjpeg's.
        Assert.Contains(evidence.Single(e => e.Id == "jpeg.quality").Facts, f => f.Name == "standard IJG tables" && f.Value == "no");
    }

    [Fact]
    public async Task Photoshop_save_as_quality_0_tables_name_the_quality_level()
    {
        var ps = Entry("Adobe Photoshop", "Save As quality 0 (“Low”)");
        var jpeg = WithTables(ImageEncoder.Jpeg(Scenes.Natural(48, 48), 60), ps.Luma, ps.Chroma);

        var encoder = (await Run(jpeg)).Single(e => e.Id == "jpeg.encoder");

        Assert.Equal(EvidenceDirection.Manipulated, encoder.Direction);
        Assert.Contains("Save As quality 0", encoder.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Canon_camera_tables_are_weak_evidence_for_an_authentic_file()
    {
        var canon = Entry("Canon EOS digital SLR", "Fine");
        var jpeg = WithTables(ImageEncoder.Jpeg(Scenes.Natural(64, 48), 95), canon.Luma, canon.Chroma);

        var encoder = (await Run(jpeg)).Single(e => e.Id == "jpeg.encoder");

        Assert.Equal(EvidenceDirection.Authentic, encoder.Direction);
        Assert.Equal(1.5, encoder.LikelihoodRatio);
        Assert.Equal("Camera compression tables: Canon EOS digital SLR", encoder.Title);
        Assert.Contains("easy to copy", encoder.Explanation, StringComparison.Ordinal);
        Assert.Contains("EOS D60, 10D, 20D", encoder.Explanation, StringComparison.Ordinal);
        Assert.Contains(encoder.Facts, f => f.Name == "encoder type" && f.Value == "camera");
    }

    [Fact]
    public async Task Phone_tables_without_a_recorded_setting_are_named_without_a_setting()
    {
        var iphone = Entry("Apple iPhone", "");
        var jpeg = WithTables(ImageEncoder.Jpeg(Scenes.Natural(40, 40), 90), iphone.Luma, iphone.Chroma);

        var encoder = (await Run(jpeg)).Single(e => e.Id == "jpeg.encoder");

        Assert.Equal(EvidenceDirection.Authentic, encoder.Direction);
        Assert.StartsWith("The file's brightness (luminance) and colour (chrominance) quantisation tables are identical to the tables of Apple iPhone. ", encoder.Explanation, StringComparison.Ordinal);
        Assert.Contains(encoder.Facts, f => f.Name == "quality setting" && f.Value == "not recorded by the table source");
    }

    [Theory]
    [InlineData(50)]
    [InlineData(75)]
    [InlineData(92)]
    [InlineData(100)]
    public async Task Skia_jpeg_with_standard_tables_gets_no_encoder_finding(int quality)
    {
        var evidence = await Run(ImageEncoder.Jpeg(Scenes.Natural(48, 32), quality));

        Assert.DoesNotContain(evidence, e => e.Id == "jpeg.encoder");
        Assert.Contains(evidence, e => e.Id == "jpeg.quality" && e.Title.EndsWith("(standard tables)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Near_match_within_tolerance_is_reported_with_lower_reliability_and_a_larger_change_is_not()
    {
        var ps = Entry("Adobe Photoshop", "Save As “Medium”");
        var oneOff = ps.Luma.ToArray();
        oneOff[63] += 1;
        var twoOff = ps.Luma.ToArray();
        twoOff[63] += 2;
        var baseJpeg = ImageEncoder.Jpeg(Scenes.Natural(32, 32), 80);

        var near = (await Run(WithTables(baseJpeg, oneOff, ps.Chroma))).Single(e => e.Id == "jpeg.encoder");
        var far = await Run(WithTables(baseJpeg, twoOff, ps.Chroma));

        Assert.Equal(0.6, near.Reliability);
        Assert.Contains(near.Facts, f => f.Name == "difference" && f.Value == "1");
        Assert.DoesNotContain(far, e => e.Id == "jpeg.encoder");
    }

    [Fact]
    public async Task Greyscale_file_is_matched_on_its_luminance_table_alone()
    {
        var ps = Entry("Adobe Photoshop", "Save As quality 8 (“High”)");

        var encoder = (await Run(GreyscaleHeader(ps.Luma))).Single(e => e.Id == "jpeg.encoder");

        Assert.Contains(encoder.Facts, f => f.Name == "tables compared" && f.Value == "luminance");
        Assert.Contains("greyscale", encoder.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Photoshop_saved_c2pa_fixtures_are_identified_from_their_own_file_bytes()
    {
        // These three fixtures are where the Save As 0/8/12 entries were read from; the test checks the real
        // zigzag-to-natural path end to end on Photoshop's own DQT segments.
        foreach (var (name, quality) in new[] { ("ocsp.jpg", "Save As quality 0 (“Low”)"), ("no_manifest.jpg", "Save As quality 8 (“High”)"), ("earth_apollo17.jpg", "Save As quality 12 (“Maximum”)") })
        {
            var encoder = (await Run(File.ReadAllBytes(TestData.Path("c2pa", name)))).Single(e => e.Id == "jpeg.encoder");
            Assert.Equal(EvidenceDirection.Manipulated, encoder.Direction);
            Assert.Contains(encoder.Facts, f => f.Name == "quality setting" && f.Value == quality);
        }
    }

    [Fact]
    public void Every_entry_has_two_tables_of_64_valid_baseline_steps()
    {
        Assert.NotEmpty(KnownEncoderTables.All);
        foreach (var e in KnownEncoderTables.All)
        {
            Assert.Equal(64, e.Luma.Length);
            Assert.Equal(64, e.Chroma.Length);
            Assert.All(e.Luma, v => Assert.InRange(v, (ushort)1, (ushort)255));
            Assert.All(e.Chroma, v => Assert.InRange(v, (ushort)1, (ushort)255));
            Assert.False(string.IsNullOrWhiteSpace(e.Source));
        }
    }

    [Fact]
    public void No_entry_is_within_tolerance_of_any_libjpeg_quality_1_to_100()
    {
        foreach (var e in KnownEncoderTables.All)
        {
            var nearestLuma = Enumerable.Range(1, 100).Min(q => Distance(e.Luma, Std(q, chroma: false)));
            var nearestChroma = Enumerable.Range(1, 100).Min(q => Distance(e.Chroma, Std(q, chroma: true)));
            Assert.True(nearestLuma > EncoderIdentifier.MaxTotalDifference, $"{e.Encoder} {e.Quality}: luma {nearestLuma} from a libjpeg table");
            Assert.True(nearestLuma + nearestChroma > EncoderIdentifier.MaxTotalDifference, $"{e.Encoder} {e.Quality}");
        }

        for (var q = 1; q <= 100; q++)
        {
            var luma = new QuantizationTable(0, 0, Std(q, chroma: false));
            Assert.Null(EncoderIdentifier.Identify(luma, new QuantizationTable(1, 0, Std(q, chroma: true))));
            Assert.Null(EncoderIdentifier.Identify(luma, null));
        }
    }

    [Fact]
    public void Entries_are_distinct_and_no_editor_table_is_within_tolerance_of_a_camera_table()
    {
        var all = KnownEncoderTables.All;
        for (var i = 0; i < all.Length; i++)
        {
            for (var j = i + 1; j < all.Length; j++)
            {
                var d = Distance(all[i].Luma, all[j].Luma) + Distance(all[i].Chroma, all[j].Chroma);
                Assert.True(d > 0, $"{all[i].Encoder} {all[i].Quality} duplicates {all[j].Encoder} {all[j].Quality}");
                if (all[i].Family != all[j].Family)
                {
                    Assert.True(d > EncoderIdentifier.MaxTotalDifference, $"{all[i].Encoder} {all[i].Quality} ~ {all[j].Encoder} {all[j].Quality}");
                }
            }
        }
    }

    [Fact]
    public void Exact_match_wins_over_a_near_match_of_the_same_luma()
    {
        // Photoshop Save As 12 and Save for Web "Maximum" share the luma table and differ by 2 in chroma.
        var save12 = Entry("Adobe Photoshop", "Save As quality 12 (“Maximum”)");
        var web = Entry("Adobe Photoshop", "Save for Web “Maximum”");

        var m12 = EncoderIdentifier.Identify(new QuantizationTable(0, 0, [.. save12.Luma]), new QuantizationTable(1, 0, [.. save12.Chroma]));
        var mWeb = EncoderIdentifier.Identify(new QuantizationTable(0, 0, [.. web.Luma]), new QuantizationTable(1, 0, [.. web.Chroma]));

        Assert.Same(save12, m12!.Entry);
        Assert.Same(web, mWeb!.Entry);
        Assert.True(m12.IsExact && mWeb.IsExact);
    }

    [Fact]
    public void Malformed_table_lengths_are_not_matched()
    {
        Assert.Null(EncoderIdentifier.Identify(new QuantizationTable(0, 0, new ushort[10]), null));
        Assert.Null(EncoderIdentifier.Identify(new QuantizationTable(0, 0, [.. Entry("Apple iPhone", "").Luma]), new QuantizationTable(1, 0, new ushort[63])));
    }
}
