using System.Globalization;
using FakeLens.Core.Detection;
using FakeLens.Core.Evidence;
using FakeLens.Core.Media;

namespace FakeLens.Imaging.Jpeg;

// Method: aligned double JPEG compression (double quantisation) from the histograms of quantised luma DCT
// coefficients (Popescu & Farid 2004; Lin, He, Tang & Tang 2009), with a likelihood model per frequency after
// Bianchi, De Rosa & Piva (ICASSP 2011): for each of the first 9 AC frequencies, single quantisation (step q2 of
// the file) is compared with double quantisation (an earlier step q1 = 1 .. 3·q2+24, Laplacian envelope, 0.6 DCT
// units of re-encoding noise). A file is double-compressed when ≥ 3 frequencies gain ≥ 50 nats and ≥ 0.1 nats per
// non-zero coefficient (measured: once-compressed Kodak images reach ≤ 0.05, double-compressed ≥ 0.23). Blocks
// are then scored by their log-likelihood ratio, averaged over 5×5 blocks; an area whose blocks look singly
// compressed inside a doubly compressed image was pasted in (or re-encoded on another grid) after the first save.
// Only detectable when the earlier quality was lower than the last one; otherwise the detector says it cannot tell.
public sealed class DoubleQuantizationDetector : IDetector
{
    /// <summary>Half-width, in blocks, of the window that averages block scores (5×5 blocks = 40×40 pixels).</summary>
    private const int Radius = 2;

    /// <summary>Non-zero coefficients a window needs before its average is trusted.</summary>
    private const int MinWindowCount = 12;

    /// <summary>Window average (nats per coefficient) below which blocks look singly compressed.</summary>
    private const float SingleThreshold = -0.15f;

    /// <summary>Smallest suspicious area reported, in blocks (a 32×32-pixel patch).</summary>
    private const int MinRegionBlocks = 16;

    public string Id => "jpeg.double-quantization";

    public string Description => "Finds traces of an earlier JPEG compression in the DCT coefficients, and areas that lack them (pasted content).";

    public EvidenceCategory Category => EvidenceCategory.Compression;

    public bool AppliesTo(MediaType media) => media?.Format == MediaFormat.Jpeg;

    public ValueTask<IReadOnlyList<Evidence>> AnalyzeAsync(AnalysisContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var structure = JpegParser.Get(context);
        if (structure.Frame is { IsHuffmanDct: false } frame)
        {
            return Result(Undecided($"This JPEG is {frame.Process}-coded; FakeLens reads DCT coefficients of baseline and progressive Huffman JPEGs only, so double compression was not checked."));
        }

        var coefficients = JpegCoefficientReader.Get(context, cancellationToken);
        if (coefficients.DecodedBlocks < 64)
        {
            return Result(Undecided($"Only {coefficients.DecodedBlocks} blocks of 8×8 pixels could be read from this JPEG, too few for a coefficient histogram."));
        }

        var analysis = DoubleQuantizationAnalyzer.Analyze(coefficients, cancellationToken);
        var completeness = coefficients.DecodedBlocks / (double)coefficients.BlockCount;
        if (!analysis.DoubleCompressed)
        {
            return Result(NotDouble(analysis, completeness));
        }

        var evidence = new List<Evidence> { Double(analysis, completeness, coefficients, structure) };
        if (Localise(analysis, structure, completeness, cancellationToken) is { } local)
        {
            evidence.Add(local);
        }

        return ValueTask.FromResult<IReadOnlyList<Evidence>>(evidence);
    }

    private static ValueTask<IReadOnlyList<Evidence>> Result(Evidence e) => ValueTask.FromResult<IReadOnlyList<Evidence>>([e]);

    private Evidence Undecided(string why) => new()
    {
        Id = Id,
        DetectorId = Id,
        Category = Category,
        Direction = EvidenceDirection.Neutral,
        Title = "Double JPEG compression not checked",
        Explanation = why,
        Reliability = 0,
    };

    private Evidence NotDouble(DoubleQuantizationResult analysis, double completeness)
    {
        var usable = analysis.Fits.Count(f => f.NonZero >= DoubleQuantizationAnalyzer.MinNonZero);
        var reliability = Math.Round(completeness * usable / (double)Math.Max(1, DoubleQuantizationAnalyzer.Frequencies), 2);
        return new Evidence
        {
            Id = Id,
            DetectorId = Id,
            Category = Category,
            Direction = EvidenceDirection.Neutral,
            Title = "No trace of an earlier lower-quality JPEG save",
            Explanation = usable < DoubleQuantizationAnalyzer.MinSignificantFrequencies
                ? "The image has too little fine detail for its compression history to be read (the coefficient histograms are nearly empty)."
                : $"The coefficient histograms of {usable} low frequencies fit a single JPEG compression. An image first saved at a lower quality and re-saved leaves periodic gaps there; none were found. " +
                  "A first save at a higher quality than the last one leaves no such trace, so this does not prove the file was saved only once.",
            Reliability = reliability,
            Facts = [new Fact("frequencies with enough data", usable.ToString(CultureInfo.InvariantCulture)), new Fact("largest gain per coefficient", Max(analysis.Fits))],
        };
    }

