using System.Globalization;
using FakeLens.Core.Evidence;
using FakeLens.Core.Media;
using FakeLens.Imaging.Decoding;

namespace FakeLens.Imaging.Noise;

/// <summary>
/// Turns a block noise map (<see cref="NoiseLevelMap"/>) into findings, the same way for every noise estimator
/// (median-filter residual, wavelet HH, kurtosis, PCA): the map of log σ is compared with its image-wide median in
/// units of its robust spread (MAD, floored at 0.15 ≈ ±15 % so that a perfectly uniform synthetic image is not
/// over-sensitive); after an optional box smoothing, blocks more than 3 spreads away are segmented into regions
/// of neighbouring blocks (<see cref="BlockMaps.Components"/>). Score: how far the strongest region stands out
/// (mean spreads beyond the threshold) times how large it is (full weight from 40 blocks); a cleaner-than-usual
/// region counts 0.6, since sky, out-of-focus background and compression smooth real photos in just that way.
/// Manipulated when the score reaches the method's threshold (0.45 for the residual, 0.8 for the other estimators);
/// LR = 1 + 2 × score (≤ 3).
/// </summary>
internal static class NoiseMapReport
{
    private const float MinSpread = 0.15f;
    private const float Threshold = 3f;
    private const float SigmaFloor = 0.1f;

    /// <summary>
    /// Threshold of the wavelet, kurtosis and PCA estimators: with four estimators of the same quantity each gets a
    /// chance to false-alarm, so the extra ones speak only for strong, large areas. At 0.45 the wavelet map flagged
    /// 5 of 35 untouched controls of the tamper benchmark (seed 1); the controls' scores stayed below 0.8 there (tuned
    /// on that set: treat as a starting point, not a calibration).
    /// </summary>
    public const double StrictScore = 0.8;

