using FakeLens.Faces.Detection;
using FakeLens.Imaging.Decoding;
using OpenCvSharp;

namespace FakeLens.Faces.Tests.Detection;

/// <summary>
/// Issue 19, round 12: the detector's 128 px input is shrunk straight from a view of the image (square areas) or from an
/// uninitialised square with only its black bands cleared, and the image is seen in place instead of copied. Each must
/// give the bytes of the path it replaces.
/// </summary>
public sealed class BlazeFaceInputTests
{
    /// <summary>
    /// people_4 (4024 × 4024): the whole square picture, the tiles the detector scans (half the shorter side, 50 %
    /// overlap) and letterboxed areas both ways, with even and odd band widths.
    /// </summary>
    [Fact]
    public void The_network_input_equals_the_zeroed_square_copy_bit_for_bit()
    {
        var image = FaceFixtures.Decode(FaceFixtures.PortraitPath);
        using var rgb = CvFrames.Rgb(image);
        var side = Math.Min(image.Width, image.Height) / 2;
        var areas = new List<Rect>
        {
            new(0, 0, image.Width, image.Height),
            new(0, 0, image.Width, image.Height - 1000),
            new(0, 301, image.Width, image.Height - 1000),
            new(517, 0, image.Width - 1517, image.Height),
            new(20, 40, 1001, 1500),
            new(7, 9, 129, 128),
        };
        for (var y = 0; y + side <= image.Height; y += side / 2)
        {
            for (var x = 0; x + side <= image.Width; x += side / 2)
            {
                areas.Add(new Rect(x, y, side, side));
            }
        }

        foreach (var area in areas)
        {
            using var expected = ReferenceInput(rgb, area);
            using var actual = BlazeFaceDetector.Input(rgb, area);
            Assert.Equal((128, 128, MatType.CV_8UC3), (actual.Width, actual.Height, actual.Type()));
            Assert.True(Bytes(expected).AsSpan().SequenceEqual(Bytes(actual)), $"input of {area} differs");
        }
    }

    /// <summary>The in-place view holds the copy's bytes, and running the face engine through it leaves the picture as it was.</summary>
    [Fact]
    public void The_pinned_view_holds_the_copy_s_pixels_and_the_engine_leaves_them_unchanged()
    {
        var image = FaceFixtures.Decode(FaceFixtures.PortraitPath);
        var before = (byte[])image.Pixels.Clone();
        using (var copy = CvFrames.Rgb(image))
        using (var view = CvFrames.View(image))
        {
            Assert.Equal((copy.Width, copy.Height, copy.Type()), (view.Mat.Width, view.Mat.Height, view.Mat.Type()));
            Assert.True(Bytes(copy).AsSpan().SequenceEqual(Bytes(view.Mat)));
        }

        var faces = FaceFixtures.Engine.Find(image, tiles: true);
        Assert.NotEmpty(faces);
        Assert.True(before.AsSpan().SequenceEqual(image.Pixels));
    }

    /// <summary>The input as built before the twelfth round: a zero-filled square, the area copied into its middle, shrunk by area averaging.</summary>
    private static Mat ReferenceInput(Mat rgb, Rect area)
    {
        var side = Math.Max(area.Width, area.Height);
        using var square = new Mat(side, side, MatType.CV_8UC3, Scalar.All(0));
        using (var roi = new Mat(rgb, area))
        using (var dst = new Mat(square, new Rect((side - area.Width) / 2, (side - area.Height) / 2, area.Width, area.Height)))
        {
            roi.CopyTo(dst);
        }

        var small = new Mat();
        Cv2.Resize(square, small, new Size(128, 128), 0, 0, InterpolationFlags.Area);
        return small;
    }

    private static byte[] Bytes(Mat mat)
    {
        using var continuous = mat.IsContinuous() ? null : mat.Clone();
        var m = continuous ?? mat;
        var bytes = new byte[m.Rows * m.Cols * m.Channels()];
        System.Runtime.InteropServices.Marshal.Copy(m.Data, bytes, 0, bytes.Length);
        return bytes;
    }
}