    private Evidence Double(DoubleQuantizationResult analysis, double completeness, DctCoefficients coefficients, JpegStructure structure)
    {
        var earlier = EstimateEarlierQuality(analysis.Significant);
        var now = JpegQuality.Estimate(coefficients.Table, chroma: false).Quality;
        var steps = string.Join(", ", analysis.Significant.Select(f => $"{f.PreviousStep}→{f.CurrentStep}"));
        var earlierText = earlier is { } q ? $"at a quality of about {q.ToString(CultureInfo.InvariantCulture)}" : "at a lower quality with non-standard tables";
        var facts = new List<Fact>
        {
            new("earlier quality (estimate)", earlier?.ToString(CultureInfo.InvariantCulture) ?? "unknown"),
            new("current quality", now.ToString(CultureInfo.InvariantCulture)),
            new("quantisation steps earlier→now", steps),
            new("frequencies showing it", $"{analysis.Significant.Count} of {analysis.Fits.Count}"),
            new("mean gain per coefficient", Mean(analysis.Significant)),
        };
        if (structure.HasApplicationSegment("Exif"))
        {
            facts.Add(new Fact("Exif present", "yes"));
        }

        return new Evidence
        {
            Id = Id,
            DetectorId = Id,
            Category = Category,
            Direction = EvidenceDirection.Neutral,
            Title = earlier is { } e ? $"Saved as JPEG at least twice (earlier quality ≈ {e})" : "Saved as JPEG at least twice",
            Explanation = $"The DCT coefficient histograms show the periodic gaps of a double compression: the picture was saved as JPEG {earlierText} and then again at {now}. " +
                "This is what happens when a photo is opened and re-saved, sent through a messaging app or uploaded to a platform; on its own it does not mean the content was changed. " +
                "A camera original is compressed once.",
            Reliability = Math.Round(completeness, 2),
            Facts = facts,
        };
    }

    private Evidence? Localise(DoubleQuantizationResult analysis, JpegStructure structure, double completeness, CancellationToken cancellationToken)
    {
        var bw = analysis.BlocksWide;
        var bh = analysis.BlocksHigh;
        var avg = new float[bw * bh];
        var valid = new bool[bw * bh];

        // Window sums via an integral image over llr and counts.
        var sumL = new double[(bw + 1) * (bh + 1)];
        var sumC = new long[(bw + 1) * (bh + 1)];
        for (var y = 0; y < bh; y++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            double rowL = 0;
            long rowC = 0;
            for (var x = 0; x < bw; x++)
            {
                rowL += analysis.BlockLlr[(y * bw) + x];
                rowC += analysis.BlockCount[(y * bw) + x];
                sumL[((y + 1) * (bw + 1)) + x + 1] = sumL[(y * (bw + 1)) + x + 1] + rowL;
                sumC[((y + 1) * (bw + 1)) + x + 1] = sumC[(y * (bw + 1)) + x + 1] + rowC;
            }
        }

        var suspicion = new float[bw * bh];
        for (var y = 0; y < bh; y++)
        {
            var y0 = Math.Max(0, y - Radius);
            var y1 = Math.Min(bh, y + Radius + 1);
            for (var x = 0; x < bw; x++)
            {
                var x0 = Math.Max(0, x - Radius);
                var x1 = Math.Min(bw, x + Radius + 1);
                var l = sumL[(y1 * (bw + 1)) + x1] - sumL[(y0 * (bw + 1)) + x1] - sumL[(y1 * (bw + 1)) + x0] + sumL[(y0 * (bw + 1)) + x0];
                var c = sumC[(y1 * (bw + 1)) + x1] - sumC[(y0 * (bw + 1)) + x1] - sumC[(y1 * (bw + 1)) + x0] + sumC[(y0 * (bw + 1)) + x0];
                var i = (y * bw) + x;
                valid[i] = c >= MinWindowCount;
                avg[i] = valid[i] ? (float)(l / c) : 0f;
                suspicion[i] = valid[i] ? -avg[i] : 0f;
            }
        }

        var regions = FindRegions(avg, valid, bw, bh);
        if (regions.Count == 0)
        {
            return null;
        }

        var frame = structure.Frame!;
        var luma = frame.Components[0];
        var pxPerBlockX = 8 * frame.MaxH / luma.H;
        var pxPerBlockY = 8 * frame.MaxV / luma.V;
        var boxes = new List<Region>();
        var blocks = 0;
        var area = 0;
        foreach (var (x0, y0, x1, y1, count, meanAvg) in regions)
        {
            var x = x0 * pxPerBlockX;
            var y = y0 * pxPerBlockY;
            var w = Math.Min(frame.Width, (x1 + 1) * pxPerBlockX) - x;
            var h = Math.Min(frame.Height, (y1 + 1) * pxPerBlockY) - y;
            boxes.Add(new Region(x, y, w, h, Math.Clamp(-meanAvg, 0, 1), "no trace of the earlier compression"));
            blocks += count;
            area = Math.Max(area, count);
        }

        var share = blocks / (double)(bw * bh);
        if (share > 0.5)
        {
            // Most of the image looks singly compressed: the global finding is what is doubtful, not a region.
            return null;
        }

        var strongest = regions.Max(r => -r.MeanAvg);
        var lr = strongest > 0.75 ? 3.0 : 1.5;
        var main = boxes[0];
        return new Evidence
        {
            Id = "jpeg.double-quantization.region",
            DetectorId = Id,
            Category = Category,
            Direction = EvidenceDirection.Manipulated,
            Title = "Part of the image lacks the earlier JPEG compression",
            Explanation = $"The rest of the picture carries traces of an earlier JPEG save, but an area of {main.Width} × {main.Height} pixels at ({main.X}, {main.Y}) does not " +
                $"({share:P0} of the image is in such areas). Content pasted in after the first save, or taken from another image, looks like this. " +
                "Large flat or saturated areas (sky, pure white) can also lose the trace, so check what the marked area shows.",
            LikelihoodRatio = lr,
            Reliability = Math.Round(0.7 * completeness, 2),
            Heatmap = Heatmap.FromValues(bw, bh, suspicion, 0f, 1f, "blocks without traces of the earlier JPEG compression"),
            Regions = boxes,
            Facts =
            [
                new Fact("areas", boxes.Count.ToString(CultureInfo.InvariantCulture)),
                new Fact("share of image", share.ToString("P1", CultureInfo.InvariantCulture)),
                new Fact("score of the strongest area (nats per coefficient, < 0 = single compression)", (-strongest).ToString("0.00", CultureInfo.InvariantCulture)),
            ],
        };
    }

