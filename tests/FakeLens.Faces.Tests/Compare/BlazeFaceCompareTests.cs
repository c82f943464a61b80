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

    /// <summary>
    /// Moves the pixels around each point by its (Dx, Dy) with a Gaussian fall-off (σ <paramref name="sigma"/> px): a
    /// smooth local warp as a face-editing tool makes it.
    /// </summary>
    private static RgbImage Warp(RgbImage image, IReadOnlyList<(float X, float Y, float Dx, float Dy)> points, double sigma)
    {
        var mapX = new float[image.Width * image.Height];
        var mapY = new float[mapX.Length];
        for (var y = 0; y < image.Height; y++)
        {
            for (var x = 0; x < image.Width; x++)
            {
                double dx = 0, dy = 0, weight = 0;
                foreach (var p in points)
                {
                    var g = Math.Exp(-(((x - p.X) * (x - p.X)) + ((y - p.Y) * (y - p.Y))) / (2 * sigma * sigma));
                    dx += p.Dx * g;
                    dy += p.Dy * g;
                    weight += g;
                }

                // Neighbouring points share their pull (no build-up where they crowd), and it fades with distance.
                dx /= Math.Max(1, weight);
                dy /= Math.Max(1, weight);

                mapX[(y * image.Width) + x] = (float)(x - dx);
                mapY[(y * image.Width) + x] = (float)(y - dy);
            }
        }

        using var m = CvFrames.Rgb(image);
        using var mx = new Mat(image.Height, image.Width, MatType.CV_32FC1);
        using var my = new Mat(image.Height, image.Width, MatType.CV_32FC1);
        mx.SetArray(mapX);
        my.SetArray(mapY);
        using var warped = new Mat();
        Cv2.Remap(m, warped, mx, my, InterpolationFlags.Cubic, BorderTypes.Reflect101);
        var pixels = new byte[image.Pixels.Length];
        System.Runtime.InteropServices.Marshal.Copy(warped.Data, pixels, 0, pixels.Length);
        return new RgbImage(image.Width, image.Height, pixels);
    }

    private static (LocatedFace Face, IReadOnlyList<(float X, float Y)> Points) Feature(RgbImage image, string name)
    {
        var face = Locator.Value.Locate(image)[0];
        Assert.NotNull(face.Features);
        return (face, face.Features!.Single(f => f.Name == name).Points);
    }

    private ComparisonResult Log(ComparisonResult r)
    {
        output.WriteLine(r.Summary);
        output.WriteLine($"faces checked {r.FacesChecked}, found {r.FacesFound}, text lines {r.TextLinesFound}");
        foreach (var c in r.Content)
        {
            output.WriteLine($"  {c.Subject} {c.Change} {c.ChangedFraction:0.00} {c.LandmarkShift}: {c.Sentence}");
            if (c.Geometry is { } g)
            {
                output.WriteLine("    " + string.Join(", ", g.FeatureShifts.Select(kv => $"{kv.Key} {kv.Value:0.000}")));
            }
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
    public void Face_mesh_geometry_of_an_unchanged_face_agrees_within_the_threshold()
    {
        // Recompression, downscaling and a brightness change leave the face as it was: no face may be reported, and
        // at the same size its mesh geometry must agree (the comparer lays the original onto the suspect's frame).
        var original = Portrait();
        var originalFace = Locator.Value.Locate(original)[0];
        var variants = new (string Name, RgbImage Image, int Quality)[]
        {
            ("jpeg75", original, 75),
            ("jpeg50", original, 50),
            ("brighter", new RgbImage(original.Width, original.Height, [.. original.Pixels.Select(v => (byte)Math.Min(255, v + 20))]), 80),
            ("scaled0.7", ImageResizer.Resize(original, 358, 538), 75),
            ("scaled0.5", ImageResizer.Resize(original, 256, 384), 85),
        };
        foreach (var (name, image, quality) in variants)
        {
            var r = Log(Comparer.Compare(Jpeg(image, name + ".jpg", quality), new CompareInput(original, "original.png")));
            Assert.True(r.Related);
            Assert.True(r.FacesFound >= 1);
            Assert.DoesNotContain(r.Content, c => c.Subject == "face");
            if (image.Width == original.Width)
            {
                var suspectFace = Locator.Value.Locate(ImageDecoder.Decode(ImageEncoder.Jpeg(image, quality), long.MaxValue).Image)[0];
                var g = FaceGeometry.Compare(suspectFace, originalFace);
                Assert.NotNull(g);
                output.WriteLine($"{name}: " + string.Join(", ", g!.FeatureShifts.Select(kv => $"{kv.Key} {kv.Value:0.000}")));
                Assert.Null(g.Change);
                Assert.True(g.FeatureShifts.Values.Max() < FaceGeometry.Threshold / 3, "unchanged faces stay well below the threshold");
            }
        }
    }

    [Fact]
    public void Raised_mouth_corners_are_reported_as_another_expression()
    {
        var original = Portrait();
        var (face, mouth) = Feature(original, "mouth");
        var lift = (float)(0.12 * face.EyeDistance);
        // Lips outer contour: point 0 is the subject's right mouth corner (landmark 61), point 10 the left (291).
        var edited = Warp(original, [(mouth[0].X, mouth[0].Y, 0, -lift), (mouth[10].X, mouth[10].Y, 0, -lift)], 0.2 * face.EyeDistance);
        var r = Log(Comparer.Compare(Jpeg(edited, "smile.jpg"), new CompareInput(original, "original.png")));
        Assert.True(r.Related);
        var c = Assert.Single(r.Content, c => c.Subject == "face");
        Assert.Equal("expression", c.Change);
        Assert.Equal("mouth", c.Geometry!.Feature);
        Assert.Contains("another expression", c.Sentence, StringComparison.Ordinal);
        Assert.Contains("mouth", c.Sentence, StringComparison.Ordinal);
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
