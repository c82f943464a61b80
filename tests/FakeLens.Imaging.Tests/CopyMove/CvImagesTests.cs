using FakeLens.Imaging.CopyMove;
using FakeLens.TestSupport;
using OpenCvSharp;

namespace FakeLens.Imaging.Tests.CopyMove;

/// <summary>The seam between RgbImage and OpenCV writes and reads mats in place (issue 19, ninth round): the same values as the copies it replaced.</summary>
public sealed class CvImagesTests
{
    [Theory]
    [InlineData(301, 203, 1000)] // whole size
    [InlineData(301, 203, 120)] // shrunk by area averaging
    public void Gray_and_Bgr_hold_the_rounded_luma_and_the_swapped_channels(int width, int height, int maxSide)
    {
        var image = Scenes.Natural(width, height, seed: 7);
        var luma = image.Luma();
        var expectedGray = luma.Select(l => (byte)Math.Clamp((int)(l + 0.5f), 0, 255)).ToArray();
        var expectedBgr = new byte[image.Pixels.Length];
        for (var i = 0; i < expectedBgr.Length; i += 3)
        {
            (expectedBgr[i], expectedBgr[i + 1], expectedBgr[i + 2]) = (image.Pixels[i + 2], image.Pixels[i + 1], image.Pixels[i]);
        }

        using var gray = CvImages.Gray(image, maxSide, out var grayScale);
        using var bgr = CvImages.Bgr(image, maxSide, out var bgrScale);
        using var fullGray = Mat.FromPixelData(height, width, MatType.CV_8UC1, expectedGray);
        using var fullBgr = Mat.FromPixelData(height, width, MatType.CV_8UC3, expectedBgr);
        using var refGray = Shrunk(fullGray, gray.Size());
        using var refBgr = Shrunk(fullBgr, bgr.Size());

        Assert.Equal(grayScale, bgrScale);
        Assert.Equal(maxSide >= width, grayScale == 1.0);
        Assert.Equal(Bytes(refGray), CvImages.ToArray<byte>(gray));
        Assert.Equal(Bytes(refBgr), CvImages.ToArray<byte>(bgr));
    }

    [Fact]
    public void RoundToBytes_gives_the_scalar_rounding_and_clamp_at_every_position_and_edge_value()
    {
        // Issue 19, round 10: 16 values at a time; edges of the rounding (x.5), of the range, and out-of-range values.
        var edges = new[] { 0f, 0.49999997f, 0.5f, 1.5f, 2.5f, 127.49999f, 127.5f, 254.5f, 254.99998f, 255f, 255.4f, 255.5f, 300f, -0.4f, -0.5f, -0.6f, -3f, 1e9f, -1e9f, float.NaN, float.PositiveInfinity, float.NegativeInfinity };
        var random = new Random(5);
        foreach (var length in new[] { 0, 1, 15, 16, 17, 33, 1000 })
        {
            var values = Enumerable.Range(0, length).Select(i => i % 3 == 0 ? edges[random.Next(edges.Length)] : (float)((random.NextDouble() * 270) - 7)).ToArray();
            var actual = new byte[length];
            CvImages.RoundToBytes(values, actual);
            var expected = values.Select(v => (byte)Math.Clamp((int)(v + 0.5f), 0, 255)).ToArray();
            Assert.Equal(expected, actual);
        }
    }

    [Fact]
    public void ToArray_copies_continuous_and_sub_mats_row_major_and_refuses_another_element_type()
    {
        var values = Enumerable.Range(0, 12 * 9).Select(i => (i * 0.37f) - 5f).ToArray();
        using var mat = CvImages.FromArray(values, 12, 9, MatType.CV_32FC1);
        Assert.Equal(values, CvImages.ToArray<float>(mat));

        // A region of interest is not continuous: its rows are read one after another.
        using var roi = new Mat(mat, new Rect(3, 2, 5, 4));
        Assert.False(roi.IsContinuous());
        var expected = new List<float>();
        for (var y = 2; y < 6; y++)
        {
            expected.AddRange(values.AsSpan((y * 12) + 3, 5).ToArray());
        }

        Assert.Equal(expected, CvImages.ToArray<float>(roi));
        Assert.Throws<ArgumentException>(() => CvImages.ToArray<byte>(mat));
        Assert.Throws<ArgumentException>(() => CvImages.ToArray<double>(mat));
    }

    private static Mat Shrunk(Mat full, Size size)
    {
        var small = new Mat();
        if (size == full.Size())
        {
            full.CopyTo(small);
        }
        else
        {
            Cv2.Resize(full, small, size, 0, 0, InterpolationFlags.Area);
        }

        return small;
    }

    private static byte[] Bytes(Mat mat)
    {
        Assert.True(mat.IsContinuous());
        var bytes = new byte[mat.Total() * mat.ElemSize()];
        System.Runtime.InteropServices.Marshal.Copy(mat.Data, bytes, 0, bytes.Length);
        return bytes;
    }
}
