using System.Globalization;
using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using FakeLens.Core.Detection;
using FakeLens.Core.Evidence;
using FakeLens.Core.Media;
using FakeLens.Imaging.Decoding;
using FakeLens.Imaging.Jpeg;

namespace FakeLens.Imaging.Noise;

// Local noise-level inconsistency from a median-filter residual, in the spirit of Mahdian & Saic (2009,
// "Using noise inconsistencies for blind image forensics", who use the wavelet HH band) and Forensically's
// noise analysis (Wagner 2015). Residual = luma − 3×3 median (edges and smooth shading mostly cancel, sensor
// noise stays); per block the noise σ is the robust MAD × 1.4826 of the residual. Blocks are 16 px (32 px for
// images of 1000 px and more on the short side) — enough samples (256) for a σ within about ±10 %, small
// enough to localise a 100 px splice. The map of log σ is compared with its image-wide median in units of
// its robust spread (MAD, floored at 0.15 ≈ ±15 % so that a perfectly uniform synthetic image is not
// over-sensitive); blocks more than 3 spreads away after a 3 × 3 block smoothing form regions. Blocks that are
// mostly clipped (black or white) are skipped: no noise can be measured there.
public sealed class NoiseResidualDetector : PixelDetector
{
    private static readonly NoiseMethod Method = new("noise.residual", "noise", "as the difference from a 3 × 3 median filter", SmoothRadius: 1, EmitLevel: true);

    public override string Id => "noise.residual";

    public override string Description => "Local noise level (median-filter residual) compared across the image; flags regions whose noise differs.";

    public override EvidenceCategory Category => EvidenceCategory.Noise;

    protected override IReadOnlyList<Evidence> Analyze(AnalysisContext context, DecodedImage decoded, int? jpegQuality, CancellationToken cancellationToken)
    {
        var analysis = Analyze(decoded.Image, cancellationToken);
        return NoiseMapReport.Report(analysis, decoded, jpegQuality, Method);
    }

    /// <summary>Measures the block noise map of <paramref name="image"/>; exposed to tests and benchmarks.</summary>
    internal static NoiseLevelMap Analyze(RgbImage image, CancellationToken cancellationToken)
    {
        var w = image.Width;
        var h = image.Height;
        var block = NoiseLevelMap.BlockFor(w, h);
        var bw = w / block;
        var bh = h / block;
        if (w < 3 || h < 3 || bw < 1 || bh < 1)
        {
            return NoiseLevelMap.Empty(w, h, block);
        }

        var luma = image.Luma();
        var residual = MedianResidual(luma, w, h, cancellationToken);
        var sigma = new float[bw * bh];
        var usable = new bool[bw * bh];
        var scratch = new float[block * block];
        var low = Vector256.Create(3f);
        var high = Vector256.Create(252f);
        for (var by = 0; by < bh; by++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            for (var bx = 0; bx < bw; bx++)
            {
                // The block without the image's one-pixel border (whose residual is not defined), row by row; issue 19:
                // bounds once per block instead of tests per pixel, eight pixels at a time (same values, same order).
                int n = 0, clipped = 0;
                int xFrom = Math.Max(1, bx * block), xTo = Math.Min(w - 1, (bx + 1) * block);
                for (int y = Math.Max(1, by * block), yTo = Math.Min(h - 1, (by + 1) * block); y < yTo; y++)
                {
                    var row = y * w;
                    var x = xFrom;
                    if (Vector256.IsHardwareAccelerated)
                    {
                        ref var l = ref MemoryMarshal.GetArrayDataReference(luma);
                        ref var r = ref MemoryMarshal.GetArrayDataReference(residual);
                        ref var sc = ref MemoryMarshal.GetArrayDataReference(scratch);
                        for (; x + 8 <= xTo; x += 8)
                        {
                            var v = Vector256.LoadUnsafe(ref l, (nuint)(row + x));
                            var out8 = Vector256.LessThan(v, low) | Vector256.GreaterThan(v, high);
                            clipped += BitOperations.PopCount(out8.ExtractMostSignificantBits());
                            Vector256.Abs(Vector256.LoadUnsafe(ref r, (nuint)(row + x))).StoreUnsafe(ref sc, (nuint)n);
                            n += 8;
                        }
                    }

                    for (; x < xTo; x++)
                    {
                        var v = luma[row + x];
                        if (v < 3f || v > 252f)
                        {
                            clipped++;
                        }

                        scratch[n++] = Math.Abs(residual[row + x]);
                    }
                }

                var i = (by * bw) + bx;
                if (n < 16 || clipped * 4 > n)
                {
                    continue;
                }

                usable[i] = true;
                sigma[i] = BlockMaps.MadToSigma * BlockMaps.Median(scratch.AsSpan(0, n));
            }
        }

        return NoiseLevelMap.Create(w, h, block, bw, bh, sigma, usable);
    }

