using System.Globalization;
using FakeLens.Core.Detection;
using FakeLens.Core.Evidence;
using FakeLens.Core.Media;
using FakeLens.Imaging.Decoding;
using FakeLens.Imaging.Noise;

namespace FakeLens.Imaging.Jpeg;

// Method: JPEG ghosts (Farid 2009, "Exposing digital forgeries from JPEG ghosts", IEEE TIFS 4(1)). An area that was
// once saved at quality q1 changes least when the image is re-saved at q1 again, even after a later save at another
// quality; the rest of the picture has its minimum elsewhere. Parameters: the decoded luma is re-saved as a
// one-component JPEG (SkiaSharp, libjpeg-turbo, the file's own 8×8 grid; the luma table of an RGB save, without the
// chroma work) at qualities 50, 55, … 95, keeping only those at least 3 below the file's own quality (a re-save at
// or above it is nearly idempotent everywhere); the squared luma difference is averaged over 16 × 16-pixel cells
// (Farid's b = 16). Farid normalises each difference map to [0, 1] over the image; content (texture) then still
// dominates, so instead each cell's log-difference curve over the qualities is centred on its own mean (its level;
// what remains is the curve's shape), the shape expected for the cell's level of detail (medians of 8 groups of
// cells ranked by level, interpolated) is subtracted, and, per quality, cells are scored by how far their value lies
// below the image's median in robust spreads (median / 1.4826·MAD). A ghost is a group of cells whose curve dips at
// one quality where the rest does not; the map shows the quality where the dip is most pronounced (mean of the top
// 2 % cells, after a 3 × 3-cell mean). On the tamper set the level correction lifted image AUC from 0.60 to 0.73 and
// pixel F1 from 0.42 to 0.61. Flat or clipped cells (no difference at any quality) are left out. Works on any
// decoded image, but only JPEGs have a known last quality, so other formats get a low reliability. Large images are
// re-saved in strips of about 4 MP (bounded memory). The re-save is computed, not written: GreyJpegRoundTrip redoes
// libjpeg-turbo's integer DCT, quantisation and inverse DCT (the same bytes as a SkiaSharp encode + decode, tested),
// with one forward DCT for all qualities and no entropy coding — about 3× less CPU (issue 19).
public sealed class JpegGhostDetector : PixelDetector
{
    /// <summary>Cell side in pixels (Farid's averaging window b).</summary>
    internal const int Cell = 16;

    /// <summary>Smoothed score (robust spreads) from which cells belong to a ghost area.</summary>
    private const float Threshold = 3f;

    private const int MinSide = 96;

    public override string Id => "jpeg.ghosts";

    public override string Description => "JPEG ghosts: re-saves the image at a sweep of JPEG qualities and finds areas that were once saved at another quality than the rest.";

    public override EvidenceCategory Category => EvidenceCategory.Compression;

    protected override IReadOnlyList<Evidence> Analyze(AnalysisContext context, DecodedImage decoded, int? jpegQuality, CancellationToken cancellationToken)
    {
        var map = Analyze(decoded.Image, Qualities(jpegQuality), cancellationToken);
        return Report(map, decoded, jpegQuality);
    }

    /// <summary>Re-save qualities: 50, 55, … 95, only those at least 3 below the file's quality (at least 50..65).</summary>
    internal static int[] Qualities(int? fileQuality)
    {
        var top = Math.Max(65, Math.Min(95, (fileQuality ?? 98) - 3));
        var list = new List<int>();
        for (var q = 50; q <= top; q += 5)
        {
            list.Add(q);
        }

        return [.. list];
    }

