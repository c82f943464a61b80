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

    /// <summary>
    /// The image's own pixels seen as an 8-bit, 3-channel RGB mat, without a copy: the array stays pinned until the
    /// returned view is disposed, and the mat must only be read. Issue 19 (round 12): <see cref="Rgb"/>'s 48 MB copy of a
    /// 16 MP picture was ~10 % of faces.found.
    /// </summary>
    public static PinnedRgb View(RgbImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        return new PinnedRgb(image);
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

/// <summary>A read-only <see cref="Mat"/> over an <see cref="RgbImage"/>'s pinned pixel array (see <see cref="CvFrames.View"/>).</summary>
internal sealed class PinnedRgb : IDisposable
{
    private System.Runtime.InteropServices.GCHandle _handle;

    public PinnedRgb(RgbImage image)
    {
        if ((long)image.Width * image.Height * 3 != image.Pixels.Length)
        {
            throw new ArgumentException("The image's pixel array does not hold width × height RGB pixels.", nameof(image));
        }

        _handle = System.Runtime.InteropServices.GCHandle.Alloc(image.Pixels, System.Runtime.InteropServices.GCHandleType.Pinned);
        Mat = Mat.FromPixelData(image.Height, image.Width, MatType.CV_8UC3, _handle.AddrOfPinnedObject());
    }

    public Mat Mat { get; }

    public void Dispose()
    {
        Mat.Dispose();
        if (_handle.IsAllocated)
        {
            _handle.Free();
        }
    }
}
