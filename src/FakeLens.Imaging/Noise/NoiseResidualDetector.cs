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
public sealed class NoiseResidualDetector : IDetector
{
    private const float MinSpread = 0.15f;
    private const float Threshold = 3f;
    private const float SigmaFloor = 0.1f;

    public string Id => "noise.residual";

    public string Description => "Local noise level (median-filter residual) compared across the image; flags regions whose noise differs.";

    public EvidenceCategory Category => EvidenceCategory.Noise;

    public bool AppliesTo(MediaType media)
    {
        ArgumentNullException.ThrowIfNull(media);
        return media.PixelsSupported;
    }

    public ValueTask<IReadOnlyList<Evidence>> AnalyzeAsync(AnalysisContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var decoded = ImageDecoder.Get(context);
        var quality = JpegHistory.Quality(context, decoded.Format);
        var analysis = Analyze(decoded.Image, cancellationToken);
        return ValueTask.FromResult(Report(analysis, decoded, quality));
    }

    /// <summary>Measures the block noise map of <paramref name="image"/>; exposed to tests and benchmarks.</summary>
    internal static NoiseMap Analyze(RgbImage image, CancellationToken cancellationToken)
    {
        var w = image.Width;
        var h = image.Height;
        var block = Math.Min(w, h) >= 1000 ? 32 : 16;
        var bw = w / block;
        var bh = h / block;
        if (w < 3 || h < 3 || bw < 1 || bh < 1)
        {
            return new NoiseMap(w, h, block, 0, 0, [], [], [], float.NaN);
        }

        var luma = image.Luma();
        var residual = MedianResidual(luma, w, h, cancellationToken);
        var sigma = new float[bw * bh];
        var brightness = new float[bw * bh];
        var usable = new bool[bw * bh];
        var scratch = new float[block * block];
        for (var by = 0; by < bh; by++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            for (var bx = 0; bx < bw; bx++)
            {
                int n = 0, clipped = 0;
                float sum = 0;
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
                        sum += v;
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
                brightness[i] = sum / n;
                sigma[i] = BlockMaps.MadToSigma * BlockMaps.Median(scratch.AsSpan(0, n));
            }
        }

        var usableSigma = BlockMaps.MedianAndMad(sigma, usable);
        return new NoiseMap(w, h, block, bw, bh, sigma, brightness, usable, usableSigma.Median);
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

    private IReadOnlyList<Evidence> Report(NoiseMap map, DecodedImage decoded, int? quality)
    {
        var inv = CultureInfo.InvariantCulture;
        var usableCount = 0;
        foreach (var u in map.Usable)
        {
            usableCount += u ? 1 : 0;
        }

        var (reliability, caveat) = Reliability(map, decoded, quality, usableCount);
        var level = map.MedianSigma;
        var levelText = float.IsFinite(level) ? level.ToString("0.0#", inv) : "n/a";
        var facts = new List<Fact>
        {
            new("noise level (σ, grey levels)", levelText),
            new("block size (px)", map.Block.ToString(inv)),
            new("measurable blocks", $"{usableCount} of {map.BlocksWide * map.BlocksHigh}"),
        };
        if (quality is { } q)
        {
            facts.Add(new Fact("JPEG quality (estimated)", q.ToString(inv)));
        }

        var result = new List<Evidence> { LevelEvidence(level, levelText, reliability, caveat) };
        if (usableCount < 8)
        {
            result.Add(new Evidence
            {
                Id = "noise.consistent",
                DetectorId = Id,
                Category = Category,
                Direction = EvidenceDirection.Neutral,
                Title = "Noise could not be compared across the image",
                Explanation = "Too few parts of this image carry measurable noise (it is very small, flat or mostly black/white), " +
                    $"so local noise levels cannot be compared.{caveat}",
                Reliability = reliability,
                Facts = facts,
            });
            return result;
        }

        var z = Deviation(map, out var spread);
        var absSmooth = BlockMaps.BoxMean(z, map.Usable, map.BlocksWide, map.BlocksHigh, 1);
        for (var i = 0; i < absSmooth.Length; i++)
        {
            absSmooth[i] = map.Usable[i] ? Math.Abs(absSmooth[i]) : 0f;
        }

        var heatmap = BlockMaps.ToHeatmap(absSmooth, map.BlocksWide, map.BlocksHigh, 1.5f, 8f,
            "Noise level deviation from the image's typical noise (red: very different)");
        var components = BlockMaps.Components(absSmooth, map.BlocksWide, map.BlocksHigh, Threshold, map.Block, map.Block, map.Width, map.Height);
        components.RemoveAll(c => c.Cells < 2 || c.Cells * 2 > usableCount);
        facts.Add(new Fact("spread of log noise (robust)", spread.ToString("0.00", inv)));

        // Score: how far the strongest area stands out (mean spreads beyond the threshold) times how large it is
        // (full weight from 40 blocks, about 100 × 100 px at 16 px blocks). A cleaner-than-usual area counts 0.6:
        // sky, out-of-focus background and compression smooth real photos in just that way.
        var score = 0.0;
        if (components.Count > 0)
        {
            var top = components[0];
            var strength = Math.Clamp((top.MeanScore - Threshold) / 4.0, 0, 1);
            var size = Math.Clamp(top.Cells / 40.0, 0, 1);
            var sign = MeanSign(z, top, map) > 0 ? 1.0 : 0.6;
            score = Math.Clamp((0.4 + (0.6 * strength)) * size * sign, 0, 1);
        }

        facts.Add(new Fact("inconsistency score", score.ToString("0.00", inv)));
        if (score < 0.45)
        {
            result.Add(new Evidence
            {
                Id = "noise.consistent",
                DetectorId = Id,
                Category = Category,
                Direction = EvidenceDirection.Neutral,
                Title = "Noise is consistent across the image",
                Explanation = $"The fine grain (noise) of the image is about {levelText} grey levels everywhere it can be measured; no area stands out " +
                    $"(inconsistency score {score:0.00}). A pasted or retouched area often carries a different grain, but a consistent grain does not prove the image is untouched.{caveat}",
                Reliability = reliability,
                Facts = facts,
                Heatmap = heatmap,
            });
            return result;
        }

        var regions = new List<Region>();
        foreach (var c in components.Take(3))
        {
            var sign = MeanSign(z, c, map);
            regions.Add(new Region(c.X, c.Y, c.Width, c.Height, Math.Clamp((c.MeanScore - Threshold) / 5.0, 0.05, 1),
                sign > 0 ? "noisier than the rest" : "cleaner than the rest"));
        }

        var lead = regions[0];
        var ratio = Math.Exp(MeanSign(z, components[0], map) * spread);
        result.Add(new Evidence
        {
            Id = "noise.inconsistent-regions",
            DetectorId = Id,
            Category = Category,
            Direction = EvidenceDirection.Manipulated,
            Title = $"{regions.Count} area{(regions.Count > 1 ? "s" : string.Empty)} with a different noise level",
            Explanation = $"Camera images carry a fine grain (noise) that is about equally strong across the picture; here it is about {levelText} grey levels. " +
                $"The area at ({lead.X}, {lead.Y}), {lead.Width} × {lead.Height} px, is {lead.Label} (about {ratio:0.0}× the typical level), " +
                $"well beyond the usual variation (inconsistency score {score:0.00}). Pasted, retouched, blurred or AI-filled areas often differ like this; " +
                "so can very smooth areas (sky, skin), strong texture or shadows, so look at the marked area before drawing conclusions." + caveat,
            LikelihoodRatio = 1.0 + (2.0 * score),
            Reliability = reliability,
            Facts = facts,
            Heatmap = heatmap,
            Regions = regions,
        });
        return result;
    }

    private Evidence LevelEvidence(float level, string levelText, double reliability, string caveat)
    {
        var clean = float.IsFinite(level) && level < 0.5f;
        return new Evidence
        {
            Id = "noise.level",
            DetectorId = Id,
            Category = Category,
            Direction = EvidenceDirection.Neutral,
            Title = clean ? "Unusually clean image (almost no noise)" : $"Noise level about {levelText} grey levels",
            Explanation = clean
                ? $"The image has almost no fine grain (σ ≈ {levelText} grey levels; camera photos usually show 1–4). Rendered, AI-generated and heavily " +
                    "denoised or smoothed images look like this, but so do strongly compressed photos; on its own this proves nothing." + caveat
                : $"The typical fine grain (noise) of the image is σ ≈ {levelText} grey levels; camera photos usually show 1–4, more in low light." + caveat,
            Reliability = reliability,
            Facts = [new Fact("noise level (σ, grey levels)", levelText)],
        };
    }

    private static (double Reliability, string Caveat) Reliability(NoiseMap map, DecodedImage decoded, int? quality, int usableCount)
    {
        var reliability = 0.6;
        var caveats = new List<string>();
        if (Math.Min(map.Width, map.Height) < 128 || usableCount < 16)
        {
            reliability = Math.Min(reliability, 0.15);
            caveats.Add("the image is too small or too flat to compare noise reliably");
        }
        else if (float.IsFinite(map.MedianSigma) && map.MedianSigma < 0.3f)
        {
            reliability = Math.Min(reliability, 0.25);
            caveats.Add("the image has almost no noise to compare");
        }

        if (decoded.Format == MediaFormat.Jpeg)
        {
            switch (quality)
            {
                case < 75:
                    reliability = Math.Min(reliability, 0.25);
                    caveats.Add($"strong JPEG compression (quality about {quality}) wipes out most of the noise, especially in smooth areas");
                    break;
                case < 90:
                    reliability = Math.Min(reliability, 0.4);
                    caveats.Add($"JPEG compression (quality about {quality}) removes noise unevenly, mostly in smooth areas");
                    break;
                case null:
                    reliability = Math.Min(reliability, 0.4);
                    caveats.Add("JPEG compression of unknown strength may have removed noise unevenly");
                    break;
                default:
                    break;
            }
        }
        else if (decoded.Format is MediaFormat.WebP or MediaFormat.Gif)
        {
            reliability = Math.Min(reliability, 0.35);
            caveats.Add("lossy or palette compression changes the noise");
        }

        if (decoded.Incomplete)
        {
            reliability = Math.Min(reliability, 0.2);
            caveats.Add("the file is truncated and part of the image is filled grey");
        }

        var caveat = caveats.Count == 0 ? string.Empty : " Reliability is reduced: " + string.Join("; ", caveats) + ".";
        return (reliability, caveat);
    }

    /// <summary>Signed deviation of each usable block's log σ from the image median, in robust spreads.</summary>
    private static float[] Deviation(NoiseMap map, out float spread)
    {
        var logSigma = new float[map.Sigma.Length];
        for (var i = 0; i < logSigma.Length; i++)
        {
            logSigma[i] = map.Usable[i] ? MathF.Log(Math.Max(map.Sigma[i], SigmaFloor)) : 0f;
        }

        var (median, mad) = BlockMaps.MedianAndMad(logSigma, map.Usable);
        spread = Math.Max(MinSpread, mad * BlockMaps.MadToSigma);
        var z = new float[logSigma.Length];
        for (var i = 0; i < z.Length; i++)
        {
            z[i] = map.Usable[i] ? (logSigma[i] - median) / spread : 0f;
        }

        return z;
    }

    private static double MeanSign(float[] z, BlockMaps.Component c, NoiseMap map)
    {
        double sum = 0;
        var n = 0;
        for (var by = c.Y / map.Block; by < Math.Min(map.BlocksHigh, (c.Y + c.Height + map.Block - 1) / map.Block); by++)
        {
            for (var bx = c.X / map.Block; bx < Math.Min(map.BlocksWide, (c.X + c.Width + map.Block - 1) / map.Block); bx++)
            {
                var i = (by * map.BlocksWide) + bx;
                if (map.Usable[i])
                {
                    sum += z[i];
                    n++;
                }
            }
        }

        return n == 0 ? 0 : sum / n;
    }

    /// <summary>Per-block noise σ (grey levels), mean brightness and whether noise is measurable there.</summary>
    internal sealed record NoiseMap(int Width, int Height, int Block, int BlocksWide, int BlocksHigh, float[] Sigma, float[] Brightness, bool[] Usable, float MedianSigma);
}
