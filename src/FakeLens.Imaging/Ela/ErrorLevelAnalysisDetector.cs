using System.Globalization;
using FakeLens.Core.Detection;
using FakeLens.Core.Evidence;
using FakeLens.Core.Media;
using FakeLens.Imaging.Decoding;
using FakeLens.Imaging.Jpeg;
using FakeLens.Imaging.Noise;

namespace FakeLens.Imaging.Ela;

// Error Level Analysis (Krawetz 2007, "A picture's worth..."): re-save the decoded image as JPEG and measure how much
// the luma of each 8×8 block (aligned with the JPEG grid) changes. Parts of a photo that went through the same
// compression history change by a similar amount for the same detail; an area pasted from another image, or edited
// after an earlier save, often changes more (or less). Re-save quality: ten below the file's own estimated quality,
// capped at 80 (80 when unknown). At or above the last quality a re-save is almost idempotent for every area and the
// map collapses to rounding noise (we measured no separation at 90–95 on a q90 file); below it every area is
// re-quantised, and areas whose earlier history put them near a coarser grid change less — a one-quality cousin of
// Farid's JPEG ghosts (2009). Luma only: chroma subsampling makes coloured edges dominate a per-channel maximum.
// The classic false positive of ELA is detail — edges always change more — so each block's error is divided by the
// error expected for its detail (median error of blocks ranked into 16 detail groups, detail measured at half
// resolution so that fine grain, which compression history itself keeps or removes, does not count); the log
// ratio is smoothed over 5 × 5 blocks (40 px), scaled by its robust spread (median/MAD) and groups of blocks beyond
// 3.5 spreads become regions.
public sealed class ErrorLevelAnalysisDetector : PixelDetector
{
    internal const int DefaultResaveQuality = 80;
    private const float Threshold = 3.5f;
    private const int MinSide = 128;

    public override string Id => "ela";

    public override string Description => "Error Level Analysis: re-saves the image as JPEG and flags areas whose compression error differs from the rest.";

    public override EvidenceCategory Category => EvidenceCategory.Compression;

    protected override IReadOnlyList<Evidence> Analyze(AnalysisContext context, DecodedImage decoded, int? jpegQuality, CancellationToken cancellationToken)
    {
        var resave = ResaveQualityFor(jpegQuality);
        var map = Analyze(decoded.Image, context.Limits.MaxPixels, cancellationToken, resave);
        return Report(map, decoded, jpegQuality, resave);
    }

