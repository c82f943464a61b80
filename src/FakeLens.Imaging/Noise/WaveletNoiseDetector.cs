using FakeLens.Core.Detection;
using FakeLens.Core.Evidence;
using FakeLens.Core.Media;
using FakeLens.Imaging.Decoding;
using FakeLens.Imaging.Jpeg;

namespace FakeLens.Imaging.Noise;

// Local noise from the finest diagonal wavelet subband, after Mahdian & Saic (2009, "Using noise inconsistencies
// for blind image forensics", Image and Vision Computing 27): the HH1 coefficients of natural images are mostly
// noise, and the robust median estimator σ = median(|HH1|) / 0.6745 (Donoho & Johnstone 1994) is barely moved by
// the few edge coefficients. We use the orthonormal Haar wavelet (HH = (a − b − c + d) / 2 on each 2 × 2 cell):
// it keeps the noise σ unchanged, cancels brightness ramps exactly, stays inside the 8 × 8 JPEG grid, and costs four
// additions per four pixels; Mahdian & Saic's db8 rejects texture better but costs ~30× more. Blocks are 16 px
// (32 px from 1000 px on the short side) and each block's σ is the median over its 3 × 3 block neighbourhood
// (576 coefficients at 16 px, enough for about ±7 %), so no extra smoothing is applied before segmentation.
// Blocks more than a quarter clipped (luma < 3 or > 252) are not measured. Segmentation and scoring of blocks with
// outlying σ (Mahdian & Saic merge homogeneous blocks; here: robust z of log σ, connected groups beyond 3
// spreads) are shared with the other noise estimators (NoiseMapReport). Work is strip by strip: three block rows
// of coefficients at a time, so memory beyond the shared luma is O(width).
public sealed class WaveletNoiseDetector : PixelDetector
{
    private const float MedianToSigma = 1f / 0.6745f;
    private static readonly NoiseMethod Method = new("noise.wavelet", "noise.wavelet", "from the finest diagonal wavelet detail (HH)", SmoothRadius: 0, EmitLevel: false, DetailConditioned: true, MapOnlyWhenFlagged: true, MinScore: NoiseMapReport.StrictScore);

    public override string Id => Method.DetectorId;

    public override string Description => "Local noise level from the diagonal wavelet subband (Mahdian & Saic); flags regions whose noise differs.";

    public override EvidenceCategory Category => EvidenceCategory.Noise;

    protected override IReadOnlyList<Evidence> Analyze(AnalysisContext context, DecodedImage decoded, int? jpegQuality, CancellationToken cancellationToken)
    {
        var map = Analyze(decoded.Image, cancellationToken);
        return NoiseMapReport.Report(map, decoded, jpegQuality, Method);
    }

    /// <summary>Per-block σ from the 3 × 3-block median of |HH1|; exposed to tests and benchmarks.</summary>
    internal static NoiseLevelMap Analyze(RgbImage image, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(image);
        var w = image.Width;
        var h = image.Height;
        var block = NoiseLevelMap.BlockFor(w, h);
        var bw = w / block;
        var bh = h / block;
        if (bw < 1 || bh < 1)
        {
            return NoiseLevelMap.Empty(w, h, block);
        }

        var luma = image.Luma();
        var half = block / 2;
        var cw = bw * half;

        // Ring of three block rows of |HH| (each half × cw coefficients) and their clipped-pixel counts.
        var ring = new float[3][];
        var ringRow = new[] { -1, -1, -1 };
        var clippedRing = new int[3][];
        for (var k = 0; k < 3; k++)
        {
            ring[k] = new float[half * cw];
            clippedRing[k] = new int[bw];
        }

        var sigma = new float[bw * bh];
        var usable = new bool[bw * bh];
        var scratch = new float[9 * half * half];
        var limit = block * block / 4;
        for (var by = 0; by < bh; by++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            for (var r = Math.Max(0, by - 1); r <= Math.Min(bh - 1, by + 1); r++)
            {
                if (ringRow[r % 3] != r)
                {
                    Coefficients(luma, w, r * block, half, bw, ring[r % 3], clippedRing[r % 3]);
                    ringRow[r % 3] = r;
                }
            }

            for (var bx = 0; bx < bw; bx++)
            {
                if (clippedRing[by % 3][bx] > limit)
                {
                    continue;
                }

                var n = 0;
                for (var r = Math.Max(0, by - 1); r <= Math.Min(bh - 1, by + 1); r++)
                {
                    var coeffs = ring[r % 3];
                    var clipped = clippedRing[r % 3];
                    for (var c = Math.Max(0, bx - 1); c <= Math.Min(bw - 1, bx + 1); c++)
                    {
                        if (clipped[c] > limit)
                        {
                            continue;
                        }

                        for (var yy = 0; yy < half; yy++)
                        {
                            coeffs.AsSpan((yy * cw) + (c * half), half).CopyTo(scratch.AsSpan(n));
                            n += half;
                        }
                    }
                }

                var i = (by * bw) + bx;
                usable[i] = true;
                sigma[i] = MedianToSigma * BlockMaps.Median(scratch.AsSpan(0, n));
            }
        }

        return NoiseLevelMap.Create(w, h, block, bw, bh, sigma, usable);
    }

    /// <summary>|HH1| of one block row (rows y0 … y0 + 2·half − 1), and per block the number of clipped pixels.</summary>
    private static void Coefficients(float[] luma, int w, int y0, int half, int bw, float[] coeffs, int[] clipped)
    {
        Array.Clear(clipped);
        var cw = bw * half;
        for (var yy = 0; yy < half; yy++)
        {
            var r0 = (y0 + (2 * yy)) * w;
            var r1 = r0 + w;
            var o = yy * cw;
            for (var xx = 0; xx < cw; xx++)
            {
                var x = 2 * xx;
                float a = luma[r0 + x], b = luma[r0 + x + 1], c = luma[r1 + x], d = luma[r1 + x + 1];
                coeffs[o + xx] = 0.5f * Math.Abs(a - b - c + d);
                var clip = (a < 3f || a > 252f ? 1 : 0) + (b < 3f || b > 252f ? 1 : 0) + (c < 3f || c > 252f ? 1 : 0) + (d < 3f || d > 252f ? 1 : 0);
                clipped[xx / half] += clip;
            }
        }
    }
}
