using FakeLens.Core.Detection;
using FakeLens.Core.Evidence;
using FakeLens.Core.Media;
using FakeLens.Imaging.Decoding;
using FakeLens.Imaging.Jpeg;

namespace FakeLens.Imaging.Noise;

// Local noise from the kurtosis concentration of band-pass channels, after Lyu, Pan & Zhang (2014, "Exposing region
// splicing forgeries with blind local noise estimation", IJCV 110). Natural images filtered by band-pass filters
// have nearly the same (excess) kurtosis κ in every channel; Gaussian noise of variance σ² adds to each channel's
// variance but not to its fourth cumulant, so a noisy channel k shows √κ̃ₖ = √κ · (1 − σ² / σ̃ₖ²). A straight-line
// fit of √κ̃ₖ against 1/σ̃ₖ² over the channels gives √κ (intercept) and σ² = −slope / intercept — no training and
// no assumption about the noise level. Channels: the 15 AC basis functions of the orthonormal 4 × 4 DCT (as in the
// paper; orthonormal, so each channel carries the full noise variance), computed by separable filtering on a 2 px
// lattice (overlapping 4 × 4 windows at every second pixel in each direction: a quarter of the cost, and
// neighbouring responses are strongly correlated anyway). Moments Σr², Σr⁴ are summed per 16 px block (32 px from
// 1000 px on the short side) and pooled over each block's 5 × 5 block neighbourhood — the block-level equivalent of
// the paper's integral-image windows — so a local estimate rests on ~1600 responses per channel (on 3 × 3
// neighbourhoods the fourth moments were too noisy: most windows of a synthetic scene gave no valid fit). σ² is
// capped at the smallest channel variance. Where every channel looks Gaussian (mean √κ̃ < 0.35, excess kurtosis
// below about 0.12) noise dominates all of them and the line is degenerate; there σ² is the smallest channel
// variance. Blocks more than a quarter clipped, or where the fit fails (intercept ≤ 0 or σ² ≤ 0: the channels do
// not follow the concentration model, as where JPEG has quantised the fine detail away), are not measured: treating
// a failed fit as "no noise" made clean JPEG photos look patchy, and fixing √κ image-wide (so that only σ² is
// fitted) was worse still, since the concentration itself varies with content. Segmentation and scoring are shared
// with the other noise estimators (NoiseMapReport). Memory: four rows of filter responses plus 31 numbers per block.
public sealed class KurtosisNoiseDetector : PixelDetector
{
    private const int Channels = 15;
    private const int Stats = 2 * Channels;
    private const int Radius = 2;
    private const double GaussianRootKurtosis = 0.35;
    private static readonly NoiseMethod Method = new("noise.kurtosis", "noise.kurtosis", "from how it flattens the statistics of fine image detail (kurtosis)", SmoothRadius: 0, EmitLevel: false, DetailConditioned: true, MapOnlyWhenFlagged: true, MinScore: NoiseMapReport.StrictScore);
    private static readonly float[] Dct = Basis();

    public override string Id => Method.DetectorId;

    public override string Description => "Local noise level from the kurtosis of band-pass (DCT) channels (Lyu, Pan & Zhang); flags regions whose noise differs.";

    public override EvidenceCategory Category => EvidenceCategory.Noise;

    protected override IReadOnlyList<Evidence> Analyze(AnalysisContext context, DecodedImage decoded, int? jpegQuality, CancellationToken cancellationToken)
    {
        var map = Analyze(decoded.Image, cancellationToken);
        return NoiseMapReport.Report(map, decoded, jpegQuality, Method);
    }