    /// <summary>Computes the texture-normalised error-level map of <paramref name="image"/>; exposed to tests and benchmarks.</summary>
    internal static ElaMap Analyze(RgbImage image, long maxPixels, CancellationToken cancellationToken, int resaveQuality = DefaultResaveQuality)
    {
        var w = image.Width;
        var h = image.Height;
        var bw = w / 8;
        var bh = h / 8;
        if (bw < 4 || bh < 4)
        {
            return new ElaMap(w, h, bw, bh, [], [], [], [], 0f, 0f);
        }

        using var resavedMat = JpegResave.DecodedBgr(image, resaveQuality);
        cancellationToken.ThrowIfCancellationRequested();
        var resaved = Bytes(resavedMat);
        var luma = image.Luma();
        var error = new float[bw * bh];
        var detail = new float[bw * bh];
        var usable = new bool[bw * bh];
        var cell = new float[16];
        for (var by = 0; by < bh; by++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            for (var bx = 0; bx < bw; bx++)
            {
                float sum = 0;
                var clipped = 0;
                Array.Clear(cell);
                for (var y = by * 8; y < (by * 8) + 8; y++)
                {
                    var row = y * w;
                    var cellRow = ((y - (by * 8)) >> 1) * 4;
                    for (var x = bx * 8; x < (bx * 8) + 8; x++)
                    {
                        var l = luma[row + x];

                        // The re-save's luma as RgbImage.Luma computes it (same float operations, BGR order in memory), without a 4-byte-per-pixel plane.
                        var j = (row + x) * 3;
                        var back = (0.299f * resaved[j + 2]) + (0.587f * resaved[j + 1]) + (0.114f * resaved[j]);
                        sum += Math.Abs(l - back);
                        if (l < 2f || l > 253f)
                        {
                            clipped++;
                        }

                        cell[cellRow + ((x - (bx * 8)) >> 1)] += l;
                    }
                }

                // Detail from the block at half resolution (2×2 means): edges and shading count, pixel-level grain
                // (which JPEG history itself removes or keeps) does not.
                float grad = 0;
                for (var cy = 0; cy < 4; cy++)
                {
                    for (var cx = 0; cx < 4; cx++)
                    {
                        var v = cell[(cy * 4) + cx];
                        grad += cx < 3 ? Math.Abs(cell[(cy * 4) + cx + 1] - v) : 0f;
                        grad += cy < 3 ? Math.Abs(cell[((cy + 1) * 4) + cx] - v) : 0f;
                    }
                }

                var i = (by * bw) + bx;
                error[i] = sum / 64f;
                detail[i] = grad / (24f * 4f);
                usable[i] = clipped < 48;
            }
        }

        var expected = ExpectedError(error, detail, usable);
        var logRatio = new float[error.Length];
        for (var i = 0; i < error.Length; i++)
        {
            logRatio[i] = usable[i] ? MathF.Log((error[i] + 0.25f) / (expected[i] + 0.25f)) : 0f;
        }

        var smooth = BlockMaps.BoxMean(logRatio, usable, bw, bh, 2);
        var (median, mad) = BlockMaps.MedianAndMad(smooth, usable);
        var spread = Math.Max(0.05f, mad * BlockMaps.MadToSigma);
        var z = new float[smooth.Length];
        for (var i = 0; i < z.Length; i++)
        {
            z[i] = usable[i] ? (smooth[i] - median) / spread : 0f;
        }

        var (meanError, _) = BlockMaps.MedianAndMad(error, usable);
        var (meanDetail, _) = BlockMaps.MedianAndMad(detail, usable);
        return new ElaMap(w, h, bw, bh, error, detail, z, usable, meanError, meanDetail);
    }

    /// <summary>The bytes of a continuous 8-bit mat, read in place (valid while the mat lives).</summary>
    private static unsafe ReadOnlySpan<byte> Bytes(OpenCvSharp.Mat mat) => new((void*)mat.Data, checked((int)(mat.Total() * mat.ElemSize())));

    /// <summary>Ten below the file's own quality (at most 80, at least 60); 80 when unknown or not a JPEG.</summary>
    internal static int ResaveQualityFor(int? quality) => Math.Clamp((quality ?? 90) - 10, 60, DefaultResaveQuality);

    /// <summary>
    /// Error expected for each block's detail: blocks are ranked by detail, cut into 16 equal groups, and the
    /// median error of each group is interpolated at the block's detail (monotone in detail, robust to a splice).
    /// </summary>
    private static float[] ExpectedError(float[] error, float[] detail, bool[] usable)
    {
        var idx = new List<int>(error.Length);
        for (var i = 0; i < error.Length; i++)
        {
            if (usable[i])
            {
                idx.Add(i);
            }
        }

        var expected = new float[error.Length];
        if (idx.Count < 16)
        {
            return expected;
        }

        idx.Sort((p, q) => detail[p].CompareTo(detail[q]));
        const int Bins = 16;
        var binDetail = new float[Bins];
        var binError = new float[Bins];
        var scratch = new float[(idx.Count / Bins) + 2];
        for (var k = 0; k < Bins; k++)
        {
            var from = k * idx.Count / Bins;
            var to = (k + 1) * idx.Count / Bins;
            var n = 0;
            for (var j = from; j < to; j++)
            {
                scratch[n++] = error[idx[j]];
            }

            binError[k] = BlockMaps.Median(scratch.AsSpan(0, n));
            n = 0;
            for (var j = from; j < to; j++)
            {
                scratch[n++] = detail[idx[j]];
            }

            binDetail[k] = BlockMaps.Median(scratch.AsSpan(0, n));
        }

        for (var i = 0; i < error.Length; i++)
        {
            var d = detail[i];
            if (d <= binDetail[0])
            {
                expected[i] = binError[0];
                continue;
            }

            if (d >= binDetail[Bins - 1])
            {
                expected[i] = binError[Bins - 1];
                continue;
            }

            var k = 1;
            while (k < Bins - 1 && binDetail[k] < d)
            {
                k++;
            }

            var span = binDetail[k] - binDetail[k - 1];
            var t = span > 1e-6f ? (d - binDetail[k - 1]) / span : 0.5f;
            expected[i] = binError[k - 1] + (t * (binError[k] - binError[k - 1]));
        }

        return expected;
    }