    /// <summary>The ghost maps of <paramref name="image"/> for each quality in <paramref name="qualities"/>; exposed to tests.</summary>
    internal static GhostMap Analyze(RgbImage image, int[] qualities, CancellationToken cancellationToken)
    {
        var gw = image.Width / Cell;
        var gh = image.Height / Cell;
        var nq = qualities.Length;
        if (gw < 4 || gh < 4)
        {
            return new GhostMap(gw, gh, qualities, [], [], -1, 0);
        }

        var diff = ResaveDifferences(image, qualities, cancellationToken);
        var luma = image.Luma();
        var w = image.Width;
        var usable = new bool[gw * gh];

        // Usable cells: not mostly clipped, and some re-save difference at the lowest quality.
        for (var cy = 0; cy < gh; cy++)
        {
            for (var cx = 0; cx < gw; cx++)
            {
                var clipped = 0;
                for (var y = cy * Cell; y < (cy + 1) * Cell; y++)
                {
                    for (var x = cx * Cell; x < (cx + 1) * Cell; x++)
                    {
                        var l = luma[(y * w) + x];
                        clipped += l < 2f || l > 253f ? 1 : 0;
                    }
                }

                var i = (cy * gw) + cx;
                usable[i] = clipped < Cell * Cell / 2 && diff[0][i] / (Cell * Cell) > 0.5f;
            }
        }

        // Per cell: log mean squared difference, centred on the cell's own mean over the qualities (its level).
        var curve = new float[nq];
        var level = new float[gw * gh];
        for (var i = 0; i < gw * gh; i++)
        {
            float mean = 0;
            for (var k = 0; k < nq; k++)
            {
                curve[k] = MathF.Log((diff[k][i] / (Cell * Cell)) + 0.5f);
                mean += curve[k] / nq;
            }

            level[i] = mean;
            for (var k = 0; k < nq; k++)
            {
                diff[k][i] = curve[k] - mean;
            }
        }

        var order = Enumerable.Range(0, gw * gh).Where(i => usable[i]).OrderBy(i => level[i]).ToArray();

        var ghost = new float[nq][];
        var best = -1;
        var bestTop = float.NegativeInfinity;
        var usableCount = usable.Count(u => u);
        if (usableCount < 32)
        {
            return new GhostMap(gw, gh, qualities, [], usable, -1, usableCount);
        }

        var scratch = new float[gw * gh];
        for (var k = 0; k < nq; k++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            RemoveLevelTrend(diff[k], level, order);
            var (median, mad) = BlockMaps.MedianAndMad(diff[k], usable);
            var spread = Math.Max(0.02f, mad * BlockMaps.MadToSigma);
            var g = new float[gw * gh];
            for (var i = 0; i < g.Length; i++)
            {
                g[i] = usable[i] ? (median - diff[k][i]) / spread : 0f;
            }

            var smooth = BlockMaps.BoxMean(g, usable, gw, gh, 1);
            for (var i = 0; i < smooth.Length; i++)
            {
                smooth[i] = usable[i] ? smooth[i] : 0f;
            }

            ghost[k] = smooth;
            var top = (float)MapStatistics.TopMean(smooth, scratch, 0.02);
            if (top > bestTop)
            {
                bestTop = top;
                best = k;
            }
        }

        return new GhostMap(gw, gh, qualities, ghost, usable, best, usableCount);
    }

    /// <summary>
    /// Per quality, per 16 × 16 cell: the sum of squared differences between the luma and its re-save at that quality
    /// (strips of about 4 MP, each re-saved at every quality; <see cref="GreyJpegRoundTrip"/>); exposed to the equivalence test.
    /// </summary>
    internal static float[][] ResaveDifferences(RgbImage image, int[] qualities, CancellationToken cancellationToken)
    {
        var gw = image.Width / Cell;
        var gh = image.Height / Cell;
        var nq = qualities.Length;
        var diff = new float[nq][];
        for (var k = 0; k < nq; k++)
        {
            diff[k] = new float[gw * gh];
        }

        var luma = image.Luma();
        var w = image.Width;
        var rows = ImageStrips.RowsPerStrip(w);
        var used = gh * Cell;
        var cols = gw * Cell;
        var quantisers = qualities.Select(q => new GreyJpegRoundTrip.Quantiser(GreyJpegRoundTrip.LumaTable(q))).ToArray();
        var grey = new byte[w * rows];
        var back = new byte[cols * rows];
        var coefficients = new int[(cols / 8) * (rows / 8) * 64];
        for (var y0 = 0; y0 < used; y0 += rows)
        {
            var n = Math.Min(rows, used - y0);
            for (var i = 0; i < w * n; i++)
            {
                grey[i] = (byte)Math.Clamp((int)MathF.Round(luma[(y0 * w) + i]), 0, 255);
            }

            // The strip's re-save at every quality, as libjpeg-turbo would encode and decode it (same bytes), with one
            // forward DCT for all qualities and no entropy coding (issue 19: each quality was a SkiaSharp encode +
            // decode of the strip). Only the blocks of whole cells are needed; they never touch the padded right edge.
            GreyJpegRoundTrip.ForwardDct(grey, w, cols / 8, n / 8, coefficients);
            for (var k = 0; k < nq; k++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                GreyJpegRoundTrip.Reconstruct(coefficients, cols / 8, n / 8, quantisers[k], back, cols);
                var d = diff[k];
                for (var y = 0; y < n; y++)
                {
                    var lumaRow = luma.AsSpan((y0 + y) * w, cols);
                    var backRow = back.AsSpan(y * cols, cols);
                    var cellRow = ((y0 + y) / Cell) * gw;
                    for (int cx = 0, x = 0; cx < gw; cx++)
                    {
                        // The same float additions in the same order as d[cell] += e * e pixel by pixel.
                        var acc = d[cellRow + cx];
                        for (var end = x + Cell; x < end; x++)
                        {
                            var e = lumaRow[x] - backRow[x];
                            acc += e * e;
                        }

                        d[cellRow + cx] = acc;
                    }
                }
            }
        }

        return diff;
    }

