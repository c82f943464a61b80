using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using FakeLens.Core.Detection;
using FakeLens.Core.Evidence;
using FakeLens.Core.Media;
using FakeLens.Imaging.Decoding;
using FakeLens.Imaging.Jpeg;

namespace FakeLens.Imaging.Noise;

// Local noise level from principal component analysis of small patches, after Pyatykh, Hesser & Zheng (2013, "Image
// noise level estimation by principal component analysis", IEEE TIP 22) as used for splicing localisation by Zeng,
// Zhan, Kang & Lin (2017, "Image splicing localization using PCA-based noise level estimation", Multimedia Tools
// and Applications 76): natural image patches lie close to a low-dimensional subspace, so the smallest eigenvalue
// of the covariance of all overlapping patches is the variance of the (white) noise. Patches are 3 × 3
// (9 dimensions; Pyatykh use up to 7 × 7, but 9 dimensions stay well estimated from the 256 patches of a 16 px
// block and cost 45 products per pixel — 4 × 4 patches cost 1–2 s per megapixel here, over the 500 ms budget).
// Per 16 px block (32 px from 1000 px on the short side), as a one-step version of Pyatykh's iterative exclusion
// of textured patches, only the smoother half of the patches (variance at most the block's median) enter the
// covariance; its smallest eigenvalue comes from cyclic Jacobi and its sample bias is undone with the
// Marchenko–Pastur lower edge, σ = √λmin / (1 − √(9/n)). (Keeping the smoother half biases σ low by a similar factor
// everywhere; the map is compared with itself, so that cancels.) The block's σ is then the median over its 3 × 3
// block neighbourhood, so an edge inflates at most the blocks it crosses. Blocks more than a quarter clipped are
// not measured. Segmentation and scoring are shared with the other noise estimators (NoiseMapReport). Memory: one
// block row of sums and patch variances.
public sealed class PcaNoiseDetector : PixelDetector
{
    private const int Patch = 3;
    private const int Dim = Patch * Patch;
    private const int Pairs = Dim * (Dim + 1) / 2;
    private const int Stats = Dim + Pairs;

    // Issue 19 (round 6): per block Σx and Σxxᵀ are kept padded, one 4-lane group per patch row (lane = 4 · row + column),
    // Σx in 12 doubles and Σxxᵀ as 9 rows of 12 (only j ≥ i is read), so a patch's three rows update them as whole
    // vectors straight from registers. Every entry read still gets the same exact products in the same order.
    private const int Padded = 12;
    private const int PaddedStats = Padded + (Dim * Padded);
    private static readonly NoiseMethod Method = new("noise.pca", "noise.pca", "as the weakest principal component of small image patches (PCA)", SmoothRadius: 0, EmitLevel: false, DetailConditioned: true, MapOnlyWhenFlagged: true, MinScore: NoiseMapReport.StrictScore);

    public override string Id => Method.DetectorId;

    public override string Description => "Local noise level from the smallest principal component of 3 × 3 patches (Pyatykh et al.; Zeng et al.); flags regions whose noise differs.";

    public override EvidenceCategory Category => EvidenceCategory.Noise;

    protected override IReadOnlyList<Evidence> Analyze(AnalysisContext context, DecodedImage decoded, int? jpegQuality, CancellationToken cancellationToken)
    {
        var map = Analyze(decoded.Image, cancellationToken);
        return NoiseMapReport.Report(map, decoded, jpegQuality, Method);
    }

    /// <summary>Per-block σ = 3 × 3-block median of √(smallest eigenvalue) of each block's patch covariance; exposed to tests and benchmarks.</summary>
    internal static NoiseLevelMap Analyze(RgbImage image, CancellationToken cancellationToken) => Analyze(image, Vector256.IsHardwareAccelerated && Avx.IsSupported, cancellationToken);

