using System.Globalization;
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
        for (var by = 0; by < bh; by++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            for (var bx = 0; bx < bw; bx++)
            {
                int n = 0, clipped = 0;
                for (var y = by * block; y < (by + 1) * block; y++)
                {
                    if (y == 0 || y == h - 1)
                    {
                        continue;
                    }

                    var row = y * w;
                    for (var x = bx * block; x < (bx + 1) * block; x++)
                    {
                        if (x == 0 || x == w - 1)
                        {
                            continue;
                        }

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
    internal static float[] MedianResidual(float[] luma, int w, int h, CancellationToken cancellationToken)
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
            for (var x = 0; x < w; x++)
            {
                float a = luma[r0 + x], b = luma[r1 + x], c = luma[r2 + x];
                var min1 = Math.Min(a, b);
                var max1 = Math.Max(a, b);
                lo[x] = Math.Min(min1, c);
                var max2 = Math.Max(min1, c);
                hi[x] = Math.Max(max1, max2);
                mid[x] = Math.Min(max1, max2);
            }

            for (var x = 1; x < w - 1; x++)
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
}
