using FakeLens.Imaging.Decoding;
using FakeLens.Imaging.Tampering;
using FakeLens.TestSupport;

namespace FakeLens.Imaging.Tests.Tampering;

public sealed class TamperSetMakerTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("fakelens-tamper-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static readonly TamperSetMaker Maker = new(new TamperSetOptions());

    private static (int Changed, int ChangedOutside, int MaskPixels, int MaskChanged) Compare(TamperSample s)
    {
        int changed = 0, outside = 0, maskChanged = 0;
        var a = s.Camera.Pixels;
        var b = s.Edited.Pixels;
        for (var i = 0; i < s.Mask.Bits.Length; i++)
        {
            var diff = a[3 * i] != b[3 * i] || a[(3 * i) + 1] != b[(3 * i) + 1] || a[(3 * i) + 2] != b[(3 * i) + 2];
            changed += diff ? 1 : 0;
            outside += diff && s.Mask.Bits[i] == 0 ? 1 : 0;
            maskChanged += diff && s.Mask.Bits[i] != 0 ? 1 : 0;
        }

        return (changed, outside, s.Mask.Count(), maskChanged);
    }

    /// <summary>Changed pixels outside the mask that are farther than <paramref name="radius"/> px from it.</summary>
    private static int ChangedFarFromMask(TamperSample s, int radius)
    {
        var m = s.Mask;
        var far = 0;
        for (var y = 0; y < m.Height; y++)
        {
            for (var x = 0; x < m.Width; x++)
            {
                var i = (y * m.Width) + x;
                if (m.Bits[i] != 0 || (s.Camera.Pixels[3 * i] == s.Edited.Pixels[3 * i] && s.Camera.Pixels[(3 * i) + 1] == s.Edited.Pixels[(3 * i) + 1] && s.Camera.Pixels[(3 * i) + 2] == s.Edited.Pixels[(3 * i) + 2]))
                {
                    continue;
                }

                var near = false;
                for (var dy = -radius; dy <= radius && !near; dy++)
                {
                    for (var dx = -radius; dx <= radius && !near; dx++)
                    {
                        int xx = x + dx, yy = y + dy;
                        near = xx >= 0 && yy >= 0 && xx < m.Width && yy < m.Height && m.Bits[(yy * m.Width) + xx] != 0;
                    }
                }

                far += near ? 0 : 1;
            }
        }

        return far;
    }

    [Fact]
    public void Control_is_unedited_and_has_an_empty_mask()
    {
        var s = Maker.Create(TamperKind.Control, Scenes.Natural(128, 128, 3), null, new Random(1));
        Assert.Equal(0, s.Mask.Count());
        Assert.Equal(s.Camera.Pixels, s.Edited.Pixels);
    }

    [Theory]
    [InlineData(TamperKind.Splice)]
    [InlineData(TamperKind.CopyMove)]
    public void Pasted_area_is_what_the_mask_marks(TamperKind kind)
    {
        for (var seed = 0; seed < 8; seed++)
        {
            var s = Maker.Create(kind, Scenes.Natural(160, 128, 5), Scenes.Natural(160, 128, 9, 4), new Random(seed));
            var (changed, outside, maskPixels, maskChanged) = Compare(s);
            Assert.True(maskPixels > 0.005 * 160 * 128, $"seed {seed}: mask covers {maskPixels} px");
            // Inside the mask the content is the pasted one (a few pixels may coincide by chance).
            Assert.True(maskChanged > 0.8 * maskPixels, $"seed {seed}: only {maskChanged} of {maskPixels} mask pixels changed; {s.Parameters}");
            // Outside it only the feathered fringe (< 50 % paste weight) may differ, within the feather radius (≤ 6) plus rounding.
            Assert.True(ChangedFarFromMask(s, 8) == 0, $"seed {seed}: {ChangedFarFromMask(s, 8)} changed pixels far from the mask; {s.Parameters}");
            Assert.True(outside < 0.5 * changed, $"seed {seed}: {outside} of {changed} changed pixels lie outside the mask");
        }
    }

    /// <summary>
    /// An AI fill from the shared data: an SD 2 image's pixels pasted into a Kodak photo. Where the edge is hard and no colour
    /// match is applied, the masked pixels are the AI image's own pixels from the recorded box; the box covers the
    /// requested share of the picture; nothing changes far from the mask.
    /// </summary>
    [Fact]
    public void Ai_fill_pastes_the_ai_images_own_pixels_where_the_mask_says()
    {
        var photo = ImageDecoder.Decode(File.ReadAllBytes(TestData.Path("images", "real", "kodak24", "kodim05.png")), 100_000_000).Image;
        var ai = ImageDecoder.Decode(File.ReadAllBytes(TestData.Path("images", "ai", "sd2", "768-merged-0002_t01.png")), 100_000_000).Image;
        var exact = 0;
        foreach (var area in new[] { 0.15, 0.30, 0.50 })
        {
            for (var seed = 0; seed < 6; seed++)
            {
                var s = Maker.Create(TamperKind.AiFill, photo, ai, new Random(seed), area);
                var (changed, outside, maskPixels, maskChanged) = Compare(s);
                var p = s.Parameters.Split(';').Select(kv => kv.Split('=')).ToDictionary(kv => kv[0], kv => kv[1]);
                var box = p["box"].Split('+', 'x').Select(int.Parse).ToArray();
                var aiBox = p["ai_box"].Split('+', 'x').Select(int.Parse).ToArray();
                Assert.InRange(box[2] * (double)box[3] / (photo.Width * photo.Height), area * 0.85, area * 1.15);
                Assert.InRange(maskPixels, 0.3 * area * photo.Width * photo.Height, 1.05 * box[2] * box[3]);
                Assert.True(maskChanged > 0.8 * maskPixels, $"seed {seed}: only {maskChanged} of {maskPixels} mask pixels changed; {s.Parameters}");
                Assert.True(ChangedFarFromMask(s, 10) == 0, $"seed {seed}: changed pixels far from the mask; {s.Parameters}");
                Assert.True(outside < 0.5 * changed, $"seed {seed}: {outside} of {changed} changed pixels outside the mask");
                if (p["feather"] != "0" || p["colour_match"] != "0")
                {
                    continue;
                }

                exact++;
                for (var y = 0; y < box[3]; y++)
                {
                    for (var x = 0; x < box[2]; x++)
                    {
                        var i = ((box[1] + y) * photo.Width) + box[0] + x;
                        if (s.Mask.Bits[i] == 0)
                        {
                            continue;
                        }

                        var j = (((aiBox[1] + y) * ai.Width) + aiBox[0] + x) * 3;
                        Assert.Equal((ai.Pixels[j], ai.Pixels[j + 1], ai.Pixels[j + 2]), (s.Edited.Pixels[3 * i], s.Edited.Pixels[(3 * i) + 1], s.Edited.Pixels[(3 * i) + 2]));
                    }
                }
            }
        }

        Assert.True(exact > 0, "no hard-edged, unmatched fill among the seeds: the pixel check never ran");
    }

    [Fact]
    public void Ai_fills_need_ai_sources_and_name_them_in_the_manifest()
    {
        var src = Path.Combine(_dir, "src");
        Directory.CreateDirectory(src);
        File.WriteAllBytes(Path.Combine(src, "p.png"), ImageEncoder.Png(Scenes.Natural(300, 240, 3)));
        var options = new TamperSetOptions { Seed = 2, Count = 6, Cycle = TamperSetOptions.AiFillCycle };
        Assert.Throws<ArgumentException>(() => new TamperSetMaker(options).Make([Path.Combine(src, "p.png")], Path.Combine(_dir, "none"), null, CancellationToken.None));

        var ai = TestData.Files(Path.Combine("images", "ai", "ldm"), "*.png", minimum: 2).Take(2).Concat(TestData.Files(Path.Combine("images", "ai", "sd2"), "*.png").Take(1)).ToList();
        var entries = new TamperSetMaker(options with { AiSources = ai }).Make([Path.Combine(src, "p.png")], Path.Combine(_dir, "set"), null, CancellationToken.None);
        Assert.Equal([TamperKind.Control, TamperKind.AiFill, TamperKind.Control, TamperKind.AiFill, TamperKind.Control, TamperKind.AiFill], entries.Select(e => e.Kind));
        var fills = entries.Where(e => e.Kind == TamperKind.AiFill).ToList();
        Assert.All(fills, e => Assert.Contains(e.Donor, ai.Select(f => Path.Combine(Path.GetFileName(Path.GetDirectoryName(f))!, Path.GetFileName(f)))));
        // The areas come in turn: 15, 30, 50 % of the picture (as far as the AI image is large enough).
        var areas = fills.Select(e => double.Parse(e.Parameters.Split(';').Single(kv => kv.StartsWith("area=", StringComparison.Ordinal))[5..], System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.InRange(areas[0], 0.13, 0.17);
        Assert.InRange(areas[1], 0.26, 0.34);
        Assert.InRange(areas[2], 0.43, 0.57);
        Assert.All(fills, e => Assert.True(e.TamperedFraction > 0.04, $"{e.File}: mask covers {e.TamperedFraction}"));
    }

    [Theory]
    [InlineData(TamperKind.DoubleJpeg)]
    [InlineData(TamperKind.Inpaint)]
    public void Recompressed_or_inpainted_pixels_lie_inside_the_mask(TamperKind kind)
    {
        for (var seed = 0; seed < 6; seed++)
        {
            var s = Maker.Create(kind, Scenes.Natural(128, 128, 11), null, new Random(seed));
            var (changed, outside, maskPixels, _) = Compare(s);
            Assert.True(maskPixels > 0, $"seed {seed}: empty mask");
            Assert.True(changed > 0, $"seed {seed}: nothing changed");
            Assert.Equal(0, outside);
        }
    }

    [Fact]
    public void Set_shares_one_final_format_and_repeats_for_a_seed()
    {
        var src = Path.Combine(_dir, "src");
        Directory.CreateDirectory(src);
        for (var i = 0; i < 3; i++)
        {
            File.WriteAllBytes(Path.Combine(src, $"p{i}.png"), ImageEncoder.Png(Scenes.Natural(128, 128, 20 + i)));
        }

        var files = Directory.GetFiles(src);
        var options = new TamperSetOptions
        {
            Seed = 4,
            Count = 8,
            Cycle = [.. new TamperSetOptions().Cycle, TamperKind.AiFill],
            AiSources = [.. TestData.Files(Path.Combine("images", "ai", "sd1"), "*.png").Take(2)],
        };
        var a = new TamperSetMaker(options).Make(files, Path.Combine(_dir, "a"), null, CancellationToken.None);
        var b = new TamperSetMaker(options).Make(files, Path.Combine(_dir, "b"), null, CancellationToken.None);
        var c = new TamperSetMaker(options with { Seed = 5 }).Make(files, Path.Combine(_dir, "c"), null, CancellationToken.None);

        Assert.Equal(Enum.GetValues<TamperKind>().Order(), a.Select(e => e.Kind).Distinct().Order());
        Assert.All(a, e => Assert.Equal("jpeg-q90", e.FinalFormat));
        string? tables = null;
        foreach (var e in a)
        {
            var bytes = File.ReadAllBytes(Path.Combine(_dir, "a", e.File));
            Assert.True(bytes[0] == 0xFF && bytes[1] == 0xD8, $"{e.File} is not a JPEG");
            // Same quantisation tables and frame header (size, sampling) in every file, controls included.
            var header = Segments(bytes, 0xDB) + "|" + Segments(bytes, 0xC0);
            tables ??= header;
            Assert.Equal(tables, header);
            var mask = TamperMask.Load(File.ReadAllBytes(Path.Combine(_dir, "a", e.Mask)));
            Assert.Equal(e.Kind == TamperKind.Control, mask.Count() == 0);
            Assert.Equal(e.TamperedFraction, mask.Fraction(), 4);
        }

        Assert.Equal(File.ReadAllText(Path.Combine(_dir, "a", "manifest.csv")), File.ReadAllText(Path.Combine(_dir, "b", "manifest.csv")));
        Assert.Equal(File.ReadAllBytes(Path.Combine(_dir, "a", a[1].File)), File.ReadAllBytes(Path.Combine(_dir, "b", b[1].File)));
        Assert.NotEqual(File.ReadAllText(Path.Combine(_dir, "a", "manifest.csv")), File.ReadAllText(Path.Combine(_dir, "c", "manifest.csv")));
        Assert.Equal(a, TamperManifest.Parse(File.ReadAllText(Path.Combine(_dir, "a", "manifest.csv"))));
    }

    private static string Segments(byte[] jpeg, byte marker)
    {
        var parts = new List<string>();
        for (var i = 2; i + 4 < jpeg.Length && jpeg[i] == 0xFF;)
        {
            var m = jpeg[i + 1];
            var len = (jpeg[i + 2] << 8) | jpeg[i + 3];
            if (m == marker)
            {
                parts.Add(Convert.ToHexString(jpeg, i + 4, len - 2));
            }

            if (m == 0xDA)
            {
                break;
            }

            i += 2 + len;
        }

        return string.Join(",", parts);
    }
}