    public static IReadOnlyList<Evidence> Report(NoiseLevelMap map, DecodedImage decoded, int? quality, NoiseMethod method)
    {
        var inv = CultureInfo.InvariantCulture;
        var usableCount = map.UsableCount;
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

        var result = new List<Evidence>();
        if (method.EmitLevel)
        {
            result.Add(LevelEvidence(method, level, levelText, reliability, caveat));
        }

        if (usableCount < 8)
        {
            result.Add(new Evidence
            {
                Id = method.IdPrefix + ".consistent",
                DetectorId = method.DetectorId,
                Category = EvidenceCategory.Noise,
                Direction = EvidenceDirection.Neutral,
                Title = "Noise could not be compared across the image",
                Explanation = "Too few parts of this image carry measurable noise (it is very small, flat or mostly black/white), " +
                    $"so local noise levels cannot be compared.{caveat}",
                Reliability = reliability,
                Facts = facts,
            });
            return result;
        }

        var z = Deviation(map, method.DetailConditioned ? BlockDetail(decoded.Image, map) : null, out var spread);
        var absSmooth = method.SmoothRadius > 0 ? BlockMaps.BoxMean(z, map.Usable, map.BlocksWide, map.BlocksHigh, method.SmoothRadius) : (float[])z.Clone();
        for (var i = 0; i < absSmooth.Length; i++)
        {
            absSmooth[i] = map.Usable[i] ? Math.Abs(absSmooth[i]) : 0f;
        }

        var heatmap = BlockMaps.ToHeatmap(absSmooth, map.BlocksWide, map.BlocksHigh, 1.5f, 8f,
            "Noise level deviation from the image's typical noise (red: very different)");
        var components = BlockMaps.Components(absSmooth, map.BlocksWide, map.BlocksHigh, Threshold, map.Block, map.Block, map.Width, map.Height);
        components.RemoveAll(c => c.Cells < 2 || c.Cells * 2 > usableCount);
        facts.Add(new Fact("spread of log noise (robust)", spread.ToString("0.00", inv)));

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
        if (score < method.MinScore)
        {
            result.Add(new Evidence
            {
                Id = method.IdPrefix + ".consistent",
                DetectorId = method.DetectorId,
                Category = EvidenceCategory.Noise,
                Direction = EvidenceDirection.Neutral,
                Title = "Noise is consistent across the image",
                Explanation = $"The fine grain (noise) of the image, measured {method.HowMeasured}, is about {levelText} grey levels everywhere it can be measured; no area stands out " +
                    $"(inconsistency score {score:0.00}). A pasted or retouched area often carries a different grain, but a consistent grain does not prove the image is untouched.{caveat}",
                Reliability = reliability,
                Facts = facts,
                Heatmap = method.MapOnlyWhenFlagged ? null : heatmap,
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
            Id = method.IdPrefix + ".inconsistent-regions",
            DetectorId = method.DetectorId,
            Category = EvidenceCategory.Noise,
            Direction = EvidenceDirection.Manipulated,
            Title = $"{regions.Count} area{(regions.Count > 1 ? "s" : string.Empty)} with a different noise level",
            Explanation = $"Camera images carry a fine grain (noise) that is about equally strong across the picture; measured {method.HowMeasured}, it is about {levelText} grey levels here. " +
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

    /// <summary>
    /// How far noise can be compared in this file: 0.6 at best; 0.15 for tiny or flat images; 0.25 for almost
    /// noiseless ones or JPEG below quality 75; 0.3 when fewer than half the blocks could be measured; 0.4 for JPEG 75–89 or unknown; 0.35 for WebP/GIF; 0.2 when truncated.
    /// </summary>
    public static (double Reliability, string Caveat) Reliability(NoiseLevelMap map, DecodedImage decoded, int? quality, int usableCount)
    {
        ArgumentNullException.ThrowIfNull(map);
        ArgumentNullException.ThrowIfNull(decoded);
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
        else if (usableCount * 2 < map.Sigma.Length)
        {
            reliability = Math.Min(reliability, 0.3);
            caveats.Add($"noise could be measured in only {100 * usableCount / Math.Max(1, map.Sigma.Length)} % of the image");
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

    private static Evidence LevelEvidence(NoiseMethod method, float level, string levelText, double reliability, string caveat)
    {
        var clean = float.IsFinite(level) && level < 0.5f;
        return new Evidence
        {
            Id = method.IdPrefix + ".level",
            DetectorId = method.DetectorId,
            Category = EvidenceCategory.Noise,
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

    /// <summary>
    /// Signed deviation of each usable block's log σ from what is typical, in robust spreads. Typical is the image
    /// median, or — with <paramref name="detail"/> — the median of the blocks of similar detail (usable blocks ranked
    /// by detail into up to 8 equal groups of at least 40 blocks): every estimator reads strong texture as some
    /// extra noise, and JPEG removes more noise from smooth areas than from textured ones, so "noisier than blocks
    /// with the same amount of detail" is the comparison that survives compression (the same normalisation as ELA's).
    /// </summary>
    private static float[] Deviation(NoiseLevelMap map, float[]? detail, out float spread)
    {
        var logSigma = new float[map.Sigma.Length];
        for (var i = 0; i < logSigma.Length; i++)
        {
            logSigma[i] = map.Usable[i] ? MathF.Log(Math.Max(map.Sigma[i], SigmaFloor)) : 0f;
        }

        var typical = new float[logSigma.Length];
        if (detail is null)
        {
            Array.Fill(typical, BlockMaps.MedianAndMad(logSigma, map.Usable).Median);
        }
        else
        {
            var order = new List<int>();
            for (var i = 0; i < logSigma.Length; i++)
            {
                if (map.Usable[i])
                {
                    order.Add(i);
                }
            }

            order.Sort((x, y) => detail[x].CompareTo(detail[y]));
            var groups = Math.Clamp(order.Count / 40, 1, 8);
            var scratch = new float[order.Count];
            for (var g = 0; g < groups; g++)
            {
                int from = g * order.Count / groups, to = (g + 1) * order.Count / groups;
                for (var k = from; k < to; k++)
                {
                    scratch[k - from] = logSigma[order[k]];
                }

                var median = BlockMaps.Median(scratch.AsSpan(0, to - from));
                for (var k = from; k < to; k++)
                {
                    typical[order[k]] = median;
                }
            }
        }

        var residual = new float[logSigma.Length];
        for (var i = 0; i < residual.Length; i++)
        {
            residual[i] = map.Usable[i] ? logSigma[i] - typical[i] : 0f;
        }

        var (center, mad) = BlockMaps.MedianAndMad(residual, map.Usable);
        spread = Math.Max(MinSpread, mad * BlockMaps.MadToSigma);
        var z = new float[logSigma.Length];
        for (var i = 0; i < z.Length; i++)
        {
            z[i] = map.Usable[i] ? (residual[i] - center) / spread : 0f;
        }

        return z;
    }

    /// <summary>
    /// Detail of each block of <paramref name="map"/>'s grid: mean absolute difference between neighbouring 2 × 2 cell
    /// means (luma at half resolution, so that fine grain — what the estimators measure — counts little and edges and
    /// texture count fully).
    /// </summary>
    internal static float[] BlockDetail(RgbImage image, NoiseLevelMap map)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(map);
        var luma = image.Luma();
        var w = image.Width;
        var half = map.Block / 2;
        var detail = new float[map.BlocksWide * map.BlocksHigh];
        var cells = new float[half * half];
        for (var by = 0; by < map.BlocksHigh; by++)
        {
            for (var bx = 0; bx < map.BlocksWide; bx++)
            {
                for (var cy = 0; cy < half; cy++)
                {
                    var row = ((by * map.Block) + (2 * cy)) * w;
                    for (var cx = 0; cx < half; cx++)
                    {
                        var o = row + (bx * map.Block) + (2 * cx);
                        cells[(cy * half) + cx] = luma[o] + luma[o + 1] + luma[o + w] + luma[o + w + 1];
                    }
                }

                float sum = 0;
                for (var cy = 0; cy < half; cy++)
                {
                    for (var cx = 0; cx < half; cx++)
                    {
                        var c = cells[(cy * half) + cx];
                        if (cx + 1 < half)
                        {
                            sum += Math.Abs(cells[(cy * half) + cx + 1] - c);
                        }

                        if (cy + 1 < half)
                        {
                            sum += Math.Abs(cells[((cy + 1) * half) + cx] - c);
                        }
                    }
                }

                detail[(by * map.BlocksWide) + bx] = sum / (8f * half * (half - 1));
            }
        }

        return detail;
    }

    private static double MeanSign(float[] z, BlockMaps.Component c, NoiseLevelMap map)
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
}
