using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using FakeLens.Imaging.Decoding;
using OpenCvSharp;

namespace FakeLens.Imaging.CopyMove;

/// <summary>
/// The one seam between <see cref="RgbImage"/> and OpenCV for the copy-move and lighting detectors: luma as
/// an 8-bit or float <see cref="Mat"/>, shrunk by area averaging when the longer side exceeds a bound, so
/// the cost of the OpenCV steps stays bounded on 50 MP photos. Callers dispose the returned mats.
/// </summary>
internal static class CvImages
{
    /// <summary>8-bit luma, at most <paramref name="maxSide"/> px on the longer side; <paramref name="scale"/> = working / original.</summary>
    public static Mat Gray(RgbImage image, int maxSide, out double scale)
    {
        ArgumentNullException.ThrowIfNull(image);
        var luma = image.Luma();

        // Written straight into the mat (issue 19, ninth round: a managed copy first meant a second 16 MB of fresh pages and a copy).
        var full = new Mat(image.Height, image.Width, MatType.CV_8UC1);
        RoundToBytes(luma, Pixels<byte>(full, luma.Length));
        return Shrink(full, maxSide, out scale);
    }

    /// <summary>
    /// <c>(byte)Math.Clamp((int)(v + 0.5f), 0, 255)</c> of every value. Issue 19 (round 10): 16 at a time where AVX2 is
    /// present — the same float addition, truncation towards zero and clamp, so the same bytes (test).
    /// </summary>
    internal static void RoundToBytes(ReadOnlySpan<float> values, Span<byte> bytes)
    {
        var i = 0;
        if (Avx2.IsSupported)
        {
            var half = Vector256.Create(0.5f);
            var low = Vector256<int>.Zero;
            var high = Vector256.Create(255);
            ref var src = ref MemoryMarshal.GetReference(values);
            ref var dst = ref MemoryMarshal.GetReference(bytes);
            for (; i + 16 <= values.Length; i += 16)
            {
                // Truncation towards zero, saturating (NaN to 0) as the scalar cast does since .NET 9.
                var a = Vector256.ConvertToInt32(Vector256.LoadUnsafe(ref src, (nuint)i) + half);
                var b = Vector256.ConvertToInt32(Vector256.LoadUnsafe(ref src, (nuint)(i + 8)) + half);
                a = Vector256.Min(Vector256.Max(a, low), high);
                b = Vector256.Min(Vector256.Max(b, low), high);

                // packs within 128-bit lanes, then the lanes put back in order: a0..a7 b0..b7 as 16-bit, then as bytes.
                var words = Avx2.Permute4x64(Avx2.PackSignedSaturate(a, b).AsInt64(), 0b11_01_10_00).AsInt16();
                var packed = Avx2.PackUnsignedSaturate(words, words);
                Vector128.StoreUnsafe(Avx2.Permute4x64(packed.AsInt64(), 0b11_01_10_00).AsByte().GetLower(), ref dst, (nuint)i);
            }
        }

        for (; i < values.Length; i++)
        {
            bytes[i] = (byte)Math.Clamp((int)(values[i] + 0.5f), 0, 255);
        }
    }

    /// <summary>RGB channels as a 3-channel 8-bit BGR mat (OpenCV's order), shrunk like <see cref="Gray"/>.</summary>
    public static Mat Bgr(RgbImage image, int maxSide, out double scale)
    {
        ArgumentNullException.ThrowIfNull(image);
        var src = image.Pixels;
        var full = new Mat(image.Height, image.Width, MatType.CV_8UC3);
        var bgr = Pixels<byte>(full, src.Length);
        for (var i = 0; i < src.Length; i += 3)
        {
            bgr[i] = src[i + 2];
            bgr[i + 1] = src[i + 1];
            bgr[i + 2] = src[i];
        }

        return Shrink(full, maxSide, out scale);
    }

    /// <summary>The pixels of a single-channel mat of type <typeparamref name="T"/> (row-major copy).</summary>
    public static T[] ToArray<T>(Mat mat)
        where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(mat);
        if (mat.ElemSize1() != System.Runtime.CompilerServices.Unsafe.SizeOf<T>())
        {
            throw new ArgumentException($"A mat of {mat.ElemSize1()}-byte elements read as {typeof(T).Name}.", nameof(mat));
        }

        // One copy out of the mat (issue 19, ninth round: Mat.GetArray's array was copied once more into this one).
        var data = new T[mat.Rows * mat.Cols * mat.Channels()];
        if (data.Length > 0)
        {
            using var continuous = mat.IsContinuous() ? null : mat.Clone();
            Pixels<T>(continuous ?? mat, data.Length).CopyTo(data);
        }

        return data;
    }

    /// <summary>The first <paramref name="count"/> elements of a continuous mat's buffer, in place (valid while the mat lives).</summary>
    private static unsafe Span<T> Pixels<T>(Mat mat, int count)
        where T : unmanaged
    {
        if (!mat.IsContinuous() || (long)mat.Total() * mat.ElemSize() < (long)count * sizeof(T))
        {
            throw new InvalidOperationException("The mat is not continuous or smaller than the pixels it should hold.");
        }

        return new Span<T>((void*)mat.Data, count);
    }

    /// <summary>A single-channel mat holding <paramref name="values"/> (row-major, <paramref name="width"/> × <paramref name="height"/>).</summary>
    public static Mat FromArray<T>(T[] values, int width, int height, MatType type)
        where T : unmanaged
    {
        var mat = new Mat(height, width, type);
        mat.SetArray(values);
        return mat;
    }

    private static Mat Shrink(Mat full, int maxSide, out double scale)
    {
        var longer = Math.Max(full.Width, full.Height);
        if (longer <= maxSide)
        {
            scale = 1.0;
            return full;
        }

        scale = maxSide / (double)longer;
        var size = new Size(Math.Max(1, (int)Math.Round(full.Width * scale)), Math.Max(1, (int)Math.Round(full.Height * scale)));
        var small = new Mat();
        Cv2.Resize(full, small, size, 0, 0, InterpolationFlags.Area);
        scale = small.Width / (double)full.Width;
        full.Dispose();
        return small;
    }
}