    /// <summary>As <see cref="Analyze(RgbImage, CancellationToken)"/>; <paramref name="vectors"/> = false runs the scalar loops (the equivalence test's reference).</summary>
    internal static NoiseLevelMap Analyze(RgbImage image, bool vectors, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(image);
        var w = image.Width;
        var h = image.Height;
        var block = NoiseLevelMap.BlockFor(w, h);
        var bw = w / block;
        var bh = h / block;
        if (bw < 1 || bh < 1 || w < 2 * Patch || h < 2 * Patch)
        {
            return NoiseLevelMap.Empty(w, h, block);
        }

        var luma = image.Luma();
        // σ of each block from its own patches (bias-corrected), then the median over the 3 × 3 block neighbourhood:
        // an edge or a patch of strong texture inflates the blocks it crosses, not the whole window.
        var blockSigma = new float[bw * bh];
        var measured = new bool[bw * bh];
        var cov = new double[Dim * Dim];
        var stats = new double[bw * PaddedStats];
        var counts = new int[bw];
        var clipped = new int[bw];
        var patchVar = new float[block * bw * block];
        var patchScratch = new float[block * block];
        var patchLimit = new float[bw];
        var limit = block * block / 4;
        for (var by = 0; by < bh; by++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            Accumulate(luma, w, h, block, bw, by, stats, counts, clipped, patchVar, patchScratch, patchLimit, vectors);
            for (var bx = 0; bx < bw; bx++)
            {
                var n = counts[bx];
                if (clipped[bx] > limit || n < 8 * Dim)
                {
                    continue;
                }

                Covariance(stats.AsSpan(bx * PaddedStats, PaddedStats), n, cov);
                var smallest = SymmetricEigen.Smallest(cov, Dim);
                var i = (by * bw) + bx;
                measured[i] = true;
                blockSigma[i] = (float)(Math.Sqrt(Math.Max(0, smallest)) / (1 - Math.Sqrt(Dim / (double)n)));
            }
        }

        var sigma = new float[bw * bh];
        var usable = new bool[bw * bh];
        var scratch = new float[9];
        for (var by = 0; by < bh; by++)
        {
            for (var bx = 0; bx < bw; bx++)
            {
                var i = (by * bw) + bx;
                if (!measured[i])
                {
                    continue;
                }

                var k = 0;
                for (var r = Math.Max(0, by - 1); r <= Math.Min(bh - 1, by + 1); r++)
                {
                    for (var c = Math.Max(0, bx - 1); c <= Math.Min(bw - 1, bx + 1); c++)
                    {
                        if (measured[(r * bw) + c])
                        {
                            scratch[k++] = blockSigma[(r * bw) + c];
                        }
                    }
                }

                usable[i] = true;
                sigma[i] = BlockMaps.Median(scratch.AsSpan(0, k));
            }
        }

        return NoiseLevelMap.Create(w, h, block, bw, bh, sigma, usable);
    }

    /// <summary>Covariance from pooled sums (padded layout): Σxxᵀ / n − μμᵀ, as a full symmetric matrix.</summary>
    private static void Covariance(ReadOnlySpan<double> pooled, long n, double[] cov)
    {
        for (var i = 0; i < Dim; i++)
        {
            var mi = pooled[Lane(i)] / n;
            for (var j = i; j < Dim; j++)
            {
                var v = (pooled[Padded + (i * Padded) + Lane(j)] / n) - (mi * (pooled[Lane(j)] / n));
                cov[(i * Dim) + j] = v;
                cov[(j * Dim) + i] = v;
            }
        }
    }

    /// <summary>Lane of patch pixel <paramref name="i"/> (row-major in the 3 × 3 patch) in the padded layout.</summary>
    private static int Lane(int i) => ((i / Patch) * 4) + (i % Patch);

