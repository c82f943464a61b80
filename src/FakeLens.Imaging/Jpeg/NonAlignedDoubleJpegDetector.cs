using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using FakeLens.Core.Detection;
using FakeLens.Core.Evidence;
using FakeLens.Core.Media;
using FakeLens.Imaging.Decoding;
using FakeLens.Imaging.Noise;

namespace FakeLens.Imaging.Jpeg;

// Method: non-aligned double JPEG (NA-DJPG) after Bianchi & Piva (2012, "Detection of nonaligned double JPEG
// compression based on integer periodicity maps", IEEE TIFS 7(2)), reduced to the DC term. When content was JPEG-
// compressed on an 8×8 grid that is shifted by (r, c) ≠ (0, 0) against the file's grid (a crop after the first save,
// or an area pasted from another JPEG at an offset), the DCT of the decoded pixels taken on that shifted grid still
// has DC values close to multiples of the earlier DC step Q1, while on every other grid they are spread evenly. The
// DC of every 8×8 block at every one of the 63 non-zero offsets is an 8-pixel box sum of the luma (level-shifted by
// 128, divided by 8), computed with running sums row by row (memory: a few rows plus the accumulators). For each offset
// and each candidate step T = 5 … 16 (the DC steps of IJG qualities ≈ 50 … 85) every block contributes
// cos(2π · DC / T) — 1 on the lattice, 0 on average off it — summed in 16-pixel cells (coarser cells for images
// above 4 MP, bounded to 8 192 cells) and averaged over 3 × 3-cell windows (48 × 48 px: 36 blocks, so that areas of about 100 px still fill whole windows). The mean over all offsets of the same T is
// subtracted, so flat or clipped areas (whose DC is the same on every grid) do not count, and so is the excess of the
// aligned offset (0, 0) at the same step (an aligned earlier save leaks into neighbouring offsets in smooth areas). The hypothesis (offset, T)
// whose top 2 % windows stand highest above the other hypotheses (robust z over the 756 hypotheses) is the estimated
// primary grid; its window map is the heatmap, and its mean over the whole image says whether the primary
// compression of the whole picture sits off the file's grid (a crop after an earlier save). Needs the file to be a
// JPEG (the final grid is then known to be at (0, 0)); DC alone misses earlier qualities above ≈ 88 (step < 5), which
// the periodicity of AC terms in the full method would reach.
public sealed class NonAlignedDoubleJpegDetector : IDetector
{
    private const int MinT = 5;
    private const int MaxT = 16;
    private const int Steps = MaxT - MinT + 1;
    private const int Radius = 1;
    private const int MaxCells = 8_192;

    /// <summary>Robust z of the best hypothesis above which an earlier shifted compression is reported.</summary>
    private const double SignificantZ = 6;

    public string Id => "jpeg.nonaligned-double";

    public string Description => "Finds content that was JPEG-compressed before on an 8×8 grid shifted against the file's grid (non-aligned double JPEG).";

    public EvidenceCategory Category => EvidenceCategory.Compression;

    public bool AppliesTo(MediaType media) => media?.Format == MediaFormat.Jpeg;

    public ValueTask<IReadOnlyList<Evidence>> AnalyzeAsync(AnalysisContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var decoded = ImageDecoder.Get(context);
        if (decoded.Format != MediaFormat.Jpeg)
        {
            return ValueTask.FromResult<IReadOnlyList<Evidence>>([NotApplicable($"This is a {decoded.Format.ToString().ToUpperInvariant()} file, not a JPEG, so there is no compression grid to compare with.")]);
        }

        var quality = JpegHistory.Quality(context, decoded.Format);
        var map = Analyze(decoded.Image, cancellationToken);
        return ValueTask.FromResult(Report(map, decoded, quality));
    }

    private Evidence NotApplicable(string why) => new()
    {
        Id = Id,
        DetectorId = Id,
        Category = Category,
        Direction = EvidenceDirection.Neutral,
        Title = "Non-aligned double JPEG not applicable",
        Explanation = why,
        Reliability = 0,
    };

