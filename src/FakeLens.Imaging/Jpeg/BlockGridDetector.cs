using System.Globalization;
using FakeLens.Core.Detection;
using FakeLens.Core.Evidence;
using FakeLens.Core.Media;
using FakeLens.Imaging.Decoding;
using FakeLens.Imaging.Noise;

namespace FakeLens.Imaging.Jpeg;

// Method: block-grid inconsistency, after the blocking-artifact grid of Li, Yuan & Yu (2009, "Passive detection of
// doctored JPEG image via block artifact grid extraction", Signal Processing 89) and the grid-alignment idea of CAGI
// (Iakovidou et al. 2018). JPEG leaves a faint step at every 8-pixel block boundary. For each luma pixel pair the
// horizontal and vertical steps d = |L(x+1) − L(x)| are turned into a local peak measure r = d − (d_left + d_right)/2,
// clipped to ±2 grey levels (block steps are about that size; texture and edges, much larger, then only add a bounded
// noise), and summed by boundary phase ((x + 1) mod 8, (y + 1) mod 8) in 16 × 16-pixel cells; windows of 5 × 5 cells
// (80 × 80 px) give each area its own 8-phase profile. The image's grid is the phase with the largest sum over the
// whole image, and the image's centred mean profile is the shape of its grid (the peak and the ringing around it).
// Per window and direction the centred local profile is projected on that shape: the amplitude G says how strongly
// the image's grid is present; the largest positive residual, in standard errors of a phase mean (mean |r| / 0.8 /
// √n), is F, a peak the image's grid does not explain — a foreign grid. Over the image both become robust z-scores
// (median, 1.4826·MAD); the map is max(z_F, −z_G): a grid shifted against the rest (content pasted from another JPEG,
// moved within the picture, or recompressed on a shifted grid) or a grid missing (resampled, rotated, painted or
// inpainted content lost the earlier compression's grid). Runs on decoded pixels of any format (a PNG made from a
// JPEG keeps the grid), with low reliability when there is no grid at all. Weak in heavy texture under a final save
// at quality ≥ 90 (the steps drown); see the tamper-set figures. Memory: the shared luma plane, 18 floats per cell.
public sealed class BlockGridDetector : PixelDetector
{
    internal const int Cell = 16;
    private const int Radius = 2;
    private const float Clip = 2f;
    private const float Threshold = 3.5f;

    public override string Id => "jpeg.block-grid";

    public override string Description => "Block-grid analysis: maps where the 8×8 JPEG block grid is missing, shifted or stronger than in the rest of the image.";

    public override EvidenceCategory Category => EvidenceCategory.Compression;

    protected override IReadOnlyList<Evidence> Analyze(AnalysisContext context, DecodedImage decoded, int? jpegQuality, CancellationToken cancellationToken)
    {
        var map = Analyze(decoded.Image, cancellationToken);
        return Report(map, decoded, jpegQuality);
    }

