using System.Globalization;
using FakeLens.Core.Detection;
using FakeLens.Core.Evidence;
using FakeLens.Core.Media;
using FakeLens.Imaging.Decoding;
using FakeLens.Imaging.Jpeg;
using FakeLens.Imaging.Noise;

namespace FakeLens.Imaging.Cfa;

// Demosaicing (colour filter array) trace map after Ferrara, Bianchi, De Rosa & Piva (2012, "Image forgery
// localization via fine-grained analysis of CFA artifacts", IEEE TIFS 7). A camera measures one colour per pixel
// through a Bayer filter and interpolates the rest, so on the green channel one quincunx lattice is acquired and
// the other is interpolated from its neighbours: the error of predicting a pixel from its four neighbours
// (e = G − mean of the 4-neighbours, the bilinear kernel Ferrara et al. also use) has a much smaller variance at the
// interpolated positions. Feature per block: L = ln(σ²_acquired / σ²_interpolated) over the block's two lattices
// (16 px blocks, 32 px from 1000 px on the short side; +0.05 grey levels² so flat blocks do not divide by zero).
// Which lattice is "acquired" is decided once for the whole image (the sign of the median L). Without a trace L is
// about 0 with spread √(2/n_A + 2/n_B) (log-variance ratio of Gaussian samples) — that spread, inflated 1.5× for the
// heavier tails of real residuals, is the "null spread". The image has a usable trace when the median aligned L
// exceeds 1.5 null spreads and 0.25; otherwise the finding is "not applicable" with no map: resized, strongly
// compressed, rendered or AI images have no trace to compare (the shared Kodak/CBSD68 photos are resized, so they
// land here). With a trace, each block's deficit d = (median L − L) / max(robust spread of L, null spread) is
// smoothed over 3 × 3 blocks; groups of blocks with d ≥ 3 are areas whose trace is missing or on the other phase
// — pasted from a resized or different image, retouched or synthesised. Ferrara et al. fit a two-Gaussian mixture
// by EM instead of this robust z; we kept the robust version because it needs no iteration and degrades gently.
// Blocks more than a quarter clipped or with almost no fine detail (mean e² < 0.5) are not measured. LR = 1 + 2 × score ≤ 3.
// The map is attached only when an area is flagged, so that a "nothing stands out" map does not dilute the fused map.
public sealed class CfaTraceDetector : PixelDetector
{
    private const float Epsilon = 0.05f;
    private const float NullInflation = 1.5f;
    private const float MinStrength = 0.25f;
    private const float MinStrengthInNullSpreads = 1.5f;
    private const float Threshold = 3f;
    private const double MinScore = 0.45;

    public override string Id => "cfa";

    public override string Description => "Demosaicing (Bayer colour filter) trace map (Ferrara et al.); flags areas where the camera's interpolation pattern is missing.";

    public override EvidenceCategory Category => EvidenceCategory.Noise;

    protected override IReadOnlyList<Evidence> Analyze(AnalysisContext context, DecodedImage decoded, int? jpegQuality, CancellationToken cancellationToken)
    {
        var map = Analyze(decoded.Image, cancellationToken);
        return [Report(map, decoded, jpegQuality)];
    }

    /// <summary>Whether <paramref name="map"/> shows a demosaicing trace strong enough to compare blocks against.</summary>
    internal static bool HasTrace(CfaMap map) =>
        map.UsableCount >= 16 && map.Strength >= MinStrength && map.Strength >= MinStrengthInNullSpreads * map.NullSpread;

