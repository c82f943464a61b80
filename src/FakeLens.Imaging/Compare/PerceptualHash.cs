using System.Numerics;
using FakeLens.Imaging.Decoding;
using OpenCvSharp;

namespace FakeLens.Imaging.Compare;

/// <summary>
/// Two 64-bit perceptual hashes of an image's luma, robust to resizing and recompression:
/// pHash (Zauner 2010: 32 × 32 area-shrunk luma, DCT, the 8 × 8 lowest frequencies without DC, each bit
/// above or below their median) and dHash (Krawetz 2013: 9 × 8 shrink, each bit whether a pixel is brighter
/// than its right neighbour). Neither survives heavy crops or rotations; the search therefore verifies the
/// best-ranked candidates with keypoints (<see cref="SourceSearch"/>).
/// </summary>
public readonly record struct PerceptualHash(ulong PHash, ulong DHash)
{
    public static PerceptualHash Of(RgbImage image, bool mirrored = false)
    {
        ArgumentNullException.ThrowIfNull(image);
        var luma = image.Luma();
        using var full = new Mat(image.Height, image.Width, MatType.CV_32FC1);
        full.SetArray(luma);
        if (mirrored)
        {
            Cv2.Flip(full, full, FlipMode.Y);
        }

        using var p = new Mat();
        Cv2.Resize(full, p, new Size(32, 32), 0, 0, InterpolationFlags.Area);
        using var dct = new Mat();
        Cv2.Dct(p, dct);
        var low = new float[64];
        for (var y = 0; y < 8; y++)
        {
            for (var x = 0; x < 8; x++)
            {
                low[(y * 8) + x] = dct.At<float>(y, x);
            }
        }

        var sorted = low[1..].ToArray();
        Array.Sort(sorted);
        var median = sorted[sorted.Length / 2];
        ulong ph = 0;
        for (var i = 1; i < 64; i++)
        {
            ph |= low[i] > median ? 1UL << i : 0;
        }

        using var d = new Mat();
        Cv2.Resize(full, d, new Size(9, 8), 0, 0, InterpolationFlags.Area);
        ulong dh = 0;
        for (var y = 0; y < 8; y++)
        {
            for (var x = 0; x < 8; x++)
            {
                dh |= d.At<float>(y, x) > d.At<float>(y, x + 1) ? 1UL << ((y * 8) + x) : 0;
            }
        }

        return new PerceptualHash(ph, dh);
    }

    /// <summary>Bits that differ in both hashes together (0 = same, 128 = opposite).</summary>
    public int Distance(PerceptualHash other) => BitOperations.PopCount(PHash ^ other.PHash) + BitOperations.PopCount(DHash ^ other.DHash);
}