    /// <summary>
    /// Subtracts from each usable cell the value expected for its level (detail): cells are ranked by level, cut into
    /// 8 equal groups, and the groups' medians are interpolated linearly — smooth and textured cells have differently
    /// shaped curves, and a ghost is a dip beyond what the cell's detail explains.
    /// </summary>
    private static void RemoveLevelTrend(float[] values, float[] level, int[] order)
    {
        const int Bins = 8;
        if (order.Length < Bins * 4)
        {
            return;
        }

        var binLevel = new float[Bins];
        var binValue = new float[Bins];
        var scratch = new float[(order.Length / Bins) + 2];
        for (var b = 0; b < Bins; b++)
        {
            int from = b * order.Length / Bins, to = (b + 1) * order.Length / Bins, n = 0;
            for (var j = from; j < to; j++)
            {
                scratch[n++] = values[order[j]];
            }

            binValue[b] = BlockMaps.Median(scratch.AsSpan(0, n));
            n = 0;
            for (var j = from; j < to; j++)
            {
                scratch[n++] = level[order[j]];
            }

            binLevel[b] = BlockMaps.Median(scratch.AsSpan(0, n));
        }

        foreach (var i in order)
        {
            var l = level[i];
            var b = 1;
            while (b < Bins - 1 && binLevel[b] < l)
            {
                b++;
            }

            var span = binLevel[b] - binLevel[b - 1];
            var t = span > 1e-6f ? Math.Clamp((l - binLevel[b - 1]) / span, 0f, 1f) : 0.5f;
            values[i] -= binValue[b - 1] + (t * (binValue[b] - binValue[b - 1]));
        }
    }

