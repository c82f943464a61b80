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
    public void Comparer_without_a_face_locator_says_faces_were_not_checked()
    {
        // The face tests with BlazeFace are in tests/FakeLens.Faces.Tests/Compare (Imaging cannot reference Faces).
        var r = Log(Comparer.Compare(Jpeg(Portrait(), "suspect.jpg"), new CompareInput(Portrait(), "original.png")));
        Assert.True(r.Related);
        Assert.False(r.FacesChecked);
        Assert.Equal(0, r.FacesFound);
        Assert.Equal("no face detector was given to the comparison", r.FacesNotCheckedReason);
        Assert.Contains("Faces were not checked: no face detector was given to the comparison.", r.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void Comparer_with_content_checks_off_reports_why_faces_were_not_checked_without_a_summary_sentence()
    {
        var r = new ImageComparer(new CompareOptions { CheckContent = false }).Compare(Jpeg(Portrait(), "suspect.jpg"), new CompareInput(Portrait(), "original.png"));
        Assert.False(r.FacesChecked);
        Assert.Contains("turned off", r.FacesNotCheckedReason, StringComparison.Ordinal);
        Assert.DoesNotContain("Faces were not checked", r.Summary, StringComparison.Ordinal);
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