    private IReadOnlyList<Evidence> Report(ElaMap map, DecodedImage decoded, int? quality, int resave)
    {
        var inv = CultureInfo.InvariantCulture;
        var usableCount = 0;
        foreach (var u in map.Usable)
        {
            usableCount += u ? 1 : 0;
        }

        var (reliability, caveat) = Reliability(map, decoded, quality, usableCount);
        var facts = new List<Fact>
        {
            new("re-save quality", resave.ToString(inv)),
            new("typical error level (grey levels)", map.MedianError.ToString("0.00", inv)),
        };
        if (quality is { } q)
        {
            facts.Add(new Fact("JPEG quality (estimated)", q.ToString(inv)));
        }

        if (usableCount < 64)
        {
            return
            [
                new Evidence
                {
                    Id = "ela.uniform",
                    DetectorId = Id,
                    Category = Category,
                    Direction = EvidenceDirection.Neutral,
                    Title = "Error levels could not be compared",
                    Explanation = "The image is too small or too flat (or mostly black/white) to compare compression error levels between its parts." + caveat,
                    Reliability = reliability,
                    Facts = facts,
                },
            ];
        }

        var absZ = new float[map.Z.Length];
        for (var i = 0; i < absZ.Length; i++)
        {
            absZ[i] = map.Usable[i] ? Math.Abs(map.Z[i]) : 0f;
        }

        var heatmap = BlockMaps.ToHeatmap(absZ, map.BlocksWide, map.BlocksHigh, 2f, 8f,
            "Compression error level compared with similar detail elsewhere (red: very different)");
        var components = BlockMaps.Components(absZ, map.BlocksWide, map.BlocksHigh, Threshold, 8, 8, map.Width, map.Height);
        var minCells = Math.Max(6, usableCount / 400);
        components.RemoveAll(c => c.Cells < minCells || c.Cells * 3 > usableCount);
        // Score: how far the strongest area stands out (mean spreads beyond the threshold) times how large it is
        // (full weight from about 120 blocks, ≈ 90 × 90 px): small patches of unusual error are mostly content.
        // A lower error level counts 0.6: smooth or clipped content produces it more often than editing does.
        var score = 0.0;
        if (components.Count > 0)
        {
            var top = components[0];
            var strength = Math.Clamp((top.MeanScore - Threshold) / 3.0, 0, 1);
            var size = Math.Clamp(top.Cells / 120.0, 0, 1);
            var sign = MeanZ(map, top) > 0 ? 1.0 : 0.6;
            score = Math.Clamp((0.4 + (0.6 * strength)) * size * sign, 0, 1);
        }

        facts.Add(new Fact("inconsistency score", score.ToString("0.00", inv)));
        if (score < 0.3)
        {
            return
            [
                new Evidence
                {
                    Id = "ela.uniform",
                    DetectorId = Id,
                    Category = Category,
                    Direction = EvidenceDirection.Neutral,
                    Title = "No area with a different compression error level",
                    Explanation = $"Re-saving the image as JPEG (quality {resave}) changes all its parts about as much as their amount of detail predicts " +
                        $"(inconsistency score {score:0.00}). Pasted areas with another compression history often stand out here; a uniform result does not prove the image is untouched." + caveat,
                    Reliability = reliability,
                    Facts = facts,
                    Heatmap = heatmap,
                },
            ];
        }

        var regions = new List<Region>();
        foreach (var c in components.Take(3))
        {
            regions.Add(new Region(c.X, c.Y, c.Width, c.Height, Math.Clamp((c.MeanScore - Threshold) / 5.0, 0.05, 1),
                MeanZ(map, c) > 0 ? "higher error level" : "lower error level"));
        }

        var lead = regions[0];
        return
        [
            new Evidence
            {
                Id = "ela.inconsistent-regions",
                DetectorId = Id,
                Category = Category,
                Direction = EvidenceDirection.Manipulated,
                Title = $"{regions.Count} area{(regions.Count > 1 ? "s" : string.Empty)} with a different compression error level",
                Explanation = $"Re-saving the image as JPEG (quality {resave}) changes the area at ({lead.X}, {lead.Y}), {lead.Width} × {lead.Height} px, " +
                    $"{(lead.Label.StartsWith('h') ? "more" : "less")} than other parts with similar detail (inconsistency score {score:0.00}; 0 is uniform). " +
                    "Parts of one photo saved together usually respond alike; an area pasted from another image, or edited after the last save, often does not. " +
                    "Sharp edges, text and very smooth areas can also stand out, so compare the marked area with the picture." + caveat,
                LikelihoodRatio = 1.0 + (2.0 * score),
                Reliability = reliability,
                Facts = facts,
                Heatmap = heatmap,
                Regions = regions,
            },
        ];
    }