    /// <summary>
    /// For every 8 × 8 grid offset (64), quantisation step (5..16) and cell: the sum over block positions of
    /// cos(2π · DC / step), and per offset and cell the number of blocks; exposed to the equivalence test.
    /// </summary>
    /// <remarks>
    /// Issue 19: the blocks of one row of cells are summed in a small cell-major buffer (cell, offset, 16 step lanes;
    /// ~0.4 MB, stays in cache) and copied out when the next row of cells begins. Every (offset, step, cell) sum gets
    /// the same terms in the same order as before (a cell row's blocks are visited row by row, left to right, and no
    /// other row of blocks touches that cell), so the sums are bit-identical to the scattered accumulation (test).
    /// </remarks>
    internal static (float[] Sums, int[] Counts) PhaseSums(float[] luma, int w, int h, int cell, CancellationToken cancellationToken) =>
        PhaseSums(luma, w, h, cell, Vector256.IsHardwareAccelerated, cancellationToken);

    /// <summary>As <see cref="PhaseSums(float[], int, int, int, CancellationToken)"/>; <paramref name="vectors"/> = false runs the scalar loop (the test's reference).</summary>
    internal static (float[] Sums, int[] Counts) PhaseSums(float[] luma, int w, int h, int cell, bool vectors, CancellationToken cancellationToken)
    {
        const int Lanes = 16;
        int gw = w / cell, gh = h / cell;
        var cells = gw * gh;

        // Not cleared (issue 19, round 10: 25 MB at 16 MP): FlushCellRow writes every element once — every row of cells
        // 0 … gh − 1 is flushed (a block's row of cells advances by at most one per pixel row), each with all its cells.
        var sums = GC.AllocateUninitializedArray<float>(64 * Steps * cells);
        var counts = new int[64 * cells];
        var hRow = new float[8][];
        for (var k = 0; k < 8; k++)
        {
            hRow[k] = new float[w];
        }

        var vSum = new float[w];

        // Steps padded to 16 lanes; the 4 padding lanes (inverse 0) are computed and never read.
        var inverse = new float[Lanes];
        for (var t = 0; t < Steps; t++)
        {
            inverse[t] = 1f / (8f * (MinT + t));
        }

        // cos(2π · phase) tabulated at 1/256 of a period (error < 0.025, far below the noise of one block).
        var cosine = new float[256];
        for (var k = 0; k < 256; k++)
        {
            cosine[k] = MathF.Cos(2f * MathF.PI * (k + 0.5f) / 256f);
        }

        // One row of cells, cell-major: rowSums[((cx * 64) + shift) * 16 + t], rowCounts[(cx * 64) + shift].
        var rowSums = new float[gw * 64 * Lanes];
        var rowCounts = new int[gw * 64];
        var currentRow = -1;

        var vectorised = vectors && Vector256.IsHardwareAccelerated && Steps <= Lanes;
        var gather = vectorised && Avx2.IsSupported;
        var inverseLow = Vector256.Create<float>(inverse.AsSpan(0, 8));
        var inverseHigh = Vector256.Create<float>(inverse.AsSpan(8, 8));
        var scale = Vector256.Create(256f);
        var mask = Vector256.Create(255);
        Span<int> index = stackalloc int[Lanes];
        Span<float> terms = stackalloc float[Lanes];
        terms.Clear();
        ref var termsRef = ref MemoryMarshal.GetReference(terms);
        ref var cosRef = ref MemoryMarshal.GetArrayDataReference(cosine);

        // hRow[y % 8][x] = Σ_{k<8} (L(y, x + k) − 128); vSum[x] = Σ of the 8 rows y .. y+7 of hRow = 8 × DC of the block at (x, y).
        for (var y = 0; y < h; y++)
        {
            if ((y & 31) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            var slot = hRow[y & 7];
            var row = y * w;
            float run = 0;
            for (var x = 0; x < 8; x++)
            {
                run += luma[row + x] - 128f;
            }

            for (var x = 0; x + 8 <= w; x++)
            {
                slot[x] = run;
                if (x + 8 < w)
                {
                    run += luma[row + x + 8] - luma[row + x];
                }
            }

            for (var x = 0; x + 8 <= w; x++)
            {
                vSum[x] += slot[x];
            }

            if (y < 7)
            {
                continue;
            }

            // Blocks whose top row is y0 = y − 7.
            var y0 = y - 7;
            var r = y0 & 7;
            var cy = Math.Min(gh - 1, (y0 + 4) / cell);
            if ((y0 + 4) / cell < gh)
            {
                if (cy != currentRow)
                {
                    FlushCellRow(rowSums, rowCounts, sums, counts, currentRow, gw, cells);
                    currentRow = cy;
                }

                ref var accRef = ref MemoryMarshal.GetArrayDataReference(rowSums);
                for (var x0 = 0; x0 + 8 <= w; x0++)
                {
                    var cx = (x0 + 4) / cell;
                    if (cx >= gw)
                    {
                        break;
                    }

                    var shift = (r * 8) + (x0 & 7);
                    var slotIndex = (cx * 64) + shift;
                    var v = vSum[x0];
                    if (vectorised)
                    {
                        // The 12 table indices at once: the same float product, floor, difference and truncation as
                        // the scalar expression below, so the same indices; the 12 terms are then added lane by lane.
                        var offset = (nuint)(slotIndex * Lanes);
                        var phaseLow = Vector256.Create(v) * inverseLow;
                        var indexLow = Vector256.ConvertToInt32((phaseLow - Vector256.Floor(phaseLow)) * scale) & mask;
                        var phaseHigh = Vector256.Create(v) * inverseHigh;
                        var indexHigh = Vector256.ConvertToInt32((phaseHigh - Vector256.Floor(phaseHigh)) * scale) & mask;
                        if (gather)
                        {
                            (Vector256.LoadUnsafe(ref accRef, offset) + Gather(cosine, indexLow)).StoreUnsafe(ref accRef, offset);
                            (Vector256.LoadUnsafe(ref accRef, offset + 8) + Gather(cosine, indexHigh)).StoreUnsafe(ref accRef, offset + 8);
                        }
                        else
                        {
                            indexLow.CopyTo(index);
                            indexHigh.CopyTo(index[8..]);
                            for (var t = 0; t < Steps; t++)
                            {
                                Unsafe.Add(ref termsRef, t) = Unsafe.Add(ref cosRef, index[t]);
                            }

                            (Vector256.LoadUnsafe(ref accRef, offset) + Vector256.LoadUnsafe(ref termsRef)).StoreUnsafe(ref accRef, offset);
                            (Vector256.LoadUnsafe(ref accRef, offset + 8) + Vector256.LoadUnsafe(ref termsRef, 8)).StoreUnsafe(ref accRef, offset + 8);
                        }
                    }
                    else
                    {
                        var b = slotIndex * Lanes;
                        for (var t = 0; t < Steps; t++)
                        {
                            var phase = v * inverse[t];
                            rowSums[b + t] += cosine[(int)((phase - MathF.Floor(phase)) * 256f) & 255];
                        }
                    }

                    rowCounts[slotIndex]++;
                }
            }

            // Drop the oldest row from the vertical sum.
            var oldest = hRow[(y - 7) & 7];
            for (var x = 0; x + 8 <= w; x++)
            {
                vSum[x] -= oldest[x];
            }
        }

        FlushCellRow(rowSums, rowCounts, sums, counts, currentRow, gw, cells);
        return (sums, counts);
    }

    /// <summary>The 8 table entries at <paramref name="index"/> (each 0..255), one AVX2 gather.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe Vector256<float> Gather(float[] table, Vector256<int> index)
    {
        fixed (float* p = table)
        {
            return Avx2.GatherVector256(p, index, 4);
        }
    }

    /// <summary>Copies one row of cells' sums and counts into the offset-major arrays and clears the row buffer.</summary>
    private static void FlushCellRow(float[] rowSums, int[] rowCounts, float[] sums, int[] counts, int cy, int gw, int cells)
    {
        if (cy < 0)
        {
            return;
        }

        for (var cx = 0; cx < gw; cx++)
        {
            var ci = (cy * gw) + cx;
            for (var shift = 0; shift < 64; shift++)
            {
                var from = ((cx * 64) + shift) * 16;
                var to = ((shift * Steps) * cells) + ci;
                for (var t = 0; t < Steps; t++)
                {
                    sums[to + (t * cells)] = rowSums[from + t];
                }

                counts[(shift * cells) + ci] = rowCounts[(cx * 64) + shift];
            }
        }

        Array.Clear(rowSums);
        Array.Clear(rowCounts);
    }

    /// <summary>The lattice map of the best (offset, step) hypothesis for <paramref name="image"/>; exposed to tests.</summary>
    internal static LatticeMap Analyze(RgbImage image, CancellationToken cancellationToken)
    {
        int w = image.Width, h = image.Height;
        if (w < 64 || h < 64)
        {
            return LatticeMap.Empty;
        }

        var cell = 16;
        while ((long)(w / cell) * (h / cell) > MaxCells)
        {
            cell += 16;
        }

        int gw = w / cell, gh = h / cell;
        var cells = gw * gh;
        var (sums, counts) = PhaseSums(image.Luma(), w, h, cell, cancellationToken);

        // Window means per hypothesis, minus the mean over offsets of the same step.
        // Issue 19 (round 10): one step at a time through 64 reused maps (2 MB at 16 MP instead of 768 maps, 25 MB,
        // each allocated and zeroed), and one row-pass buffer for every box sum; the best hypothesis's map is then
        // computed again for its step by the same arithmetic (every map of a step depends only on that step's sums).
        var windowCount = new float[cells];
        var rowPass = new float[cells];
        var countSum = BoxSum(ToFloat(counts.AsSpan(0, cells)), gw, gh, rowPass, new float[cells]);
        for (var i = 0; i < cells; i++)
        {
            windowCount[i] = Math.Max(1f, countSum[i]);
        }

        var window = new float[64][];
        for (var s = 0; s < 64; s++)
        {
            window[s] = new float[cells];
        }

        var scratch = new float[cells];
        var stats = new double[63 * Steps];
        var mean = new float[cells];
        for (var t = 0; t < Steps; t++)
        {
            StepWindows(t);
            for (var s = 1; s < 64; s++)
            {
                stats[((s - 1) * Steps) + t] = MapStatistics.TopMean(window[s], scratch, 0.02);
            }
        }

        var best = 0;
        for (var k = 1; k < stats.Length; k++)
        {
            best = stats[k] > stats[best] ? k : best;
        }

        StepWindows(best % Steps);

        var sortedStats = (double[])stats.Clone();
        Array.Sort(sortedStats);
        var median = sortedStats[sortedStats.Length / 2];
        var deviations = sortedStats.Select(v => Math.Abs(v - median)).OrderBy(v => v).ToArray();
        var spread = Math.Max(1e-4, 1.4826 * deviations[deviations.Length / 2]);
        var z = (stats[best] - median) / spread;
        var bestShift = (best / Steps) + 1;
        var bestT = MinT + (best % Steps);
        var map = window[bestShift];

        // Whole-image lattice strength at the best hypothesis (a crop after an earlier save lifts every window).
        double global = 0;
        for (var i = 0; i < cells; i++)
        {
            global += map[i] / cells;
        }

        return new LatticeMap(gw, gh, cell, bestShift % 8, bestShift / 8, bestT, z, global, map);

        // The 64 offsets' window maps of step t: box sums divided by the window's block count, minus the mean over the
        // offsets and (for the shifted offsets) the aligned offset's excess over it.
        void StepWindows(int t)
        {
            cancellationToken.ThrowIfCancellationRequested();
            Array.Clear(mean);
            for (var s = 0; s < 64; s++)
            {
                var m = BoxSum(sums.AsSpan(((s * Steps) + t) * cells, cells), gw, gh, rowPass, window[s]);
                for (var i = 0; i < cells; i++)
                {
                    m[i] /= windowCount[i];
                    mean[i] += m[i] / 64f;
                }
            }

            // Excess of the file's own grid (offset 0, 0): an aligned earlier save at this step leaks into the
            // neighbouring offsets of smooth areas, so a shifted offset only counts what exceeds it.
            var aligned = window[0];
            for (var i = 0; i < cells; i++)
            {
                aligned[i] = Math.Max(0f, aligned[i] - mean[i]);
            }

            for (var s = 1; s < 64; s++)
            {
                var m = window[s];
                for (var i = 0; i < cells; i++)
                {
                    m[i] -= mean[i] + aligned[i];
                }
            }
        }
    }

    private static float[] ToFloat(ReadOnlySpan<int> values)
    {
        var f = new float[values.Length];
        for (var i = 0; i < f.Length; i++)
        {
            f[i] = values[i];
        }

        return f;
    }

    /// <summary>Sums over (2R+1)² cells, clipped at the borders, into <paramref name="result"/>; <paramref name="rows"/> holds the row pass (both as long as <paramref name="values"/>, every element written).</summary>
    private static float[] BoxSum(ReadOnlySpan<float> values, int gw, int gh, float[] rows, float[] result)
    {
        for (var y = 0; y < gh; y++)
        {
            for (var x = 0; x < gw; x++)
            {
                float s = 0;
                for (var xx = Math.Max(0, x - Radius); xx <= Math.Min(gw - 1, x + Radius); xx++)
                {
                    s += values[(y * gw) + xx];
                }

                rows[(y * gw) + x] = s;
            }
        }

        for (var y = 0; y < gh; y++)
        {
            for (var x = 0; x < gw; x++)
            {
                float s = 0;
                for (var yy = Math.Max(0, y - Radius); yy <= Math.Min(gh - 1, y + Radius); yy++)
                {
                    s += rows[(yy * gw) + x];
                }

                result[(y * gw) + x] = s;
            }
        }

        return result;
    }

    private IReadOnlyList<Evidence> Report(LatticeMap map, DecodedImage decoded, int? quality)
    {
        var inv = CultureInfo.InvariantCulture;
        if (map.Map.Length == 0)
        {
            return [NotApplicable("The image is smaller than 64 × 64 pixels, too small to compare compression grids.") with { Title = "Non-aligned double JPEG not checked", Facts = [new Fact("score", "0")] }];
        }

        var reliability = 0.5;
        var caveats = new List<string>();
        if (quality is >= 98)
        {
            reliability = 0.3;
            caveats.Add($"the file was saved at a very high quality (about {quality})");
        }

        if (Math.Min(decoded.Image.Width, decoded.Image.Height) < 128)
        {
            reliability = Math.Min(reliability, 0.1);
            caveats.Add("the image is very small");
        }

        if (decoded.Incomplete)
        {
            reliability = Math.Min(reliability, 0.1);
            caveats.Add("the file is truncated");
        }

        var caveat = caveats.Count == 0 ? string.Empty : " Reliability is reduced: " + string.Join("; ", caveats) + ".";
        var significant = map.Z >= SignificantZ;
        var score = Math.Clamp((map.Z - 3) / 9, 0, 1);
        var positive = new float[map.Map.Length];
        for (var i = 0; i < positive.Length; i++)
        {
            positive[i] = Math.Max(0f, map.Map[i]);
        }

        var heatmap = BlockMaps.ToHeatmap(positive, map.CellsWide, map.CellsHigh, 0.05f, 0.6f,
            string.Create(inv, $"Blocks on an earlier JPEG grid shifted by ({map.OffsetX}, {map.OffsetY}) px (red: strongly)"));
        var facts = new List<Fact>
        {
            new("estimated earlier grid offset (x, y)", string.Create(inv, $"{map.OffsetX}, {map.OffsetY}")),
            new("earlier DC quantisation step (estimate)", map.Step.ToString(inv)),
            new("significance (robust z over 756 offset/step hypotheses)", map.Z.ToString("0.0", inv)),
            new("whole-image lattice strength", map.Global.ToString("0.000", inv)),
            new("score", score.ToString("0.000", inv)),
        };
        if (!significant)
        {
            // Without a significant lattice the map shows the best of 756 noise hypotheses: keep it for the report,
            // but let it weigh little in the fused map.
            reliability = Math.Min(reliability, 0.15);
            return
            [
                new Evidence
                {
                    Id = "jpeg.nonaligned-double.none",
                    DetectorId = Id,
                    Category = Category,
                    Direction = EvidenceDirection.Neutral,
                    Title = "No earlier JPEG compression on a shifted grid",
                    Explanation = string.Create(inv, $"No part of the picture keeps the trace of an earlier JPEG compression whose 8×8 grid is shifted against the file's grid (best candidate: offset ({map.OffsetX}, {map.OffsetY}), significance {map.Z:0.0}, needs {SignificantZ:0}). ") +
                        "Content pasted from another JPEG at an arbitrary position, or a picture cropped after a JPEG save, usually leaves one; an earlier save at a high quality (above about 88) does not, so this proves nothing on its own." + caveat,
                    Reliability = reliability,
                    Facts = facts,
                    Heatmap = heatmap,
                },
            ];
        }

        var whole = map.Global >= 0.25;
        var components = BlockMaps.Components(map.Map, map.CellsWide, map.CellsHigh, 0.25f, map.Cell, map.Cell, decoded.Image.Width, decoded.Image.Height);
        components.RemoveAll(c => c.Cells < 3);
        if (whole || components.Count == 0)
        {
            return
            [
                new Evidence
                {
                    Id = "jpeg.nonaligned-double.global",
                    DetectorId = Id,
                    Category = Category,
                    Direction = EvidenceDirection.Neutral,
                    Title = string.Create(inv, $"Saved as JPEG before on a grid shifted by ({map.OffsetX}, {map.OffsetY}) pixels"),
                    Explanation = string.Create(inv, $"The picture carries the trace of an earlier JPEG compression whose 8×8 grid sits {map.OffsetX} px right and {map.OffsetY} px down from the file's grid (earlier DC step ≈ {map.Step}). ") +
                        "That happens when a JPEG is cropped (by a number of pixels that is not a multiple of 8) and saved again — common for photos shared online — and does not by itself mean the content was changed." + caveat,
                    Reliability = reliability,
                    Facts = facts,
                    Heatmap = heatmap,
                },
            ];
        }

        var regions = components.Take(3).Select(c => new Region(c.X, c.Y, c.Width, c.Height, Math.Clamp(c.MeanScore, 0.05, 1), "earlier compression on a shifted grid")).ToList();
        var lead = regions[0];
        return
        [
            new Evidence
            {
                Id = "jpeg.nonaligned-double.region",
                DetectorId = Id,
                Category = Category,
                Direction = EvidenceDirection.Manipulated,
                Title = string.Create(inv, $"An area was JPEG-compressed before on a grid shifted by ({map.OffsetX}, {map.OffsetY}) pixels"),
                Explanation = string.Create(inv, $"The area at ({lead.X}, {lead.Y}), {lead.Width} × {lead.Height} px, keeps the trace of an earlier JPEG compression whose 8×8 grid is shifted by ({map.OffsetX}, {map.OffsetY}) px against the file's grid; the rest of the picture does not. ") +
                    "That is what content pasted in from another JPEG (or moved within the picture) looks like: it brings its own compression grid along. Check the marked area's edges and lighting." + caveat,
                LikelihoodRatio = 1.0 + (2.0 * score),
                Reliability = reliability,
                Facts = facts,
                Heatmap = heatmap,
                Regions = regions,
            },
        ];
    }

    /// <summary>Window map (mean lattice agreement minus its mean over offsets) of the best hypothesis, its offset, DC step and significance.</summary>
    internal sealed record LatticeMap(int CellsWide, int CellsHigh, int Cell, int OffsetX, int OffsetY, int Step, double Z, double Global, float[] Map)
    {
        public static LatticeMap Empty { get; } = new(0, 0, 0, 0, 0, 0, 0, 0, []);
    }
}