    /// <summary>Connected areas (4-neighbour) of blocks whose window average is below the threshold, largest first.</summary>
    private static List<(int X0, int Y0, int X1, int Y1, int Count, double MeanAvg)> FindRegions(float[] avg, bool[] valid, int bw, int bh)
    {
        var label = new int[bw * bh];
        var stack = new Stack<int>();
        var found = new List<(int, int, int, int, int, double)>();
        for (var start = 0; start < label.Length; start++)
        {
            if (label[start] != 0 || !valid[start] || avg[start] >= SingleThreshold)
            {
                continue;
            }

            label[start] = 1;
            stack.Push(start);
            int x0 = bw, y0 = bh, x1 = -1, y1 = -1, count = 0;
            double sum = 0;
            while (stack.Count > 0)
            {
                var i = stack.Pop();
                var x = i % bw;
                var y = i / bw;
                x0 = Math.Min(x0, x);
                x1 = Math.Max(x1, x);
                y0 = Math.Min(y0, y);
                y1 = Math.Max(y1, y);
                count++;
                sum += avg[i];
                Visit(x - 1, y);
                Visit(x + 1, y);
                Visit(x, y - 1);
                Visit(x, y + 1);
            }

            if (count >= MinRegionBlocks)
            {
                found.Add((x0, y0, x1, y1, count, sum / count));
            }
        }

        return found.OrderByDescending(r => r.Item5).Take(3).ToList();

        void Visit(int x, int y)
        {
            if (x < 0 || y < 0 || x >= bw || y >= bh)
            {
                return;
            }

            var j = (y * bw) + x;
            if (label[j] == 0 && valid[j] && avg[j] < SingleThreshold)
            {
                label[j] = 1;
                stack.Push(j);
            }
        }
    }

    private static int? EstimateEarlierQuality(IReadOnlyList<QuantizationFit> fits)
    {
        var best = 0;
        int? quality = null;
        for (var q = 1; q <= 100; q++)
        {
            var table = JpegQuality.StandardTable(q, chroma: false);
            var matches = fits.Count(f => table[f.Index] == f.PreviousStep);
            if (matches > best)
            {
                best = matches;
                quality = q;
            }
        }

        return best * 3 >= fits.Count * 2 ? quality : null;
    }

    private static string Max(IReadOnlyList<QuantizationFit> fits) =>
        (fits.Count == 0 ? 0 : fits.Max(f => f.GainPerCoefficient)).ToString("0.000", CultureInfo.InvariantCulture);

    private static string Mean(IReadOnlyList<QuantizationFit> fits) =>
        (fits.Count == 0 ? 0 : fits.Average(f => f.GainPerCoefficient)).ToString("0.000", CultureInfo.InvariantCulture);
}
