using FakeLens.Core.Detection;
using FakeLens.Core.Evidence;
using FakeLens.Imaging.Decoding;
using FakeLens.Provenance.Metadata;
using FakeLens.TestSupport;

namespace FakeLens.Provenance.Tests.Metadata;

public sealed class MetadataDetectorTests
{
    private static readonly RgbImage Scene = Scenes.Natural(480, 360, seed: 11);

    private static IReadOnlyList<Evidence> Analyze(byte[] bytes, string name = "photo.jpg", MetadataDetector? detector = null) =>
        (detector ?? new MetadataDetector()).AnalyzeAsync(AnalysisContext.FromBytes(bytes, name), CancellationToken.None).AsTask().GetAwaiter().GetResult();

    private static Evidence Single(IReadOnlyList<Evidence> evidence, string id) => Assert.Single(evidence, e => e.Id == id);

    private static string Fact(Evidence e, string name) => Assert.Single(e.Facts, f => f.Name == name).Value;

    private static byte[] Photo(ExifSpec spec, RgbImage? image = null, string? xmp = null)
    {
        var jpeg = ImageEncoder.Jpeg(image ?? Scene, 90);
        var segments = new List<byte[]> { ExifWriter.ExifApp1(ExifWriter.Tiff(spec)) };
        if (xmp is not null)
        {
            segments.Add(ExifWriter.XmpApp1(xmp));
        }

        return ExifWriter.Splice(jpeg, [.. segments]);
    }

    private static readonly ExifSpec Camera = new()
    {
        Make = "Canon",
        Model = "Canon EOS 5D Mark IV",
        Software = "Firmware Version 1.2.0",
        DateTime = "2021:06:01 12:00:05",
        DateTimeOriginal = "2021:06:01 12:00:00",
        WithExposure = true,
    };