    /// <summary>Per-block log variance ratio of the green prediction error on the two quincunx lattices; exposed to tests.</summary>
    internal static CfaMap Analyze(RgbImage image, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(image);
        var w = image.Width;
        var h = image.Height;
        var block = NoiseLevelMap.BlockFor(w, h);
        var bw = w / block;
        var bh = h / block;
        if (bw < 1 || bh < 1 || w < 3 || h < 3)
        {
            return new CfaMap(w, h, block, 0, 0, [], [], 0, 0, float.PositiveInfinity, float.PositiveInfinity, false);
        }

        var px = image.Pixels;
        var sumA = new double[bw];
        var sumB = new double[bw];
        var nA = new int[bw];
        var nB = new int[bw];
        var clipped = new int[bw];
        var ratio = new float[bw * bh];
        var usable = new bool[bw * bh];
        double nullVar = 0;
        var nullCount = 0;
        for (var by = 0; by < bh; by++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            Array.Clear(sumA);
            Array.Clear(sumB);
            Array.Clear(nA);
            Array.Clear(nB);
            Array.Clear(clipped);
            for (var y = Math.Max(1, by * block); y < Math.Min(h - 1, (by + 1) * block); y++)
            {
                var row = y * w;
                for (var x = 1; x < Math.Min(w - 1, bw * block); x++)
                {
                    var i = (row + x) * 3;
                    int g = px[i + 1];
                    var bx = x / block;
                    if (g < 3 || g > 252)
                    {
                        clipped[bx]++;
                    }

                    var e = g - (0.25f * (px[i - 2] + px[i + 4] + px[i + 1 - (3 * w)] + px[i + 1 + (3 * w)]));
                    if (((x + y) & 1) == 0)
                    {
                        sumA[bx] += e * e;
                        nA[bx]++;
                    }
                    else
                    {
                        sumB[bx] += e * e;
                        nB[bx]++;
                    }
                }
            }

            for (var bx = 0; bx < bw; bx++)
            {
                var n = nA[bx] + nB[bx];
                if (nA[bx] < 16 || nB[bx] < 16 || clipped[bx] * 4 > n || (sumA[bx] + sumB[bx]) / n < 0.5)
                {
                    continue;
                }

                var k = (by * bw) + bx;
                usable[k] = true;
                ratio[k] = (float)Math.Log(((sumA[bx] / nA[bx]) + Epsilon) / ((sumB[bx] / nB[bx]) + Epsilon));
                nullVar += (2.0 / nA[bx]) + (2.0 / nB[bx]);
                nullCount++;
            }
        }

        var (median, mad) = BlockMaps.MedianAndMad(ratio, usable);
        var flipped = median < 0;
        if (flipped)
        {
            for (var i = 0; i < ratio.Length; i++)
            {
                ratio[i] = -ratio[i];
            }

            median = -median;
        }

        var nullSpread = nullCount == 0 ? float.PositiveInfinity : NullInflation * (float)Math.Sqrt(nullVar / nullCount);
        return new CfaMap(w, h, block, bw, bh, ratio, usable, nullCount, float.IsFinite(median) ? median : 0f, float.IsFinite(mad) ? mad * BlockMaps.MadToSigma : 0f, nullSpread, flipped);
    }

