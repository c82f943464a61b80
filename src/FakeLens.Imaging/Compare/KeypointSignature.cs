using System.Numerics;
using System.Runtime.InteropServices;
using FakeLens.Imaging.CopyMove;
using FakeLens.Imaging.Decoding;
using OpenCvSharp;

namespace FakeLens.Imaging.Compare;

/// <summary>
/// A compact set of local descriptors of one picture for crop-robust search: ORB (Rublee et al. 2011: FAST
/// corners, oriented BRIEF, 256 bits) on luma shrunk to <see cref="Side"/> px, the <see cref="Count"/>
/// strongest of a 4 × 4 grid's cells (so one busy corner does not take every keypoint). Whole-image hashes
/// change completely when half of the picture is cropped away; local descriptors of the part that remains
/// do not. Two signatures are scored by <see cref="Votes"/>: the suspect's descriptors whose nearest
/// neighbour in the candidate is close (≤ 64 bits) and clearly nearer than the second (Lowe's ratio 0.8).
/// Brute-force popcount matching of 200 × 200 descriptors costs well under a millisecond, so thousands of
/// candidates are scored per second without a vocabulary.
/// </summary>
public sealed class KeypointSignature
{
    public const int Side = 512;
    public const int Count = 200;
    private const int Words = 4;
    private const int MaxDistance = 64;
    private const double Ratio = 0.8;

    private readonly ulong[] _bits;

    private KeypointSignature(ulong[] bits) => _bits = bits;

    /// <summary>Number of descriptors.</summary>
    public int Length => _bits.Length / Words;

    public static KeypointSignature Of(RgbImage image, bool mirrored = false)
    {
        ArgumentNullException.ThrowIfNull(image);
        using var gray = CvImages.Gray(image, Side, out _);
        if (mirrored)
        {
            Cv2.Flip(gray, gray, FlipMode.Y);
        }

        using var orb = ORB.Create(Count * 4, 1.2f, 8, 15, 0, 2, ORBScoreType.Harris, 31, 10);
        var points = orb.Detect(gray);
        // Keep the strongest per cell of a 4 × 4 grid, then fill up with the strongest left.
        var cells = new List<KeyPoint>[16];
        for (var c = 0; c < cells.Length; c++)
        {
            cells[c] = [];
        }

        foreach (var p in points)
        {
            var cx = Math.Clamp((int)(p.Pt.X * 4 / gray.Cols), 0, 3);
            var cy = Math.Clamp((int)(p.Pt.Y * 4 / gray.Rows), 0, 3);
            cells[(cy * 4) + cx].Add(p);
        }

        var chosen = new List<KeyPoint>();
        var rest = new List<KeyPoint>();
        foreach (var cell in cells)
        {
            cell.Sort((a, b) => b.Response.CompareTo(a.Response));
            chosen.AddRange(cell.Take(Count / 16));
            rest.AddRange(cell.Skip(Count / 16));
        }

        rest.Sort((a, b) => b.Response.CompareTo(a.Response));
        chosen.AddRange(rest.Take(Math.Max(0, Count - chosen.Count)));
        using var descriptors = new Mat();
        var kept = chosen.ToArray();
        orb.Compute(gray, ref kept, descriptors);
        if (descriptors.Empty() || descriptors.Cols != 32)
        {
            return new KeypointSignature([]);
        }

        var bytes = new byte[descriptors.Rows * 32];
        Marshal.Copy(descriptors.Data, bytes, 0, bytes.Length);
        return FromBytes(bytes);
    }

    public static KeypointSignature FromBytes(byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        var bits = new ulong[bytes.Length / 32 * Words];
        Buffer.BlockCopy(bytes, 0, bits, 0, bits.Length * 8);
        return new KeypointSignature(bits);
    }

    public byte[] ToBytes()
    {
        var bytes = new byte[_bits.Length * 8];
        Buffer.BlockCopy(_bits, 0, bytes, 0, bytes.Length);
        return bytes;
    }

    /// <summary>How many of this signature's descriptors find a distinctive close match in <paramref name="candidate"/>.</summary>
    public int Votes(KeypointSignature candidate) => Votes(candidate, 1);

    /// <summary>
    /// <see cref="Votes(KeypointSignature)"/> over every <paramref name="stride"/>-th of this signature's descriptors only:
    /// a first pass at 1/stride of the cost. Never more than the full count (a subset of the same votes).
    /// </summary>
    public int Votes(KeypointSignature candidate, int stride)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        var a = _bits;
        var b = candidate._bits;
        if (b.Length < 2 * Words)
        {
            return 0;
        }

        var votes = 0;
        var step = Words * Math.Max(1, stride);
        for (var i = 0; i < a.Length; i += step)
        {
            ulong a0 = a[i], a1 = a[i + 1], a2 = a[i + 2], a3 = a[i + 3];
            int best = 257, second = 257;
            for (var j = 0; j < b.Length; j += Words)
            {
                var d = BitOperations.PopCount(a0 ^ b[j]) + BitOperations.PopCount(a1 ^ b[j + 1])
                    + BitOperations.PopCount(a2 ^ b[j + 2]) + BitOperations.PopCount(a3 ^ b[j + 3]);
                if (d < best)
                {
                    second = best;
                    best = d;
                }
                else if (d < second)
                {
                    second = d;
                }
            }

            votes += best <= MaxDistance && best < Ratio * second ? 1 : 0;
        }

        return votes;
    }
}