    /// <summary>Per-block σ from the pooled 3 × 3-block kurtosis fit; exposed to tests and benchmarks.</summary>
    internal static NoiseLevelMap Analyze(RgbImage image, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(image);
        var w = image.Width;
        var h = image.Height;
        var block = NoiseLevelMap.BlockFor(w, h);
        var bw = w / block;
        var bh = h / block;
        if (bw < 1 || bh < 1 || w < 8 || h < 8)
        {
            return NoiseLevelMap.Empty(w, h, block);
        }

        var luma = image.Luma();
        var moments = new double[bw * bh * Stats];
        var counts = new int[bw * bh];
        var clipped = new int[bw * bh];
        Accumulate(luma, w, h, block, bw, bh, moments, counts, clipped, cancellationToken);

        var sigma = new float[bw * bh];
        var usable = new bool[bw * bh];
        var pooled = new double[Stats];
        var a = new double[Channels];
        var b = new double[Channels];
        var limit = block * block / 4;

        for (var i = 0; i < bw * bh; i++)
        {
            if ((i & 255) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            var n = Pool(moments, counts, clipped, bw, bh, i, limit, pooled);
            if (n <= 0 || Fit(pooled, n, a, b) is not { } fit)
            {
                continue;
            }

            if (fit.MeanRootKurtosis < GaussianRootKurtosis)
            {
                // Every channel looks Gaussian: noise dominates them all and the line is degenerate; σ² ≈ the channel variance.
                usable[i] = true;
                sigma[i] = (float)Math.Sqrt(fit.MinVariance);
            }
            else if (fit.Intercept > 1e-3 && -fit.Slope / fit.Intercept > 0)
            {
                usable[i] = true;
                sigma[i] = (float)Math.Sqrt(Math.Min(-fit.Slope / fit.Intercept, fit.MinVariance));
            }
        }

        return NoiseLevelMap.Create(w, h, block, bw, bh, sigma, usable);
    }

    /// <summary>Sums the moments of block <paramref name="i"/>'s 5 × 5 block neighbourhood (unclipped blocks only) into <paramref name="pooled"/>; returns the number of responses (0 when the block itself is clipped).</summary>
    private static long Pool(double[] moments, int[] counts, int[] clipped, int bw, int bh, int i, int limit, double[] pooled)
    {
        if (clipped[i] > limit || counts[i] == 0)
        {
            return 0;
        }

        Array.Clear(pooled);
        long n = 0;
        int by = i / bw, bx = i % bw;
        for (var r = Math.Max(0, by - Radius); r <= Math.Min(bh - 1, by + Radius); r++)
        {
            for (var c = Math.Max(0, bx - Radius); c <= Math.Min(bw - 1, bx + Radius); c++)
            {
                var j = (r * bw) + c;
                if (clipped[j] > limit)
                {
                    continue;
                }

                n += counts[j];
                for (var k = 0; k < Stats; k++)
                {
                    pooled[k] += moments[(j * Stats) + k];
                }
            }
        }

        return n;
    }

    /// <summary>
    /// From pooled channel moments (Σr², Σr⁴ per channel over <paramref name="n"/> responses): aₖ = √κ̃ₖ, bₖ = 1/σ̃ₖ², and
    /// the least-squares line a = α + β b of Lyu et al. (σ² = −β / α). Null when a channel is flat or the bₖ do not vary.
    /// </summary>
    internal static (double Intercept, double Slope, double MinVariance, double MeanRootKurtosis)? Fit(ReadOnlySpan<double> pooled, long n, Span<double> a, Span<double> b)
    {
        if (n < 64)
        {
            return null;
        }

        double sa = 0, sb = 0, sab = 0, sbb = 0, minVar = double.MaxValue;
        for (var k = 0; k < Channels; k++)
        {
            var m2 = pooled[2 * k] / n;
            var m4 = pooled[(2 * k) + 1] / n;
            if (m2 < 1e-4)
            {
                return null;
            }

            var kurtosis = (m4 / (m2 * m2)) - 3;
            a[k] = Math.Sqrt(Math.Max(0, kurtosis));
            b[k] = 1 / m2;
            minVar = Math.Min(minVar, m2);
            sa += a[k];
            sb += b[k];
            sab += a[k] * b[k];
            sbb += b[k] * b[k];
        }

        double ma = sa / Channels, mb = sb / Channels;
        var varB = (sbb / Channels) - (mb * mb);
        if (varB <= 1e-18)
        {
            return (0, 0, minVar, ma);
        }

        var slope = ((sab / Channels) - (ma * mb)) / varB;
        return (ma - (slope * mb), slope, minVar, ma);
    }

    /// <summary>Σr² and Σr⁴ of the 15 AC 4 × 4 DCT responses per block (by the patch's top-left pixel), responses per block and clipped pixels per block.</summary>
    private static void Accumulate(float[] luma, int w, int h, int block, int bw, int bh, double[] moments, int[] counts, int[] clipped, CancellationToken cancellationToken)
    {
        // Horizontal 1-D DCT of four consecutive rows (ring), four coefficients per position.
        var rows = new float[4][];
        for (var k = 0; k < 4; k++)
        {
            rows[k] = new float[4 * w];
        }

        var lastX = Math.Min(w - 4, (bw * block) - 1);
        var lastY = Math.Min(h - 4, (bh * block) - 1);
        Span<float> r = stackalloc float[Channels];
        for (var y = 0; y <= lastY + 3; y++)
        {
            if ((y & 31) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            var row = y * w;
            if (y < bh * block)
            {
                var brow = (y / block) * bw;
                for (var x = 0; x < bw * block; x++)
                {
                    var v = luma[row + x];
                    if (v < 3f || v > 252f)
                    {
                        clipped[brow + (x / block)]++;
                    }
                }
            }

            Horizontal(luma, row, w, rows[y & 3]);

            // Patch rows y − 3 … y are in the ring: emit responses for patches whose top row is y − 3.
            var top = y - 3;
            if (top < 0 || top > lastY || (top & 1) != 0)
            {
                continue;
            }

            var pbrow = (top / block) * bw;
            float[] h0 = rows[top & 3], h1 = rows[(top + 1) & 3], h2 = rows[(top + 2) & 3], h3 = rows[(top + 3) & 3];
            for (var x = 0; x <= lastX; x += 2)
            {
                var o = 4 * x;
                var ch = 0;
                for (var v = 0; v < 4; v++)
                {
                    float c0 = Dct[(v * 4) + 0], c1 = Dct[(v * 4) + 1], c2 = Dct[(v * 4) + 2], c3 = Dct[(v * 4) + 3];
                    for (var u = 0; u < 4; u++)
                    {
                        if (u == 0 && v == 0)
                        {
                            continue;
                        }

                        r[ch++] = (c0 * h0[o + u]) + (c1 * h1[o + u]) + (c2 * h2[o + u]) + (c3 * h3[o + u]);
                    }
                }

                var bi = pbrow + (x / block);
                var m = bi * Stats;
                for (var k = 0; k < Channels; k++)
                {
                    double s = r[k] * r[k];
                    moments[m + (2 * k)] += s;
                    moments[m + (2 * k) + 1] += s * s;
                }

                counts[bi]++;
            }
        }
    }

    /// <summary>Four 1-D DCT coefficients at every even position x (of x … x + 3) of one row; other positions are left as they were.</summary>
    private static void Horizontal(float[] luma, int row, int w, float[] output)
    {
        for (var x = 0; x + 3 < w; x += 2)
        {
            float p0 = luma[row + x], p1 = luma[row + x + 1], p2 = luma[row + x + 2], p3 = luma[row + x + 3];
            var o = 4 * x;
            for (var u = 0; u < 4; u++)
            {
                output[o + u] = (Dct[(u * 4) + 0] * p0) + (Dct[(u * 4) + 1] * p1) + (Dct[(u * 4) + 2] * p2) + (Dct[(u * 4) + 3] * p3);
            }
        }
    }

    /// <summary>Orthonormal 4-point DCT-II matrix, row u = frequency.</summary>
    private static float[] Basis()
    {
        var c = new float[16];
        for (var u = 0; u < 4; u++)
        {
            var alpha = u == 0 ? Math.Sqrt(0.25) : Math.Sqrt(0.5);
            for (var j = 0; j < 4; j++)
            {
                c[(u * 4) + j] = (float)(alpha * Math.Cos(Math.PI * ((2 * j) + 1) * u / 8));
            }
        }

        return c;
    }
}