    private static (double Reliability, string Caveat) Reliability(ElaMap map, DecodedImage decoded, int? quality, int usableCount)
    {
        var reliability = 0.65;
        var caveats = new List<string>();
        if (decoded.Format != MediaFormat.Jpeg)
        {
            reliability = 0.15;
            caveats.Add($"this {decoded.Format.ToString().ToUpperInvariant()} file is not a JPEG, so error levels mostly reflect detail and texture, not compression history (they only help if it was a JPEG before conversion)");
        }
        else if (quality is < 70)
        {
            reliability = 0.2;
            caveats.Add($"the JPEG is heavily compressed (quality about {quality}), which erases the differences ELA looks for");
        }
        else if (quality is null)
        {
            reliability = 0.4;
            caveats.Add("the JPEG quality could not be read");
        }
        else if (quality >= 98)
        {
            reliability = 0.4;
            caveats.Add($"the file was saved at a very high quality (about {quality}), which keeps little trace of earlier compression");
        }

        if (Math.Min(map.Width, map.Height) < MinSide)
        {
            reliability = Math.Min(reliability, 0.1);
            caveats.Add("the image is very small");
        }

        if (usableCount < 64 || map.MedianDetail < 0.3f)
        {
            reliability = Math.Min(reliability, 0.1);
            caveats.Add("the image is almost flat, so there is little compression error to compare");
        }

        if (decoded.Incomplete)
        {
            reliability = Math.Min(reliability, 0.1);
            caveats.Add("the file is truncated and part of the image is filled grey");
        }

        var caveat = caveats.Count == 0 ? string.Empty : " Reliability is reduced: " + string.Join("; ", caveats) + ".";
        return (reliability, caveat);
    }

    private static double MeanZ(ElaMap map, BlockMaps.Component c)
    {
        double sum = 0;
        var n = 0;
        for (var by = c.Y / 8; by < Math.Min(map.BlocksHigh, (c.Y + c.Height + 7) / 8); by++)
        {
            for (var bx = c.X / 8; bx < Math.Min(map.BlocksWide, (c.X + c.Width + 7) / 8); bx++)
            {
                var i = (by * map.BlocksWide) + bx;
                if (map.Usable[i])
                {
                    sum += map.Z[i];
                    n++;
                }
            }
        }

        return n == 0 ? 0 : sum / n;
    }

    /// <summary>Per 8×8 block: mean re-save error, detail (mean luma gradient), smoothed robust deviation (z) and usability.</summary>
    internal sealed record ElaMap(int Width, int Height, int BlocksWide, int BlocksHigh, float[] Error, float[] Detail, float[] Z, bool[] Usable, float MedianError, float MedianDetail);
}