    /// <summary>
    /// Σx and Σxxᵀ (upper triangle) of the smoother half of the 3 × 3 patches whose top-left pixel lies in block row
    /// <paramref name="blockRow"/> (patch variance at most the block's median patch variance); patch counts and clipped
    /// pixels per block.
    /// </summary>
    private static void Accumulate(float[] luma, int w, int h, int block, int bw, int blockRow, double[] stats, int[] counts, int[] clipped, float[] patchVar, float[] scratch, float[] limit, bool vectors)
    {
        Array.Clear(stats);
        Array.Clear(counts);
        Array.Clear(clipped);
        Span<double> v = stackalloc double[Dim];
        Span<int> keptColumns = stackalloc int[block];
        var lastX = Math.Min(w - Patch, (bw * block) - 1);
        var y0 = blockRow * block;
        var rows = Math.Max(0, Math.Min(block, h - Patch + 1 - y0));
        var stride = bw * block;

        // Pass 1: clipped pixels and every patch's variance.
        for (var y = y0; y < y0 + block; y++)
        {
            var row = y * w;
            for (var x = 0; x < stride; x++)
            {
                var l = luma[row + x];
                if (l < 3f || l > 252f)
                {
                    clipped[x / block]++;
                }
            }
        }

        for (var yy = 0; yy < rows; yy++)
        {
            var row = (y0 + yy) * w;
            var x = 0;
            if (vectors)
            {
                // Eight patches at a time: every lane does the scalar loop's additions in the scalar loop's order.
                ref var l0 = ref MemoryMarshal.GetArrayDataReference(luma);
                ref var pv = ref MemoryMarshal.GetArrayDataReference(patchVar);
                for (; x + 8 <= lastX + 1; x += 8)
                {
                    var s = Vector256<float>.Zero;
                    var s2 = Vector256<float>.Zero;
                    for (var dy = 0; dy < Patch; dy++)
                    {
                        var o = row + (dy * w) + x;
                        for (var dx = 0; dx < Patch; dx++)
                        {
                            var l = Vector256.LoadUnsafe(ref l0, (nuint)(o + dx));
                            s += l;
                            s2 += l * l;
                        }
                    }

                    ((s2 / Dim) - (s * s / (Dim * Dim))).StoreUnsafe(ref pv, (nuint)((yy * stride) + x));
                }
            }

            for (; x <= lastX; x++)
            {
                float s = 0, s2 = 0;
                for (var dy = 0; dy < Patch; dy++)
                {
                    var o = row + (dy * w) + x;
                    for (var dx = 0; dx < Patch; dx++)
                    {
                        var l = luma[o + dx];
                        s += l;
                        s2 += l * l;
                    }
                }

                patchVar[(yy * stride) + x] = (s2 / Dim) - (s * s / (Dim * Dim));
            }
        }

        // The block's median patch variance.
        for (var bx = 0; bx < bw; bx++)
        {
            var n = 0;
            for (var yy = 0; yy < rows; yy++)
            {
                for (var x = bx * block; x < Math.Min(lastX + 1, (bx + 1) * block); x++)
                {
                    scratch[n++] = patchVar[(yy * stride) + x];
                }
            }

            limit[bx] = n == 0 ? float.NegativeInfinity : BlockMaps.Median(scratch.AsSpan(0, n));
        }

        // Pass 2: sums over the smoother half (block by block along the row: the same patch order, no division per pixel).
        for (var yy = 0; yy < rows; yy++)
        {
            var row = (y0 + yy) * w;
            var pv = yy * stride;
            for (int bx = 0, x = 0; x <= lastX; bx++)
            {
                var end = Math.Min(lastX + 1, (bx + 1) * block);
                var bound = limit[bx];
                var m = bx * PaddedStats;
                // The kept patches' columns first, without a branch (about half are kept, unpredictably), then their sums.
                var kept = 0;
                for (; x < end; x++)
                {
                    keptColumns[kept] = x;
                    kept += patchVar[pv + x] > bound ? 0 : 1;
                }

                for (var k = 0; k < kept; k++)
                {
                    var o = row + keptColumns[k];
                    if (vectors && Avx.IsSupported && o + (2 * w) + 4 <= luma.Length)
                    {
                        AddPatch(luma, o, w, stats.AsSpan(m, PaddedStats));
                        continue;
                    }

                    for (var dy = 0; dy < Patch; dy++)
                    {
                        for (var dx = 0; dx < Patch; dx++)
                        {
                            v[(dy * Patch) + dx] = luma[o + (dy * w) + dx];
                        }
                    }

                    for (var i = 0; i < Dim; i++)
                    {
                        var vi = v[i];
                        stats[m + Lane(i)] += vi;
                        var p = m + Padded + (i * Padded);
                        for (var j = i; j < Dim; j++)
                        {
                            stats[p + Lane(j)] += vi * v[j];
                        }
                    }
                }

                counts[bx] += kept;
            }
        }
    }

    /// <summary>
    /// Σx += v and Σxxᵀ += v vᵀ (padded layout) for the patch whose top-left pixel is <paramref name="o"/>: each patch row
    /// is read as 4 floats and widened to doubles (the 4th lane, the next pixel, fills a padding lane that is never read);
    /// row i of Σxxᵀ adds vᵢ × (the patch rows from vᵢ's row on). Every entry read gets the same exact product
    /// (float × float fits a double) added in the same order as the scalar loop, so the sums are bit-identical (issue 19).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AddPatch(float[] luma, int o, int w, Span<double> stats)
    {
        ref var l = ref MemoryMarshal.GetArrayDataReference(luma);
        var r0 = Avx.ConvertToVector256Double(Vector128.LoadUnsafe(ref l, (nuint)o));
        var r1 = Avx.ConvertToVector256Double(Vector128.LoadUnsafe(ref l, (nuint)(o + w)));
        var r2 = Avx.ConvertToVector256Double(Vector128.LoadUnsafe(ref l, (nuint)(o + (2 * w))));
        ref var s = ref MemoryMarshal.GetReference(stats);
        Add(ref s, 0, r0);
        Add(ref s, 4, r1);
        Add(ref s, 8, r2);
        for (var q = 0; q < Patch; q++)
        {
            var v0 = Vector256.Create(r0.GetElement(q));
            var at = Padded + (q * Padded);
            Add(ref s, at, v0 * r0);
            Add(ref s, at + 4, v0 * r1);
            Add(ref s, at + 8, v0 * r2);
            var v1 = Vector256.Create(r1.GetElement(q));
            at = Padded + ((Patch + q) * Padded);
            Add(ref s, at + 4, v1 * r1);
            Add(ref s, at + 8, v1 * r2);
            var v2 = Vector256.Create(r2.GetElement(q));
            at = Padded + (((2 * Patch) + q) * Padded);
            Add(ref s, at + 8, v2 * r2);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Add(ref double stats, int at, Vector256<double> value) =>
        (Vector256.LoadUnsafe(ref stats, (nuint)at) + value).StoreUnsafe(ref stats, (nuint)at);
}