    private IReadOnlyList<Evidence> Report(GhostMap map, DecodedImage decoded, int? quality)
    {
        var inv = CultureInfo.InvariantCulture;
        var (reliability, caveat) = Reliability(map, decoded, quality);
        var facts = new List<Fact> { new("re-save qualities", string.Join(", ", map.Qualities.Select(q => q.ToString(inv)))) };
        if (quality is { } fq)
        {
            facts.Add(new Fact("JPEG quality (estimated)", fq.ToString(inv)));
        }

        if (map.Best < 0)
        {
            facts.Add(new Fact("score", "0"));
            return
            [
                new Evidence
                {
                    Id = "jpeg.ghosts.uniform",
                    DetectorId = Id,
                    Category = Category,
                    Direction = EvidenceDirection.Neutral,
                    Title = "JPEG ghosts could not be looked for",
                    Explanation = "The image is too small, too flat or too clipped to compare how its parts respond to re-saving at different JPEG qualities." + caveat,
                    Reliability = Math.Min(reliability, 0.1),
                    Facts = facts,
                },
            ];
        }

        var best = map.Ghost[map.Best];
        var bestQuality = map.Qualities[map.Best];
        var positive = new float[best.Length];
        for (var i = 0; i < best.Length; i++)
        {
            positive[i] = Math.Max(0f, best[i]);
        }

        var heatmap = BlockMaps.ToHeatmap(positive, map.CellsWide, map.CellsHigh, 1f, 7f,
            string.Create(inv, $"JPEG ghost at quality {bestQuality}: areas that change less than the rest when re-saved at this quality (red: strongly)"));
        var components = BlockMaps.Components(best, map.CellsWide, map.CellsHigh, Threshold, Cell, Cell, decoded.Image.Width, decoded.Image.Height);
        components.RemoveAll(c => c.Cells < 4 || c.Cells * 2 > map.UsableCells);
        var score = 0.0;
        if (components.Count > 0)
        {
            var top = components[0];
            var strength = Math.Clamp((top.MeanScore - Threshold) / 3.0, 0, 1);
            var size = Math.Clamp(top.Cells / 30.0, 0, 1);
            score = Math.Clamp((0.4 + (0.6 * strength)) * size, 0, 1);
        }

        facts.Add(new Fact("most telling quality", bestQuality.ToString(inv)));
        facts.Add(new Fact("score", score.ToString("0.000", inv)));
        if (score < 0.3)
        {
            return
            [
                new Evidence
                {
                    Id = "jpeg.ghosts.uniform",
                    DetectorId = Id,
                    Category = Category,
                    Direction = EvidenceDirection.Neutral,
                    Title = "No JPEG ghost: all parts respond alike to re-saving",
                    Explanation = string.Create(inv, $"Re-saving the picture at JPEG qualities {map.Qualities[0]}–{map.Qualities[^1]} changes all its parts in a similar way (score {score:0.00}). ") +
                        "An area pasted from a picture saved at another quality often shows up as a 'ghost' that changes less at that quality; none stands out here. This does not prove the image is untouched." + caveat,
                    Reliability = reliability,
                    Facts = facts,
                    Heatmap = heatmap,
                },
            ];
        }

        var regions = components.Take(3)
            .Select(c => new Region(c.X, c.Y, c.Width, c.Height, Math.Clamp((c.MeanScore - Threshold) / 4.0, 0.05, 1), string.Create(inv, $"ghost at quality {bestQuality}")))
            .ToList();
        var lead = regions[0];
        return
        [
            new Evidence
            {
                Id = "jpeg.ghosts.region",
                DetectorId = Id,
                Category = Category,
                Direction = EvidenceDirection.Manipulated,
                Title = string.Create(inv, $"JPEG ghost: an area looks saved before at quality ≈ {bestQuality}"),
                Explanation = string.Create(inv, $"When the picture is re-saved at quality {bestQuality}, the area at ({lead.X}, {lead.Y}), {lead.Width} × {lead.Height} px, changes clearly less than the rest (score {score:0.00}). ") +
                    "That is the 'ghost' an area leaves when it was once saved as JPEG at about that quality while the rest of the picture was not — typical of content pasted in from another JPEG. " +
                    "Very smooth or uniformly textured areas can also respond differently, so look at whether the marked area's edges, lighting and sharpness fit the surroundings." + caveat,
                LikelihoodRatio = 1.0 + (2.0 * score),
                Reliability = reliability,
                Facts = facts,
                Heatmap = heatmap,
                Regions = regions,
            },
        ];
    }

    private static (double Reliability, string Caveat) Reliability(GhostMap map, DecodedImage decoded, int? quality)
    {
        var reliability = 0.6;
        var caveats = new List<string>();
        if (decoded.Format != MediaFormat.Jpeg)
        {
            reliability = 0.2;
            caveats.Add($"this {decoded.Format.ToString().ToUpperInvariant()} file is not a JPEG; ghosts only appear if it was a JPEG before conversion");
        }
        else if (quality is >= 98)
        {
            reliability = 0.3;
            caveats.Add($"the file was saved at a very high quality (about {quality}), which keeps earlier compressions but also lets texture dominate the comparison");
        }
        else if (quality is < 60)
        {
            reliability = 0.25;
            caveats.Add($"the file is heavily compressed (quality about {quality}), which overwrites the ghosts of earlier saves");
        }

        if (Math.Min(decoded.Image.Width, decoded.Image.Height) < MinSide || map.UsableCells < 64)
        {
            reliability = Math.Min(reliability, 0.1);
            caveats.Add("the image is small or mostly flat");
        }

        if (decoded.Incomplete)
        {
            reliability = Math.Min(reliability, 0.1);
            caveats.Add("the file is truncated");
        }

        return (reliability, caveats.Count == 0 ? string.Empty : " Reliability is reduced: " + string.Join("; ", caveats) + ".");
    }

    /// <summary>Per quality, the smoothed ghost score of every 16 × 16 cell (robust spreads below the image's median); <see cref="Best"/> indexes the most telling quality (−1: none).</summary>
    internal sealed record GhostMap(int CellsWide, int CellsHigh, int[] Qualities, float[][] Ghost, bool[] Usable, int Best, int UsableCells);
}