    /// <summary>The block-grid map of <paramref name="image"/>; exposed to tests.</summary>
    internal static GridMap Analyze(RgbImage image, CancellationToken cancellationToken)
    {
        int w = image.Width, h = image.Height;
        int gw = w / Cell, gh = h / Cell;
        if (gw < 6 || gh < 6)
        {
            return GridMap.Empty(gw, gh);
        }

        var luma = image.Luma();
        var cells = gw * gh;

        // acc[cell * 18 + p]: horizontal phase sums p = 0..7, vertical 8..15, |r| horizontal 16, vertical 17.
        var acc = new float[cells * 18];
        for (var y = 0; y < gh * Cell; y++)
        {
            if ((y & 63) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            var row = y * w;
            var cellRow = (y / Cell) * gw;
            for (var x = 1; x < (gw * Cell) - 1 && x + 2 < w; x++)
            {
                var d = Math.Abs(luma[row + x + 1] - luma[row + x]);
                var dl = Math.Abs(luma[row + x] - luma[row + x - 1]);
                var dr = Math.Abs(luma[row + x + 2] - luma[row + x + 1]);
                var r = Math.Clamp(d - (0.5f * (dl + dr)), -Clip, Clip);
                var c = (cellRow + (x / Cell)) * 18;
                acc[c + ((x + 1) & 7)] += r;
                acc[c + 16] += Math.Abs(r);
            }

            if (y < 1 || y + 2 >= h)
            {
                continue;
            }

            for (var x = 0; x < gw * Cell; x++)
            {
                var d = Math.Abs(luma[row + w + x] - luma[row + x]);
                var du = Math.Abs(luma[row + x] - luma[row - w + x]);
                var dd = Math.Abs(luma[row + (2 * w) + x] - luma[row + w + x]);
                var r = Math.Clamp(d - (0.5f * (du + dd)), -Clip, Clip);
                var c = (cellRow + (x / Cell)) * 18;
                acc[c + 8 + ((y + 1) & 7)] += r;
                acc[c + 17] += Math.Abs(r);
            }
        }

        // The image's grid: the phases with the largest totals.
        Span<double> total = stackalloc double[16];
        for (var i = 0; i < cells; i++)
        {
            for (var p = 0; p < 16; p++)
            {
                total[p] += acc[(i * 18) + p];
            }
        }

        int gx = 0, gy = 0;
        for (var p = 1; p < 8; p++)
        {
            gx = total[p] > total[gx] ? p : gx;
            gy = total[8 + p] > total[8 + gy] ? p : gy;
        }

        var globalStrength = (Excess(total[..8], gx) + Excess(total[8..], gy)) / 2;

        // Window sums over (2R+1)² cells via a summed-area table per accumulator.
        var sat = new double[(gw + 1) * (gh + 1) * 18];
        for (var y = 0; y < gh; y++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            for (var x = 0; x < gw; x++)
            {
                var o = (((y + 1) * (gw + 1)) + x + 1) * 18;
                var up = ((y * (gw + 1)) + x + 1) * 18;
                var left = (((y + 1) * (gw + 1)) + x) * 18;
                var diag = ((y * (gw + 1)) + x) * 18;
                var a = ((y * gw) + x) * 18;
                for (var k = 0; k < 18; k++)
                {
                    sat[o + k] = acc[a + k] + sat[up + k] + sat[left + k] - sat[diag + k];
                }
            }
        }

        // The image's mean phase profile per direction, centred: the shape of its own grid (peak and the ringing
        // around it) that every area should repeat with some amplitude.
        Span<float> shapeH = stackalloc float[8];
        Span<float> shapeV = stackalloc float[8];
        Centre(total[..8], shapeH);
        Centre(total[8..], shapeV);
        var g = new float[cells];
        var f = new float[cells];
        Span<float> win = stackalloc float[18];
        Span<float> local = stackalloc float[8];
        for (var y = 0; y < gh; y++)
        {
            int y0 = Math.Max(0, y - Radius), y1 = Math.Min(gh, y + Radius + 1);
            for (var x = 0; x < gw; x++)
            {
                int x0 = Math.Max(0, x - Radius), x1 = Math.Min(gw, x + Radius + 1);
                var n = (float)((y1 - y0) * (x1 - x0) * Cell * Cell / 8);
                for (var k = 0; k < 18; k++)
                {
                    win[k] = (float)(sat[(((y1 * (gw + 1)) + x1) * 18) + k] - sat[(((y0 * (gw + 1)) + x1) * 18) + k]
                        - sat[(((y1 * (gw + 1)) + x0) * 18) + k] + sat[(((y0 * (gw + 1)) + x0) * 18) + k]) / n;
                }

                // Standard error of one phase mean: mean |r| ≈ 0.8 σ for a Laplacian-like r.
                var (ah, fh) = Profile(win[..8], shapeH, local);
                var (av, fv) = Profile(win[8..16], shapeV, local);
                var seH = (win[16] / 8 / 0.8f) / MathF.Sqrt(n);
                var seV = (win[17] / 8 / 0.8f) / MathF.Sqrt(n);
                var i = (y * gw) + x;
                g[i] = 0.5f * (ah + av);
                f[i] = (fh / (seH + 1e-6f)) + (fv / (seV + 1e-6f));
            }
        }

        var use = new bool[cells];
        Array.Fill(use, true);
        var (gMed, gMad) = BlockMaps.MedianAndMad(g, use);
        var (fMed, fMad) = BlockMaps.MedianAndMad(f, use);
        var gs = Math.Max(0.01f, gMad * BlockMaps.MadToSigma);
        var fs = Math.Max(0.01f, fMad * BlockMaps.MadToSigma);
        var score = new float[cells];
        var shifted = new float[cells];
        var weaker = new float[cells];
        for (var i = 0; i < cells; i++)
        {
            var zf = (f[i] - fMed) / fs;
            var zg = (g[i] - gMed) / gs;
            shifted[i] = zf;
            weaker[i] = -zg;
            score[i] = Math.Max(0f, Math.Max(zf, -zg));
        }

        return new GridMap(gw, gh, gx, gy, (float)globalStrength, gMed, score, shifted, weaker);
    }

    /// <summary>Removes the mean of the 8 phase sums and scales the profile to unit length.</summary>
    private static void Centre(ReadOnlySpan<double> phases, Span<float> shape)
    {
        double mean = 0;
        for (var p = 0; p < 8; p++)
        {
            mean += phases[p] / 8;
        }

        double norm = 0;
        for (var p = 0; p < 8; p++)
        {
            norm += (phases[p] - mean) * (phases[p] - mean);
        }

        norm = Math.Sqrt(norm) + 1e-12;
        for (var p = 0; p < 8; p++)
        {
            shape[p] = (float)((phases[p] - mean) / norm);
        }
    }

    /// <summary>
    /// Projects the local centred profile on the image's grid shape: the amplitude (how strongly the image's grid is
    /// present here) and the largest positive residual (a peak the image's grid does not explain: a foreign grid).
    /// </summary>
    private static (float Amplitude, float Foreign) Profile(ReadOnlySpan<float> phases, ReadOnlySpan<float> shape, Span<float> local)
    {
        float mean = 0;
        for (var p = 0; p < 8; p++)
        {
            mean += phases[p] / 8;
        }

        float amplitude = 0;
        for (var p = 0; p < 8; p++)
        {
            local[p] = phases[p] - mean;
            amplitude += local[p] * shape[p];
        }

        var foreign = 0f;
        for (var p = 0; p < 8; p++)
        {
            foreign = Math.Max(foreign, local[p] - (amplitude * shape[p]));
        }

        return (amplitude, foreign);
    }

    /// <summary>How much the largest phase stands above the mean of the others, relative to that mean's size.</summary>
    private static double Excess(ReadOnlySpan<double> phases, int grid)
    {
        double others = 0, absOthers = 0;
        for (var p = 0; p < 8; p++)
        {
            if (p != grid)
            {
                others += phases[p] / 7;
                absOthers += Math.Abs(phases[p]) / 7;
            }
        }

        return (phases[grid] - others) / (absOthers + 1e-9);
    }

    private IReadOnlyList<Evidence> Report(GridMap map, DecodedImage decoded, int? quality)
    {
        var inv = CultureInfo.InvariantCulture;
        var facts = new List<Fact>();
        if (map.Score.Length == 0)
        {
            facts.Add(new Fact("score", "0"));
            return
            [
                new Evidence
                {
                    Id = "jpeg.block-grid.uniform",
                    DetectorId = Id,
                    Category = Category,
                    Direction = EvidenceDirection.Neutral,
                    Title = "Block grid not checked",
                    Explanation = "The image is too small (under 96 × 96 pixels) to compare the JPEG block grid between its parts.",
                    Reliability = 0,
                    Facts = facts,
                },
            ];
        }

        // 0.3 at best: on the tamper set (final save at quality 90) the map separates edited areas only weakly
        // (image AUC 0.55, pixel F1 0.16), so it should not outweigh the stronger maps in the fusion.
        var gridPresent = map.GlobalStrength > 0.5;
        var reliability = 0.3;
        var caveats = new List<string>();
        if (!gridPresent)
        {
            reliability = 0.1;
            caveats.Add("the image shows almost no 8×8 block grid (never JPEG-compressed, resized after compression, or saved at a very high quality)");
        }
        else if (decoded.Format != MediaFormat.Jpeg)
        {
            reliability = 0.25;
            caveats.Add($"this {decoded.Format.ToString().ToUpperInvariant()} file carries the grid of an earlier JPEG compression");
        }
        else if (quality is >= 98)
        {
            reliability = 0.15;
            caveats.Add($"the file was saved at a very high quality (about {quality}), whose grid is faint");
        }

        if (Math.Min(decoded.Image.Width, decoded.Image.Height) < 128)
        {
            reliability = Math.Min(reliability, 0.1);
            caveats.Add("the image is very small");
        }

        var caveat = caveats.Count == 0 ? string.Empty : " Reliability is reduced: " + string.Join("; ", caveats) + ".";
        facts.Add(new Fact("image grid offset (x, y)", string.Create(inv, $"{map.GridX}, {map.GridY}")));
        facts.Add(new Fact("image grid strength", map.GlobalStrength.ToString("0.00", inv)));
        var heatmap = BlockMaps.ToHeatmap(map.Score, map.CellsWide, map.CellsHigh, 2f, 8f,
            "Areas whose 8×8 JPEG block grid is shifted, missing or stronger than in the rest of the image (red: strongly)");
        var components = BlockMaps.Components(map.Score, map.CellsWide, map.CellsHigh, Threshold, Cell, Cell, decoded.Image.Width, decoded.Image.Height);
        var cells = map.CellsWide * map.CellsHigh;
        components.RemoveAll(c => c.Cells < 6 || c.Cells * 2 > cells);
        var score = 0.0;
        if (components.Count > 0)
        {
            var top = components[0];
            var strength = Math.Clamp((top.MeanScore - Threshold) / 4.0, 0, 1);
            var size = Math.Clamp(top.Cells / 40.0, 0, 1);
            score = Math.Clamp((0.4 + (0.6 * strength)) * size * (gridPresent ? 1 : 0.3), 0, 1);
        }

        facts.Add(new Fact("score", score.ToString("0.000", inv)));
        var offsetText = map.GridX == 0 && map.GridY == 0 ? string.Empty
            : string.Create(inv, $" The image's own grid is offset by ({map.GridX}, {map.GridY}) pixels from the top-left corner, so the picture was cropped after an earlier JPEG save.");
        if (score < 0.3)
        {
            return
            [
                new Evidence
                {
                    Id = "jpeg.block-grid.uniform",
                    DetectorId = Id,
                    Category = Category,
                    Direction = EvidenceDirection.Neutral,
                    Title = "The JPEG block grid is consistent across the image",
                    Explanation = string.Create(inv, $"The faint 8×8 block pattern that JPEG compression leaves is about as strong and in the same place everywhere (score {score:0.00}). ") +
                        "Content pasted from another JPEG, or resampled or painted over, often breaks this pattern; no such area stands out here." + offsetText + caveat,
                    Reliability = reliability,
                    Facts = facts,
                    Heatmap = heatmap,
                },
            ];
        }

        var regions = components.Take(3).Select(c => new Region(c.X, c.Y, c.Width, c.Height, Math.Clamp((c.MeanScore - Threshold) / 5.0, 0.05, 1), Label(map, c))).ToList();
        var lead = regions[0];
        return
        [
            new Evidence
            {
                Id = "jpeg.block-grid.region",
                DetectorId = Id,
                Category = Category,
                Direction = EvidenceDirection.Manipulated,
                Title = $"{regions.Count} area{(regions.Count > 1 ? "s" : string.Empty)} where the JPEG block grid does not fit",
                Explanation = string.Create(inv, $"In the area at ({lead.X}, {lead.Y}), {lead.Width} × {lead.Height} px, the 8×8 block pattern of JPEG compression is {lead.Label} (score {score:0.00}). ") +
                    "Parts of one photo saved together share one grid; content pasted from another JPEG usually brings its own grid at another offset, and resampled, rotated or painted content loses it. " +
                    "Strong regular texture (brick, fabric, text) can imitate a grid, so compare the marked area with the picture." + offsetText + caveat,
                LikelihoodRatio = 1.0 + (2.0 * score),
                Reliability = reliability,
                Facts = facts,
                Heatmap = heatmap,
                Regions = regions,
            },
        ];
    }

    private static string Label(GridMap map, BlockMaps.Component c)
    {
        double shifted = 0, weaker = 0;
        var n = 0;
        for (var y = c.Y / Cell; y < Math.Min(map.CellsHigh, (c.Y + c.Height) / Cell); y++)
        {
            for (var x = c.X / Cell; x < Math.Min(map.CellsWide, (c.X + c.Width) / Cell); x++)
            {
                var i = (y * map.CellsWide) + x;
                shifted += map.Shifted[i];
                weaker += map.Weaker[i];
                n++;
            }
        }

        if (n == 0)
        {
            return "different";
        }

        shifted /= n;
        weaker /= n;
        return shifted >= Math.Abs(weaker) ? "shifted against the rest of the image" : weaker > 0 ? "missing or weaker than elsewhere" : "stronger than elsewhere";
    }

    /// <summary>Per 16 × 16 cell: the combined score and its parts (foreign-grid z, missing-grid z); the image grid's phase and strength.</summary>
    internal sealed record GridMap(int CellsWide, int CellsHigh, int GridX, int GridY, float GlobalStrength, float MedianGrid, float[] Score, float[] Shifted, float[] Weaker)
    {
        public static GridMap Empty(int w, int h) => new(w, h, 0, 0, 0, 0, [], [], []);
    }
}
