using FakeLens.Faces.Compare;
using FakeLens.Faces.Detection;
using FakeLens.Faces.Models;
using FakeLens.Faces.Still;
using FakeLens.Imaging.Compare;
using FakeLens.Imaging.Decoding;
using FakeLens.TestSupport;
using OpenCvSharp;
using Xunit.Abstractions;

namespace FakeLens.Faces.Tests.Compare;

/// <summary>"A face was changed" in <c>fakelens compare</c>, with BlazeFace as the comparer's face locator.</summary>
public sealed class BlazeFaceCompareTests(ITestOutputHelper output)
{
    private static readonly Lazy<BlazeFaceLocator> Locator = new(() =>
    {
        var locator = new BlazeFaceLocator();
        return locator.WhyNot is null ? locator : throw new InvalidOperationException($"Face compare tests need the face models: {locator.WhyNot}");
    });

    private static ImageComparer Comparer => new(faces: Locator.Value);

    private static RgbImage Portrait() => ImageDecoder.Decode(File.ReadAllBytes(TestData.Path("images", "real", "kodak24", "kodim04.png")), long.MaxValue).Image;

    private static CompareInput Jpeg(RgbImage image, string name, int quality = 75) => CompareInput.FromBytes(ImageEncoder.Jpeg(image, quality), name);

    private static RgbImage Blur(RgbImage image, Rect area, double sigma)
    {
        using var m = CvFrames.Rgb(image);
        using (var roi = new Mat(m, area))
        {
            Cv2.GaussianBlur(roi, roi, new Size(0, 0), sigma);
        }

        var pixels = new byte[image.Pixels.Length];
        System.Runtime.InteropServices.Marshal.Copy(m.Data, pixels, 0, pixels.Length);
        return new RgbImage(image.Width, image.Height, pixels);
    }

    private ComparisonResult Log(ComparisonResult r)
    {
        output.WriteLine(r.Summary);
        output.WriteLine($"faces checked {r.FacesChecked}, found {r.FacesFound}, text lines {r.TextLinesFound}");
        foreach (var c in r.Content)
        {
            output.WriteLine($"  {c.Subject} {c.Change} {c.ChangedFraction:0.00} {c.LandmarkShift}: {c.Sentence}");
        }

        return r;
    }

    [Fact]
    public void Locator_finds_the_face_and_its_eyes_in_a_portrait()
    {
        var faces = Locator.Value.Locate(Portrait());
        Assert.NotEmpty(faces);
        var f = faces[0];
        output.WriteLine($"{f.X} {f.Y} {f.Width} {f.Height} {f.Score} eyes {f.Landmarks[0]} {f.Landmarks[1]}");
        // kodim04 (512 × 768): the face spans roughly x 110–400, y 100–430; the eyes sit near (225, 200) and (345, 222).
        Assert.InRange(f.X + (f.Width / 2), 200, 320);
        Assert.InRange(f.Y + (f.Height / 2), 180, 340);
        Assert.InRange(f.EyeDistance, 80, 160);
        Assert.Equal(4, f.Landmarks.Count);
        Assert.True(f.Landmarks[0].X < f.Landmarks[1].X, "right eye of the subject is on the picture's left");
    }

    [Fact]
    public void Recompressed_portrait_reports_the_face_but_no_face_change()
    {
        var r = Log(Comparer.Compare(Jpeg(Portrait(), "suspect.jpg"), new CompareInput(Portrait(), "original.png")));
        Assert.True(r.Related);
        Assert.True(r.FacesChecked);
        Assert.Null(r.FacesNotCheckedReason);
        Assert.True(r.FacesFound >= 1);
        Assert.DoesNotContain(r.Content, c => c.Subject == "face");
        Assert.DoesNotContain("not checked", r.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void Blurred_face_is_reported_as_a_changed_or_removed_face()
    {
        var edited = Blur(Portrait(), new Rect(150, 140, 230, 250), 9);
        var r = Log(Comparer.Compare(Jpeg(edited, "suspect.jpg"), new CompareInput(Portrait(), "original.png")));
        Assert.True(r.Related);
        Assert.Contains(r.Content, c => c.Subject == "face" && c.Change is "changed" or "removed");
        Assert.Contains("face", r.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void Locator_without_models_says_why_and_the_comparison_says_faces_were_not_checked()
    {
        var empty = Directory.CreateTempSubdirectory("fakelens-no-face-models-");
        try
        {
            var provider = new FaceEngineProvider(() =>
            {
                var files = FaceModelFiles.Locate(empty.FullName, [], out var why);
                Assert.Null(files);
                return ((FaceEngine?)null, why);
            });
            var locator = new BlazeFaceLocator(provider);
            Assert.NotNull(locator.WhyNot);
            Assert.Empty(locator.Locate(Portrait()));
            var r = Log(new ImageComparer(faces: locator).Compare(Jpeg(Portrait(), "suspect.jpg"), new CompareInput(Portrait(), "original.png")));
            Assert.False(r.FacesChecked);
            Assert.Contains("face models not installed", r.FacesNotCheckedReason, StringComparison.Ordinal);
            Assert.Contains("Faces were not checked", r.Summary, StringComparison.Ordinal);
        }
        finally
        {
            empty.Delete(true);
        }
    }
}
