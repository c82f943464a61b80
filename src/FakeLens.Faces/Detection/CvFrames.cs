using FakeLens.Imaging.Decoding;
using OpenCvSharp;

namespace FakeLens.Faces.Detection;

/// <summary>The one seam between <see cref="RgbImage"/> and OpenCV in this library. Callers dispose the mats.</summary>
internal static class CvFrames
{
    /// <summary>The image as an 8-bit, 3-channel mat in RGB order (the order the MediaPipe networks expect).</summary>
    public static Mat Rgb(RgbImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        var mat = new Mat(image.Height, image.Width, MatType.CV_8UC3);
        System.Runtime.InteropServices.Marshal.Copy(image.Pixels, 0, mat.Data, image.Pixels.Length);
        return mat;
    }

    /// <summary>All values of a continuous float mat of any number of dimensions (network outputs).</summary>
    public static float[] Floats(Mat mat)
    {
        ArgumentNullException.ThrowIfNull(mat);
        var total = checked((int)mat.Total() * mat.Channels());
        var values = new float[total];
        if (total > 0)
        {
            if (!mat.IsContinuous())
            {
                throw new InvalidOperationException("network output is not continuous");
            }

            System.Runtime.InteropServices.Marshal.Copy(mat.Data, values, 0, total);
        }

        return values;
    }
}