    private Evidence Report(CfaMap map, DecodedImage decoded, int? quality)
    {
        var inv = CultureInfo.InvariantCulture;
        var facts = new List<Fact>
        {
            new("demosaicing trace (median log ratio)", map.Strength.ToString("0.00", inv)),
            new("trace needed to compare (log ratio)", Math.Max(MinStrength, MinStrengthInNullSpreads * map.NullSpread).ToString("0.00", inv)),
            new("block size (px)", map.Block.ToString(inv)),
            new("measurable blocks", $"{map.UsableCount} of {map.BlocksWide * map.BlocksHigh}"),
        };
        if (!HasTrace(map))
        {
            var why = map.UsableCount < 16
                ? "the image is too small or too flat to measure it"
                : "the image shows no such pattern anywhere — it was probably resized, strongly compressed, rendered or generated, or the camera's processing hid it";
            facts.Add(new Fact("inconsistency score", "0.00"));
            return new Evidence
            {
                Id = "cfa.not-applicable",
                DetectorId = Id,
                Category = Category,
                Direction = EvidenceDirection.Neutral,
                Title = "No camera colour-filter pattern to compare",
                Explanation = "Camera photos carry a faint regular pattern from the colour filter in front of the sensor (every other green pixel is interpolated). " +
                    $"Areas pasted in from elsewhere often lack it. Here {why}, so this check cannot say anything about edits, either way. " +
                    "Its absence alone is not a sign of manipulation.",
                Reliability = 0.1,
                Facts = facts,
            };
        }

        var (reliability, caveat) = Reliability(decoded, quality);
        var spread = Math.Max(map.Spread, map.NullSpread);
        var deficit = new float[map.LogRatio.Length];
        for (var i = 0; i < deficit.Length; i++)
        {
            deficit[i] = map.Usable[i] ? Math.Max(0f, (map.Strength - map.LogRatio[i]) / spread) : 0f;
        }

        var smooth = BlockMaps.BoxMean(deficit, map.Usable, map.BlocksWide, map.BlocksHigh, 1);
        for (var i = 0; i < smooth.Length; i++)
        {
            smooth[i] = map.Usable[i] ? smooth[i] : 0f;
        }

        var heatmap = BlockMaps.ToHeatmap(smooth, map.BlocksWide, map.BlocksHigh, 1.5f, 8f, "Where the camera's colour-filter pattern is weaker than in the rest of the image (red: missing)");
        var components = BlockMaps.Components(smooth, map.BlocksWide, map.BlocksHigh, Threshold, map.Block, map.Block, map.Width, map.Height);
        components.RemoveAll(c => c.Cells < 2 || c.Cells * 2 > map.UsableCount);
        var score = 0.0;
        if (components.Count > 0)
        {
            var top = components[0];
            score = Math.Clamp((0.4 + (0.6 * Math.Clamp((top.MeanScore - Threshold) / 4.0, 0, 1))) * Math.Clamp(top.Cells / 40.0, 0, 1), 0, 1);
        }

        facts.Add(new Fact("spread of the trace (robust)", spread.ToString("0.00", inv)));
        facts.Add(new Fact("inconsistency score", score.ToString("0.00", inv)));
        if (score < MinScore)
        {
            return new Evidence
            {
                Id = "cfa.consistent",
                DetectorId = Id,
                Category = Category,
                Direction = EvidenceDirection.Neutral,
                Title = "Camera colour-filter pattern present throughout",
                Explanation = "The faint regular pattern left by the camera's colour filter (every other green pixel interpolated) is found across the image " +
                    $"(strength {map.Strength:0.00}); no area lacks it (inconsistency score {score:0.00}). An area pasted in from a resized or different image often would. " + caveat,
                Reliability = reliability,
                Facts = facts,
            };
        }

        var regions = components.Take(3).Select(c => new Region(c.X, c.Y, c.Width, c.Height, Math.Clamp((c.MeanScore - Threshold) / 5.0, 0.05, 1), "colour-filter pattern missing")).ToList();
        var lead = regions[0];
        return new Evidence
        {
            Id = "cfa.missing-regions",
            DetectorId = Id,
            Category = Category,
            Direction = EvidenceDirection.Manipulated,
            Title = $"{regions.Count} area{(regions.Count > 1 ? "s" : string.Empty)} without the camera's colour-filter pattern",
            Explanation = "Camera photos carry a faint regular pattern from the colour filter in front of the sensor (every other green pixel is interpolated); " +
                $"this image has it (strength {map.Strength:0.00}), but the area at ({lead.X}, {lead.Y}), {lead.Width} × {lead.Height} px, does not (inconsistency score {score:0.00}). " +
                "Areas pasted from a resized or different photo, retouched, or filled by software often look like this; so can very smooth, saturated or strongly compressed areas, " +
                "so look at the marked area for edges or texture that do not fit. " + caveat,
            LikelihoodRatio = 1.0 + (2.0 * score),
            Reliability = reliability,
            Facts = facts,
            Heatmap = heatmap,
            Regions = regions,
        };
    }

    private static (double Reliability, string Caveat) Reliability(DecodedImage decoded, int? quality)
    {
        if (decoded.Incomplete)
        {
            return (0.15, "Reliability is reduced: the file is truncated.");
        }

        return decoded.Format switch
        {
            MediaFormat.Jpeg when quality is >= 95 => (0.4, "JPEG compression weakens the pattern unevenly, most in smooth areas."),
            MediaFormat.Jpeg => (0.25, "Reliability is reduced: JPEG compression" + (quality is { } q ? $" (quality about {q})" : string.Empty) + " wipes out much of this pattern, most in smooth areas."),
            MediaFormat.WebP or MediaFormat.Gif => (0.2, "Reliability is reduced: lossy or palette compression disturbs this pattern."),
            _ => (0.5, string.Empty),
        };
    }
}