    [Fact]
    public void Camera_make_and_model_are_read_into_facts_as_weak_authentic_evidence()
    {
        var e = Single(Analyze(Photo(Camera)), "metadata.camera");

        Assert.Equal(EvidenceDirection.Authentic, e.Direction);
        Assert.InRange(e.LikelihoodRatio, 1.1, 1.5);
        Assert.Equal("Canon", Fact(e, "camera make"));
        Assert.Equal("Canon EOS 5D Mark IV", Fact(e, "camera model"));
        Assert.Equal("f/5.6", Fact(e, "aperture"));
        Assert.Contains("Canon EOS 5D Mark IV", e.Title, StringComparison.Ordinal);
        Assert.Contains("trivially edited", e.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void Camera_firmware_in_Software_is_a_neutral_fact()
    {
        var e = Single(Analyze(Photo(Camera)), "metadata.software");

        Assert.Equal(EvidenceDirection.Neutral, e.Direction);
        Assert.Equal("Firmware Version 1.2.0", Fact(e, "EXIF Software"));
    }

    [Fact]
    public void Photoshop_in_EXIF_Software_points_to_edited_not_forged()
    {
        var e = Single(Analyze(Photo(Camera with { Software = "Adobe Photoshop 24.1 (Windows)" })), "metadata.software");

        Assert.Equal(EvidenceDirection.Manipulated, e.Direction);
        Assert.Equal(1.5, e.LikelihoodRatio, 3);
        Assert.StartsWith("Edited with Adobe Photoshop", e.Title, StringComparison.Ordinal);
        Assert.DoesNotContain("forged", e.Title, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Photoshop_in_XMP_history_points_to_edited_and_lists_the_events()
    {
        var xmp = ExifWriter.XmpPacket(
            "Canon EOS 5D Mark IV",
            "2021-06-03T09:00:00+02:00",
            ("created", "Canon EOS 5D Mark IV", "2021-06-01T12:00:00+02:00"),
            ("saved", "Adobe Photoshop 25.0 (Macintosh)", "2021-06-03T09:00:00+02:00"));
        var e = Single(Analyze(Photo(Camera, xmp: xmp)), "metadata.software");

        Assert.Equal(EvidenceDirection.Manipulated, e.Direction);
        Assert.Equal("Canon EOS 5D Mark IV", Fact(e, "XMP CreatorTool"));
        Assert.Equal("saved by Adobe Photoshop 25.0 (Macintosh) at 2021-06-03T09:00:00+02:00", Fact(e, "history 2"));
        Assert.Contains("2 event(s)", e.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void Lightroom_counts_as_a_raw_developer_with_a_smaller_ratio_than_Photoshop()
    {
        var e = Single(Analyze(Photo(Camera with { Software = "Adobe Photoshop Lightroom Classic 12.0 (Windows)" })), "metadata.software");

        Assert.Equal(EvidenceDirection.Manipulated, e.Direction);
        Assert.Equal("Edited with Adobe Lightroom", e.Title);
        Assert.True(e.LikelihoodRatio < 1.5);
    }

    [Theory]
    [InlineData("Adobe Firefly", "Adobe Firefly")]
    [InlineData("DALL·E 3", "DALL·E")]
    [InlineData("Midjourney v6", "Midjourney")]
    [InlineData("Stable Diffusion XL", "Stable Diffusion")]
    public void A_generator_named_in_Software_points_to_AI_with_a_strong_but_forgeable_ratio(string software, string product)
    {
        var e = Single(Analyze(Photo(new ExifSpec { Software = software })), "metadata.software");

        Assert.Equal(EvidenceDirection.AiGenerated, e.Direction);
        Assert.Equal(8, e.LikelihoodRatio);
        Assert.Equal(0.7, e.Reliability);
        Assert.Equal($"Metadata names an AI generator: {product}", e.Title);
    }

    [Fact]
    public void A_generator_named_in_XMP_CreatorTool_points_to_AI()
    {
        var xmp = ExifWriter.XmpPacket("ComfyUI", null);
        var e = Single(Analyze(Photo(new ExifSpec { Make = "Canon" }, xmp: xmp)), "metadata.software");

        Assert.Equal(EvidenceDirection.AiGenerated, e.Direction);
        Assert.Equal("ComfyUI", Fact(e, "XMP CreatorTool"));
    }

    [Theory]
    [InlineData("Imagenomic Portraiture 3", SoftwareKind.Other)]
    [InlineData("Paint.NET 5.0", SoftwareKind.Editor)]
    [InlineData("Canvas X", SoftwareKind.Other)]
    [InlineData("Google Imagen 3", SoftwareKind.AiGenerator)]
    [InlineData("J320FXXU0AQL1", SoftwareKind.Other)]
    public void Catalogue_matches_whole_words_only(string software, SoftwareKind kind) =>
        Assert.Equal(kind, SoftwareCatalog.Classify(new SoftwareMention("EXIF Software", software)).Kind);

    [Fact]
    public void Capture_and_modify_dates_two_years_apart_are_flagged()
    {
        var e = Single(Analyze(Photo(Camera with { DateTime = "2023:06:01 12:00:00" })), "metadata.dates");

        Assert.Equal(EvidenceDirection.Manipulated, e.Direction);
        Assert.Equal(1.3, e.LikelihoodRatio, 3);
        Assert.Equal("Saved again about 2 years after capture", e.Title);
        Assert.Equal("2021-06-01 12:00 (EXIF DateTimeOriginal)", Fact(e, "captured"));
    }

    [Fact]
    public void Re_save_within_a_month_is_neutral_but_named()
    {
        var e = Single(Analyze(Photo(Camera with { DateTime = "2021:06:11 12:00:00" })), "metadata.dates");

        Assert.Equal(EvidenceDirection.Neutral, e.Direction);
        Assert.Equal("Saved again 10 days after capture", e.Title);
    }

    [Fact]
    public void Capture_and_save_seconds_apart_is_neutral()
    {
        var e = Single(Analyze(Photo(Camera)), "metadata.dates");

        Assert.Equal(EvidenceDirection.Neutral, e.Direction);
        Assert.Equal("Capture and save dates agree", e.Title);
    }

    [Fact]
    public void Capture_date_in_the_future_or_before_1990_is_an_anomaly_not_a_verdict()
    {
        var clock = new FixedClock(new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var future = Single(Analyze(Photo(Camera with { DateTimeOriginal = "2030:01:01 00:00:00", DateTime = "2030:01:01 00:00:00" }), detector: new MetadataDetector(clock)), "metadata.dates");
        var ancient = Single(Analyze(Photo(Camera with { DateTimeOriginal = "1985:01:01 00:00:00", DateTime = "1985:01:01 00:00:00" }), detector: new MetadataDetector(clock)), "metadata.dates");

        Assert.Equal(EvidenceDirection.Neutral, future.Direction);
        Assert.Contains("in the future", future.Explanation, StringComparison.Ordinal);
        Assert.Equal(EvidenceDirection.Neutral, ancient.Direction);
        Assert.Contains("clock was never set", ancient.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void Gps_is_reported_as_present_with_a_rounded_position_only()
    {
        var e = Single(Analyze(Photo(Camera with { Gps = (48.858370, 2.294481) })), "metadata.gps");

        Assert.Equal(EvidenceDirection.Neutral, e.Direction);
        Assert.Equal("yes", Fact(e, "GPS present"));
        Assert.Equal("48.86, 2.29", Fact(e, "approximate position"));
        Assert.DoesNotContain("48.858", e.Explanation + string.Join(" ", e.Facts), StringComparison.Ordinal);
    }

    [Fact]
    public void Thumbnail_of_the_same_scene_matches()
    {
        var e = Single(Analyze(Photo(Camera with { Thumbnail = ThumbnailMaker.Jpeg(Scene, 160, 120) })), "metadata.thumbnail-mismatch");

        Assert.Equal(EvidenceDirection.Neutral, e.Direction);
        Assert.Equal("Embedded thumbnail matches the image", e.Title);
        Assert.True(double.Parse(Fact(e, "brightness correlation"), System.Globalization.CultureInfo.InvariantCulture) > 0.95);
    }

    [Fact]
    public void Letterboxed_thumbnail_of_a_wider_image_matches()
    {
        var wide = Scenes.Natural(480, 320, seed: 12);
        var e = Single(Analyze(Photo(Camera with { Thumbnail = ThumbnailMaker.Jpeg(wide, 160, 120, letterbox: true) }, wide)), "metadata.thumbnail-mismatch");

        Assert.Equal(EvidenceDirection.Neutral, e.Direction);
        Assert.Equal("Embedded thumbnail matches the image", e.Title);
        Assert.Contains(e.Facts, f => f.Name.StartsWith("letterbox bars", StringComparison.Ordinal));
    }

    [Fact]
    public void Thumbnail_of_a_different_scene_is_a_mismatch()
    {
        var other = Scenes.Natural(480, 360, seed: 99);
        var e = Single(Analyze(Photo(Camera with { Thumbnail = ThumbnailMaker.Jpeg(other, 160, 120) })), "metadata.thumbnail-mismatch");

        Assert.Equal(EvidenceDirection.Manipulated, e.Direction);
        Assert.Equal(3, e.LikelihoodRatio);
        Assert.Equal("Embedded thumbnail shows a different picture", e.Title);
    }

    [Fact]
    public void Thumbnail_of_another_aspect_ratio_is_a_mismatch()
    {
        // The image was cropped from 4:3 to square after the camera wrote the thumbnail of the full frame.
        var cropped = Scenes.Paste(Scenes.Flat(360, 360), Scene, 60, 0, 360, 360, 0, 0);
        var e = Single(Analyze(Photo(Camera with { Thumbnail = ThumbnailMaker.Jpeg(Scene, 160, 120) }, cropped)), "metadata.thumbnail-mismatch");

        Assert.Equal(EvidenceDirection.Manipulated, e.Direction);
        Assert.Equal("Embedded thumbnail has a different shape", e.Title);
    }

    [Fact]
    public void Thumbnail_left_stale_after_a_local_edit_marks_the_edited_area()
    {
        var edited = Scenes.Paste(Scene, Scenes.Natural(480, 360, seed: 5), 300, 40, 120, 120, 300, 40);
        var e = Single(Analyze(Photo(Camera with { Thumbnail = ThumbnailMaker.Jpeg(Scene, 160, 120) }, edited)), "metadata.thumbnail-mismatch");

        Assert.Equal(EvidenceDirection.Manipulated, e.Direction);
        var region = Assert.Single(e.Regions);
        Assert.True(Overlap(region, (300, 40, 120, 120)) > 0.3, $"region {region} misses the edit");
        Assert.NotNull(e.Heatmap);
    }

    [Fact]
    public void Thumbnail_of_the_same_scene_turned_by_90_degrees_is_not_a_mismatch()
    {
        var e = Single(Analyze(Photo(Camera with { Thumbnail = ThumbnailMaker.Jpeg(Rotate(Scene), 120, 160) })), "metadata.thumbnail-mismatch");

        Assert.Equal(EvidenceDirection.Neutral, e.Direction);
        Assert.Equal("Embedded thumbnail is the same picture, turned", e.Title);
    }

    [Fact]
    public void Plain_Skia_JPEG_and_PNG_are_reported_as_stripped()
    {
        foreach (var (bytes, name) in new[] { (ImageEncoder.Jpeg(Scene, 90), "a.jpg"), (ImageEncoder.Png(Scene), "a.png") })
        {
            var evidence = Analyze(bytes, name);
            var e = Single(evidence, "metadata.stripped");
            Assert.Equal(EvidenceDirection.Neutral, e.Direction);
            Assert.Equal(1, e.LikelihoodRatio);
            Assert.Contains("proves nothing", e.Explanation, StringComparison.Ordinal);
            Assert.DoesNotContain(evidence, x => x.Id is "metadata.camera" or "metadata.software" or "metadata.thumbnail-mismatch");
        }
    }

    [Fact]
    public void Works_without_decodable_pixels_when_only_metadata_is_readable()
    {
        // A JPEG whose image data is cut right after the metadata: no pixels, but the EXIF is intact.
        var photo = Photo(Camera with { Thumbnail = ThumbnailMaker.Jpeg(Scene, 160, 120) });
        var cut = photo[..(ExifWriter.ExifApp1(ExifWriter.Tiff(Camera with { Thumbnail = ThumbnailMaker.Jpeg(Scene, 160, 120) })).Length + 2)];

        var evidence = Analyze(cut);

        Assert.Equal("Canon", Fact(Single(evidence, "metadata.camera"), "camera make"));
    }

    public static TheoryData<string> Garbage => new()
    {
        "ifd0-offset-out-of-range",
        "thumbnail-offset-out-of-range",
        "thumbnail-offset-negative",
        "truncated-app1",
        "length-lies",
        "random-payload",
        "file-cut-inside-app1",
        "empty-exif",
        "broken-xmp",
    };

    [Theory]
    [MemberData(nameof(Garbage))]
    public void Garbage_EXIF_never_throws(string kind)
    {
        var thumb = ThumbnailMaker.Jpeg(Scene, 160, 120);
        var good = ExifWriter.Tiff(Camera with { Thumbnail = thumb, Gps = (10, 20) });
        var jpeg = ImageEncoder.Jpeg(Scene, 85);
        var rng = new Random(kind.Length);
        var bytes = kind switch
        {
            "ifd0-offset-out-of-range" => ExifWriter.Splice(jpeg, ExifWriter.ExifApp1(ExifWriter.Tiff(Camera with { Ifd0OffsetOverride = 0xFFFFFF00 }))),
            "thumbnail-offset-out-of-range" => ExifWriter.Splice(jpeg, ExifWriter.ExifApp1(ExifWriter.Tiff(Camera with { Thumbnail = thumb, ThumbnailOffsetOverride = 0x7FFFFFF0 }))),
            "thumbnail-offset-negative" => ExifWriter.Splice(jpeg, ExifWriter.ExifApp1(ExifWriter.Tiff(Camera with { Thumbnail = thumb, ThumbnailOffsetOverride = -100 }))),
            "truncated-app1" => ExifWriter.Splice(jpeg, ExifWriter.ExifApp1(good[..(good.Length / 3)])),
            "length-lies" => ExifWriter.Splice(jpeg, ExifWriter.ExifApp1(good, declaredExtra: 5000)),
            "random-payload" => ExifWriter.Splice(jpeg, ExifWriter.ExifApp1([.. "II*\0"u8, .. Enumerable.Range(0, 400).Select(_ => (byte)rng.Next(256))])),
            "file-cut-inside-app1" => ExifWriter.Splice(jpeg, ExifWriter.ExifApp1(good))[..300],
            "broken-xmp" => ExifWriter.Splice(jpeg, ExifWriter.ExifApp1(good), ExifWriter.XmpApp1("<x:xmpmeta xmlns:x=\"adobe:ns:meta/\"><rdf:RDF><rdf:Description xmp:CreatorTool=")),
            _ => ExifWriter.Splice(jpeg, ExifWriter.ExifApp1([])),
        };

        var evidence = Analyze(bytes);

        Assert.NotNull(evidence);
        Assert.All(evidence, e => Assert.True(e.LikelihoodRatio >= 1));
    }

    [Fact]
    public void Unparseable_file_gives_a_neutral_unreadable_finding()
    {
        var evidence = Analyze([0xFF, 0xD8, 0xFF, 0xE1, 0xFF, 0xFF, 0x45, 0x78, 0x69, 0x66, 0, 0, 0x4D, 0x4D], "x.jpg");

        var e = Assert.Single(evidence);
        Assert.Equal("metadata.unreadable", e.Id);
        Assert.Equal(EvidenceDirection.Neutral, e.Direction);
        Assert.Equal("Metadata could not be parsed", e.Title);
    }

    [Fact]
    public void Randomly_corrupted_EXIF_and_XMP_never_throw()
    {
        var xmp = ExifWriter.XmpPacket("Adobe Photoshop 25.0", "2023-01-01T00:00:00Z", ("saved", "Adobe Photoshop 25.0", "2023-01-01T00:00:00Z"));
        var exifLength = ExifWriter.ExifApp1(ExifWriter.Tiff(Camera with { Thumbnail = ThumbnailMaker.Jpeg(Scene, 160, 120), Gps = (1, 2) })).Length;
        var photo = Photo(Camera with { Thumbnail = ThumbnailMaker.Jpeg(Scene, 160, 120), Gps = (1, 2) }, Scenes.Natural(96, 72, seed: 3), xmp);
        var rng = new Random(1234);
        for (var round = 0; round < 60; round++)
        {
            var bytes = (byte[])photo.Clone();
            for (var k = 0; k < 1 + (round % 8); k++)
            {
                // Mostly inside the TIFF block, where offsets and counts live; sometimes in the XMP packet.
                var at = round % 4 == 3 ? rng.Next(exifLength + 2, Math.Min(bytes.Length, exifLength + 900)) : rng.Next(12, exifLength + 2);
                bytes[at] = (byte)rng.Next(256);
            }

            var evidence = Analyze(bytes);

            Assert.All(evidence, e => Assert.True(e.LikelihoodRatio >= 1 && e.Reliability is >= 0 and <= 1));
        }
    }

    [Fact]
    public void Real_Photoshop_file_earth_apollo17_is_read_as_edited_with_a_matching_thumbnail()
    {
        // Verified with MetadataExtractor: EXIF Software "Adobe Photoshop 21.1 (Macintosh)", XMP CreatorTool
        // "Adobe Photoshop CS Windows", 2 xmpMM:History "saved" events, xmp:CreateDate 2005-05-13, DateTime
        // 2020-03-26, ICC "sRGB IEC61966-2.1", a 160 × 160 EXIF thumbnail of the 375 × 375 image.
        var evidence = Analyze(File.ReadAllBytes(TestData.Path("c2pa", "earth_apollo17.jpg")));

        var software = Single(evidence, "metadata.software");
        Assert.Equal(EvidenceDirection.Manipulated, software.Direction);
        Assert.Equal("Adobe Photoshop 21.1 (Macintosh)", Fact(software, "EXIF Software"));
        Assert.Equal("Adobe Photoshop CS Windows", Fact(software, "XMP CreatorTool"));
        Assert.Equal("Saved again about 15 years after capture", Single(evidence, "metadata.dates").Title);
        Assert.Equal("sRGB IEC61966-2.1", Fact(Single(evidence, "metadata.icc-profile"), "ICC profile"));
        var thumb = Single(evidence, "metadata.thumbnail-mismatch");
        Assert.Equal(EvidenceDirection.Neutral, thumb.Direction);
        Assert.Equal("160 × 160", Fact(thumb, "thumbnail size"));
        Assert.DoesNotContain(evidence, e => e.Id is "metadata.camera" or "metadata.gps" or "metadata.stripped");
    }

    [Fact]
    public void Real_summary_of_earth_apollo17_holds_the_XMP_history()
    {
        var s = MetadataSummaryReader.Read(File.ReadAllBytes(TestData.Path("c2pa", "earth_apollo17.jpg")));

        Assert.Equal(2, s.History.Count);
        Assert.All(s.History, h => Assert.Equal(("saved", "Adobe Photoshop 21.1 (Macintosh)"), (h.Action, h.SoftwareAgent)));
        Assert.Equal(new DateTime(2005, 5, 13, 13, 9, 4), s.XmpCreateDate);
        Assert.True(s.HasPhotoshopResources);
        Assert.Contains("ICC Profile", s.DirectoryNames);
        Assert.Equal(9566, s.Thumbnail?.Length);
    }

    [Fact]
    public void Real_phone_photo_no_alg_has_camera_firmware_and_a_matching_thumbnail()
    {
        // Verified: Make "samsung", Model "SM-J320F", Software "J320FXXU0AQL1" (firmware), DateTimeOriginal =
        // DateTime = 2018-07-06 13:55:22, a 192 × 108 thumbnail of the 480 × 270 image.
        var evidence = Analyze(File.ReadAllBytes(TestData.Path("c2pa", "no_alg.jpg")));

        Assert.Equal("SM-J320F", Fact(Single(evidence, "metadata.camera"), "camera model"));
        Assert.Equal(EvidenceDirection.Neutral, Single(evidence, "metadata.software").Direction);
        Assert.Equal(EvidenceDirection.Neutral, Single(evidence, "metadata.dates").Direction);
        var thumb = Single(evidence, "metadata.thumbnail-mismatch");
        Assert.Equal("Embedded thumbnail matches the image", thumb.Title);
        Assert.Equal("192 × 108", Fact(thumb, "thumbnail size"));
    }

    [Fact]
    public void Real_PNG_sample1_reads_EXIF_from_its_eXIf_chunk()
    {
        // Verified: eXIf chunk with Make "Canon", Model "Canon EOS REBEL T3", Software "Adobe Lightroom 5.3 (Macintosh)",
        // DateTimeOriginal 2011-07-30, DateTime 2022-05-24, lens "EF-S18-55mm f/3.5-5.6 IS II", a 256 × 171 thumbnail.
        var evidence = Analyze(File.ReadAllBytes(TestData.Path("c2pa", "sample1.png")), "sample1.png");

        var camera = Single(evidence, "metadata.camera");
        Assert.Equal("Canon EOS REBEL T3", Fact(camera, "camera model"));
        Assert.Equal("EF-S18-55mm f/3.5-5.6 IS II", Fact(camera, "lens"));
        Assert.Equal("Edited with Adobe Lightroom", Single(evidence, "metadata.software").Title);
        Assert.Equal(EvidenceDirection.Manipulated, Single(evidence, "metadata.dates").Direction);
        Assert.Equal("256 × 171", Fact(Single(evidence, "metadata.thumbnail-mismatch"), "thumbnail size"));
    }

    [Fact]
    public void Real_C2PA_fixture_without_EXIF_or_XMP_is_stripped()
    {
        // c.jpg carries only JFIF and a C2PA manifest (APP11), which this detector does not read.
        Assert.Single(Analyze(File.ReadAllBytes(TestData.Path("c2pa", "c.jpg"))), e => e.Id == "metadata.stripped");
    }

    private static double Overlap(Region r, (int X, int Y, int W, int H) truth)
    {
        var ix = Math.Max(0, Math.Min(r.X + r.Width, truth.X + truth.W) - Math.Max(r.X, truth.X));
        var iy = Math.Max(0, Math.Min(r.Y + r.Height, truth.Y + truth.H) - Math.Max(r.Y, truth.Y));
        var inter = ix * (double)iy;
        return inter / ((r.Width * (double)r.Height) + (truth.W * truth.H) - inter);
    }

    private static RgbImage Rotate(RgbImage image)
    {
        // 90° clockwise: destination (x, y) takes source (y, H-1-x).
        var w = image.Height;
        var h = image.Width;
        var px = new byte[w * h * 3];
        for (var y = 0; y < h; y++)
        {
            for (var x = 0; x < w; x++)
            {
                Array.Copy(image.Pixels, (((image.Height - 1 - x) * image.Width) + y) * 3, px, ((y * w) + x) * 3, 3);
            }
        }

        return new RgbImage(w, h, px);
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
