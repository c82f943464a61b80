using FakeLens.Imaging.Compare;
using FakeLens.Imaging.Decoding;
using FakeLens.TestSupport;
using Xunit.Abstractions;

namespace FakeLens.Imaging.Tests.Compare;

public sealed class ImageComparerTests(ITestOutputHelper output)
{
    private static readonly RgbImage Original = Scenes.DeadLeaves(480, 360, seed: 11);
    private static readonly RgbImage Donor = Scenes.DeadLeaves(480, 360, seed: 97);
    private static readonly ImageComparer Comparer = new();

    private static ComparePair Make(string operation, int seed) => new ComparePairMaker(seed).Make(Original, operation, Donor);

    private static GlobalOperation? Op(ComparisonResult r, string kind) => r.Operations.FirstOrDefault(o => o.Kind == kind);

    private void Log(ComparisonResult r)
    {
        output.WriteLine(r.Summary);
        foreach (var o in r.Operations)
        {
            output.WriteLine($"  {o.Kind}: {o.Description}");
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Crop_box_is_recovered_within_two_percent_of_the_area(int seed)
    {
        var pair = Make("crop", seed);
        var r = Comparer.Compare(pair.Suspect, pair.Original);
        Log(r);
        Assert.True(r.Related);
        var crop = Op(r, "crop");
        Assert.NotNull(crop);
        Assert.InRange(crop.Parameters["kept"], pair.Expected - 0.02, pair.Expected + 0.02);
        Assert.Null(Op(r, "scale"));
        Assert.Equal("original", r.Earlier!.Earlier);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    public void Scale_is_recovered_within_two_percent(int seed)
    {
        var pair = Make("scale", seed);
        var r = Comparer.Compare(pair.Suspect, pair.Original);
        Log(r);
        Assert.True(r.Related);
        Assert.InRange(r.Geometry!.Scale, pair.Expected * 0.98, pair.Expected * 1.02);
        Assert.InRange(r.Geometry.Aspect, 0.98, 1.02);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Rotation_is_recovered_within_half_a_degree(int seed)
    {
        var pair = Make("rotation", seed);
        var r = Comparer.Compare(pair.Suspect, pair.Original);
        Log(r);
        Assert.InRange(r.Geometry!.RotationDegrees, pair.Expected - 0.5, pair.Expected + 0.5);
        Assert.NotNull(Op(r, "rotation"));
        Assert.False(r.Geometry.MirroredHorizontally);
    }

    [Fact]
    public void Mirror_and_flip_are_told_apart()
    {
        var mirror = Make("mirror", 1);
        var rm = Comparer.Compare(mirror.Suspect, mirror.Original);
        Log(rm);
        Assert.NotNull(Op(rm, "mirror"));
        Assert.Null(Op(rm, "flip"));
        Assert.Null(Op(rm, "rotation"));

        var flip = Make("flip", 1);
        var rf = Comparer.Compare(flip.Suspect, flip.Original);
        Log(rf);
        Assert.NotNull(Op(rf, "flip"));
        Assert.Null(Op(rf, "mirror"));
        Assert.Null(Op(rf, "rotation"));
    }

    [Fact]
    public void Recompression_reports_the_suspect_quality_and_no_local_edit()
    {
        var pair = Make("recompression", 1);
        var r = Comparer.Compare(pair.Suspect, pair.Original);
        Log(r);
        var op = Op(r, "recompression");
        Assert.NotNull(op);
        Assert.Equal(75, op.Parameters["suspectQuality"]);
        Assert.Empty(r.Regions);
        Assert.Null(r.Geometry!.CropBox is { X: > 2 } ? r.Geometry : null);
    }

    [Fact]
    public void Both_jpeg_qualities_are_read_from_the_tables()
    {
        var original = new CompareInput(ImageDecoder.Decode(ImageEncoder.Jpeg(Original, 92), long.MaxValue).Image, "o", CompareInput.ReadJpegQuality(ImageEncoder.Jpeg(Original, 92)));
        var pair = new ComparePairMaker(1, 60).Make(original.Image, "recompression", Donor);
        var r = Comparer.Compare(pair.Suspect, original);
        Log(r);
        var op = Op(r, "recompression");
        Assert.NotNull(op);
        Assert.Equal(60, op.Parameters["suspectQuality"]);
        Assert.Equal(92, op.Parameters["originalQuality"]);
        Assert.Equal("original", r.Earlier!.Earlier);
    }

    [Fact]
    public void Brightness_change_is_measured_within_three_levels()
    {
        var pair = Make("tone", 3);
        var r = Comparer.Compare(pair.Suspect, pair.Original);
        Log(r);
        var tone = Op(r, "tone");
        Assert.NotNull(tone);
        Assert.InRange(tone.Parameters["brightness"], pair.Expected - 3, pair.Expected + 3);
        Assert.Empty(r.Regions);
    }

    [Fact]
    public void Added_border_is_reported_with_its_width()
    {
        var pair = Make("border", 1);
        var r = Comparer.Compare(pair.Suspect, pair.Original);
        Log(r);
        var border = Op(r, "border");
        Assert.NotNull(border);
        Assert.InRange(border.Parameters["left"], pair.Expected - 2, pair.Expected + 2);
        Assert.InRange(border.Parameters["top"], pair.Expected - 2, pair.Expected + 2);
        Assert.Equal("original", r.Earlier!.Earlier);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Change_map_finds_spliced_objects_after_jpeg_75_with_pixel_f1_over_0_8(int seed)
    {
        var f1 = MapF1("splice", seed);
        Assert.True(f1 >= 0.8, $"pixel F1 {f1:0.000}");
    }

    /// <summary>
    /// Inpainted removals fall short of 0.8 on some pairs: near the hole's edge the fill copies its surroundings,
    /// which often equal the original there, so a band of the true mask has not changed at all
    /// (docs/compare.md: mean 0.85 on Kodak, 16 of 24 pairs at or above 0.8).
    /// </summary>
    [Fact]
    public void Change_map_finds_inpainted_removals_after_jpeg_75_with_mean_pixel_f1_over_0_75()
    {
        var f1 = new[] { MapF1("removal", 1), MapF1("removal", 2), MapF1("removal", 3) };
        output.WriteLine(string.Join(" ", f1.Select(f => f.ToString("0.000", System.Globalization.CultureInfo.InvariantCulture))));
        Assert.True(f1.Average() >= 0.75, $"mean pixel F1 {f1.Average():0.000}");
        Assert.True(f1.Min() >= 0.6, $"min pixel F1 {f1.Min():0.000}");
    }

    private double MapF1(string operation, int seed)
    {
        var pair = Make(operation, seed);
        var r = Comparer.Compare(pair.Suspect, pair.Original);
        Log(r);
        var map = r.Map!;
        Assert.Equal(pair.Suspect.Image.Width, map.Width);
        long tp = 0, fp = 0, fn = 0;
        for (var i = 0; i < map.Mask.Length; i++)
        {
            var truth = pair.Mask![i] != 0;
            var found = map.Mask[i] != 0;
            tp += truth && found ? 1 : 0;
            fp += !truth && found ? 1 : 0;
            fn += truth && !found ? 1 : 0;
        }

        var f1 = 2.0 * tp / ((2.0 * tp) + fp + fn);
        output.WriteLine($"F1 {f1:0.000}");
        Assert.NotEmpty(r.Regions);
        Assert.Contains("% of the picture", r.Regions[0].Sentence, StringComparison.Ordinal);
        Assert.Equal(f1, CompareBenchmark.F1(pair.Mask!, map, map.Width, map.Height), 6);
        return f1;
    }

    [Fact]
    public void Removed_object_is_called_removed_and_spliced_object_added_or_replaced()
    {
        var removal = Make("removal", 3);
        var rr = Comparer.Compare(removal.Suspect, removal.Original);
        Log(rr);
        Assert.Equal("removed", rr.Regions[0].Kind);
        var splice = Make("splice", 3);
        var rs = Comparer.Compare(splice.Suspect, splice.Original);
        Log(rs);
        Assert.NotEqual("removed", rs.Regions[0].Kind);
    }

    [Theory]
    [InlineData(5)]
    [InlineData(123)]
    public void Unrelated_pictures_are_refused(int seed)
    {
        var other = new CompareInput(Scenes.DeadLeaves(480, 360, seed), "other");
        var r = Comparer.Compare(other, new CompareInput(Original, "original"));
        output.WriteLine(r.Summary);
        Assert.False(r.Related);
        Assert.Empty(r.Operations);
        Assert.Null(r.Geometry);
    }

    [Fact]
    public void Natural_scene_unrelated_to_dead_leaves_is_refused()
    {
        var r = Comparer.Compare(new CompareInput(Scenes.Natural(480, 360, 3), "natural"), new CompareInput(Original, "original"));
        output.WriteLine(r.Summary);
        Assert.False(r.Related);
    }

    [Fact]
    public void Swapped_order_reverses_crop_scale_and_which_came_first()
    {
        var pair = Make("crop", 5);
        var forward = Comparer.Compare(pair.Suspect, pair.Original);
        var backward = Comparer.Compare(pair.Original, pair.Suspect);
        Log(forward);
        Log(backward);
        Assert.Equal("original", forward.Earlier!.Earlier);
        Assert.Equal("suspect", backward.Earlier!.Earlier);
        Assert.NotNull(Op(backward, "extension"));
        Assert.Null(Op(backward, "crop"));

        var scaled = Make("scale", 2);
        var back = Comparer.Compare(scaled.Original, scaled.Suspect);
        Log(back);
        Assert.InRange(back.Geometry!.Scale, (1 / scaled.Expected) * 0.98, (1 / scaled.Expected) * 1.02);
    }
}
