using FakeLens.Imaging.Compare;
using FakeLens.Imaging.Decoding;
using FakeLens.TestSupport;
using OpenCvSharp;
using Xunit.Abstractions;

namespace FakeLens.Imaging.Tests.Compare;

public sealed class ContentComparisonTests(ITestOutputHelper output)
{
    private static readonly ImageComparer Comparer = new();

    private static RgbImage Portrait() => ImageDecoder.Decode(File.ReadAllBytes(TestData.Path("images", "real", "kodak24", "kodim04.png")), long.MaxValue).Image;

    private static CompareInput Jpeg(RgbImage image, string name, int quality = 75)
    {
        var bytes = ImageEncoder.Jpeg(image, quality);
        return CompareInput.FromBytes(bytes, name);
    }

    private static RgbImage Edit(RgbImage image, Action<Mat> edit)
    {
        using var m = CompareMats.Bgr(image, int.MaxValue, out _);
        edit(m);
        return CompareMats.ToRgb(m);
    }

    private ComparisonResult Log(ComparisonResult r)
    {
        output.WriteLine(r.Summary);
        output.WriteLine($"faces {r.FacesFound}, text lines {r.TextLinesFound}");
        foreach (var c in r.Content)
        {
            output.WriteLine($"  {c.Subject} {c.Change} {c.ChangedFraction:0.00} {c.LandmarkShift}: {c.Sentence}");
        }

        return r;
    }

    [Fact]
    public void Face_finder_locates_the_face_and_its_eyes_in_a_portrait()
    {
        using var finder = new FaceFinder();
        using var m = CompareMats.Bgr(Portrait(), int.MaxValue, out _);
        var faces = finder.Find(m);
        Assert.NotEmpty(faces);
        var f = faces[0];
        output.WriteLine($"{f.Box} {f.Score} eyes {f.Landmarks[0]} {f.Landmarks[1]}");
        // kodim04: the face spans roughly x 110–400, y 100–430; the eyes sit near (225, 200) and (345, 222).
        Assert.InRange(f.Box.X + (f.Box.Width / 2), 200, 320);
        Assert.InRange(f.Box.Y + (f.Box.Height / 2), 200, 340);
        Assert.InRange(f.EyeDistance, 80, 160);
        Assert.True(f.Landmarks[0].X < f.Landmarks[1].X, "right eye of the subject is on the picture's left");
    }

    [Fact]
    public void Recompressed_portrait_reports_the_face_but_no_face_change()
    {
        var r = Log(Comparer.Compare(Jpeg(Portrait(), "suspect.jpg"), new CompareInput(Portrait(), "original.png")));
        Assert.True(r.Related);
        Assert.True(r.FacesFound >= 1);
        Assert.DoesNotContain(r.Content, c => c.Subject == "face");
    }

    [Fact]
    public void Blurred_face_is_reported_as_a_changed_or_removed_face()
    {
        var edited = Edit(Portrait(), m =>
        {
            using var roi = new Mat(m, new Rect(150, 140, 230, 250));
            Cv2.GaussianBlur(roi, roi, new Size(0, 0), 9);
        });
        var r = Log(Comparer.Compare(Jpeg(edited, "suspect.jpg"), new CompareInput(Portrait(), "original.png")));
        Assert.True(r.Related);
        Assert.Contains(r.Content, c => c.Subject == "face" && c.Change is "changed" or "removed");
        Assert.Contains("face", r.Summary, StringComparison.Ordinal);
    }

    private static RgbImage Caption(string text)
    {
        var scene = Scenes.Natural(480, 360, seed: 3);
        return Edit(scene, m =>
        {
            Cv2.Rectangle(m, new Rect(20, 270, 440, 60), Scalar.All(235), -1);
            Cv2.PutText(m, text, new Point(30, 312), HersheyFonts.HersheySimplex, 1.1, Scalar.All(20), 3, LineTypes.AntiAlias);
        });
    }

    [Fact]
    public void Rewritten_caption_is_reported_as_changed_text_and_an_untouched_one_is_not()
    {
        var original = new CompareInput(Caption("MAYOR OPENS BRIDGE"), "original.png");
        var same = Log(Comparer.Compare(Jpeg(Caption("MAYOR OPENS BRIDGE"), "same.jpg"), original));
        Assert.True(same.TextLinesFound >= 1);
        Assert.DoesNotContain(same.Content, c => c.Subject == "text");

        var changed = Log(Comparer.Compare(Jpeg(Caption("MAYOR CLOSES CITY"), "changed.jpg"), original));
        var lines = changed.Content.Where(c => c.Subject == "text").ToList();
        Assert.Contains(lines, c => c.Change == "changed");
        Assert.All(lines, c => Assert.Equal("at the bottom", c.Position));
        Assert.Contains("Text at the bottom was changed", changed.Summary, StringComparison.Ordinal);
    }
}
