using System.Runtime.InteropServices;
using FakeLens.Imaging.Decoding;
using OpenCvSharp;

namespace FakeLens.Imaging.Compare;

/// <summary>Byte copies between <see cref="RgbImage"/> and 3-channel BGR mats (OpenCV's order), by block copy.</summary>
internal static class CompareMats
{
    /// <summary>BGR mat of the image, shrunk by area averaging to at most <paramref name="maxSide"/>; <paramref name="scale"/> = mat / image.</summary>
    public static Mat Bgr(RgbImage image, int maxSide, out double scale)
    {
        var src = image.Pixels;
        var bgr = new byte[src.Length];
        for (var i = 0; i < src.Length; i += 3)
        {
            bgr[i] = src[i + 2];
            bgr[i + 1] = src[i + 1];
            bgr[i + 2] = src[i];
        }

        var full = new Mat(image.Height, image.Width, MatType.CV_8UC3);
        Marshal.Copy(bgr, 0, full.Data, bgr.Length);
        var longer = Math.Max(image.Width, image.Height);
        if (longer <= maxSide)
        {
            scale = 1;
            return full;
        }

        var s = maxSide / (double)longer;
        var small = new Mat();
        Cv2.Resize(full, small, new Size(Math.Max(1, (int)Math.Round(image.Width * s)), Math.Max(1, (int)Math.Round(image.Height * s))), 0, 0, InterpolationFlags.Area);
        full.Dispose();
        scale = small.Width / (double)image.Width;
        return small;
    }

    /// <summary>All bytes of an 8-bit mat, row-major, channels interleaved.</summary>
    public static byte[] Bytes(Mat mat)
    {
        using var c = mat.IsContinuous() ? null : mat.Clone();
        var m = c ?? mat;
        var data = new byte[m.Rows * m.Cols * m.Channels()];
        Marshal.Copy(m.Data, data, 0, data.Length);
        return data;
    }

    public static RgbImage ToRgb(Mat bgr)
    {
        var data = Bytes(bgr);
        var rgb = new byte[data.Length];
        for (var i = 0; i < rgb.Length; i += 3)
        {
            rgb[i] = data[i + 2];
            rgb[i + 1] = data[i + 1];
            rgb[i + 2] = data[i];
        }

        return new RgbImage(bgr.Cols, bgr.Rows, rgb);
    }
}