    /// <summary>Luma minus its 3×3 median (0 on the one-pixel border). The median uses sorted columns: med3(max lows, med mids, min highs).</summary>
    internal static float[] MedianResidual(float[] luma, int w, int h, CancellationToken cancellationToken) =>
        MedianResidual(luma, w, h, Vector256.IsHardwareAccelerated, cancellationToken);

    /// <summary>As <see cref="MedianResidual(float[], int, int, CancellationToken)"/>; <paramref name="vectors"/> = false runs the scalar loops (the test's reference).</summary>
    internal static float[] MedianResidual(float[] luma, int w, int h, bool vectors, CancellationToken cancellationToken)
    {
        var residual = new float[w * h];
        var lo = new float[w];
        var mid = new float[w];
        var hi = new float[w];
        for (var y = 1; y < h - 1; y++)
        {
            if ((y & 63) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            var r0 = (y - 1) * w;
            var r1 = y * w;
            var r2 = (y + 1) * w;
            var x0 = 0;
            if (vectors)
            {
                // Issue 19: eight columns at a time. Min and Max of Vector256 follow Math.Min and Math.Max (IEEE 754:2019,
                // the same for NaN and signed zeros), so every lane computes what the scalar loop computes.
                ref var l = ref MemoryMarshal.GetArrayDataReference(luma);
                ref var lr = ref MemoryMarshal.GetArrayDataReference(lo);
                ref var mr = ref MemoryMarshal.GetArrayDataReference(mid);
                ref var hr = ref MemoryMarshal.GetArrayDataReference(hi);
                for (; x0 + 8 <= w; x0 += 8)
                {
                    var a = Vector256.LoadUnsafe(ref l, (nuint)(r0 + x0));
                    var b = Vector256.LoadUnsafe(ref l, (nuint)(r1 + x0));
                    var c = Vector256.LoadUnsafe(ref l, (nuint)(r2 + x0));
                    var min1 = Vector256.Min(a, b);
                    var max1 = Vector256.Max(a, b);
                    Vector256.Min(min1, c).StoreUnsafe(ref lr, (nuint)x0);
                    var max2 = Vector256.Max(min1, c);
                    Vector256.Max(max1, max2).StoreUnsafe(ref hr, (nuint)x0);
                    Vector256.Min(max1, max2).StoreUnsafe(ref mr, (nuint)x0);
                }
            }

            for (var x = x0; x < w; x++)
            {
                float a = luma[r0 + x], b = luma[r1 + x], c = luma[r2 + x];
                var min1 = Math.Min(a, b);
                var max1 = Math.Max(a, b);
                lo[x] = Math.Min(min1, c);
                var max2 = Math.Max(min1, c);
                hi[x] = Math.Max(max1, max2);
                mid[x] = Math.Min(max1, max2);
            }

            var x1 = 1;
            if (vectors)
            {
                ref var l = ref MemoryMarshal.GetArrayDataReference(luma);
                ref var lr = ref MemoryMarshal.GetArrayDataReference(lo);
                ref var mr = ref MemoryMarshal.GetArrayDataReference(mid);
                ref var hr = ref MemoryMarshal.GetArrayDataReference(hi);
                ref var rr = ref MemoryMarshal.GetArrayDataReference(residual);
                for (; x1 + 9 <= w; x1 += 8)
                {
                    var at = (nuint)x1;
                    var maxLo = Vector256.Max(Vector256.Max(Vector256.LoadUnsafe(ref lr, at - 1), Vector256.LoadUnsafe(ref lr, at)), Vector256.LoadUnsafe(ref lr, at + 1));
                    var minHi = Vector256.Min(Vector256.Min(Vector256.LoadUnsafe(ref hr, at - 1), Vector256.LoadUnsafe(ref hr, at)), Vector256.LoadUnsafe(ref hr, at + 1));
                    var medMid = Med3(Vector256.LoadUnsafe(ref mr, at - 1), Vector256.LoadUnsafe(ref mr, at), Vector256.LoadUnsafe(ref mr, at + 1));
                    (Vector256.LoadUnsafe(ref l, (nuint)r1 + at) - Med3(maxLo, medMid, minHi)).StoreUnsafe(ref rr, (nuint)r1 + at);
                }
            }

            for (var x = x1; x < w - 1; x++)
            {
                var maxLo = Math.Max(Math.Max(lo[x - 1], lo[x]), lo[x + 1]);
                var minHi = Math.Min(Math.Min(hi[x - 1], hi[x]), hi[x + 1]);
                var medMid = Med3(mid[x - 1], mid[x], mid[x + 1]);
                residual[r1 + x] = luma[r1 + x] - Med3(maxLo, medMid, minHi);
            }
        }

        return residual;
    }

    private static float Med3(float a, float b, float c) => Math.Max(Math.Min(a, b), Math.Min(Math.Max(a, b), c));

    private static Vector256<float> Med3(Vector256<float> a, Vector256<float> b, Vector256<float> c) => Vector256.Max(Vector256.Min(a, b), Vector256.Min(Vector256.Max(a, b), c));
}
