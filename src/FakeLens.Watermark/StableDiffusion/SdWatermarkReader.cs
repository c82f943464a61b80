using System.Globalization;
using FakeLens.Imaging.Decoding;

namespace FakeLens.Watermark.StableDiffusion;

/// <summary>
/// Reads the block votes of one method once, then scores every candidate payload against them (the votes do not
/// depend on the payload length, only their grouping does). A payload is called present when the binomial tail of
/// its matching bits is below <see cref="Threshold"/>.
/// </summary>
internal static class SdWatermarkReader
{
    /// <summary>False-positive probability below which a payload is called present (per payload tested).</summary>
    public const double Threshold = 1e-6;

    /// <summary>
    /// Matches of every candidate that fits the block grid (empty when the image is below the library's minimum).
    /// With <paramref name="tryRedBlueSwapped"/>, when no candidate is present in BGR order, the candidates are also
    /// read from RGB-ordered pixels (diffusers before PR #7013, February 2024, handed RGB to the encoder).
    /// </summary>
    public static IReadOnlyList<SdPayloadMatch> Match(RgbImage image, SdMethod method, IReadOnlyList<KnownSdPayload> candidates, CancellationToken cancellationToken, bool tryRedBlueSwapped = false)
    {
        ArgumentNullException.ThrowIfNull(image);
        if ((long)image.Width * image.Height < SdCodec.MinPixels)
        {
            return [];
        }

        var result = new List<SdPayloadMatch>(candidates.Count * 2);
        Score(SdCodec.Votes(image, method, cancellationToken), candidates, swapped: false, result);
        if (tryRedBlueSwapped && result.Count > 0 && !result.Exists(m => Present(m)))
        {
            Score(SdCodec.Votes(image, method, cancellationToken, swapRedBlue: true), candidates, swapped: true, result);
        }

        return result;
    }

    private static bool Present(SdPayloadMatch m) => m.PValue < Threshold || IsInvertedSdxl(m);

    private static void Score(byte[] votes, IReadOnlyList<KnownSdPayload> candidates, bool swapped, List<SdPayloadMatch> result)
    {
        foreach (var candidate in candidates)
        {
            var expected = candidate.Payload.Bits;
            var n = expected.Count;
            if (n == 0 || votes.Length < n)
            {
                continue;
            }

            var bits = SdCodec.Aggregate(votes, n);
            var matches = 0;
            for (var k = 0; k < n; k++)
            {
                matches += bits[k] == expected[k] ? 1 : 0;
            }

            result.Add(new SdPayloadMatch(candidate, bits, matches, Binomial.UpperTail(n, matches), Binomial.UpperTail(n, n - matches), swapped));
        }
    }

    /// <summary>True when the match counts as an SDXL mark read inverted (the float-path quirk).</summary>
    public static bool IsInvertedSdxl(SdPayloadMatch m) =>
        ReferenceEquals(m.Payload, StableDiffusionPayloads.Sdxl) && m.InvertedPValue < Threshold && m.PValue >= Threshold;

    /// <summary>The strongest match: lowest p-value, where an inverted SDXL read counts with its own tail.</summary>
    public static SdPayloadMatch? Best(IReadOnlyList<SdPayloadMatch> matches)
    {
        SdPayloadMatch? best = null;
        var bestP = double.PositiveInfinity;
        foreach (var m in matches)
        {
            var p = IsInvertedSdxl(m) ? m.InvertedPValue : m.PValue;
            if (p < bestP)
            {
                bestP = p;
                best = m;
            }
        }

        return best;
    }

    /// <summary>One <see cref="WatermarkDetection"/> for the candidates tested on <paramref name="image"/>.</summary>
    public static WatermarkDetection Detect(string scheme, string methodName, RgbImage image, SdMethod method, IReadOnlyList<KnownSdPayload> candidates, CancellationToken cancellationToken)
    {
        var matches = Match(image, method, candidates, cancellationToken, tryRedBlueSwapped: method == SdMethod.DwtDct);
        return Summarise(scheme, methodName, image.Width, image.Height, candidates, matches);
    }

    public static WatermarkDetection Summarise(string scheme, string methodName, int width, int height, IReadOnlyList<KnownSdPayload> candidates, IReadOnlyList<SdPayloadMatch> matches)
    {
        var ci = CultureInfo.InvariantCulture;
        if ((long)width * height < SdCodec.MinPixels)
        {
            return new WatermarkDetection(scheme, WatermarkState.CannotDecide, [], null, 0, 0, 1,
                string.Create(ci, $"The image is {width} × {height} pixels; the invisible-watermark library refuses images under 256 × 256 pixels, so it cannot carry this mark and nothing can be decided."));
        }

        var best = Best(matches);
        if (best is null)
        {
            var (bw, bh) = SdCodec.BlockGrid(width, height);
            return new WatermarkDetection(scheme, WatermarkState.CannotDecide, [], null, 0, 0, 1,
                string.Create(ci, $"The image is {width} × {height} pixels, which gives {bw * bh} watermark blocks of 8 × 8 pixels, fewer than the {candidates.Max(c => c.Payload.Bits.Count)}-bit payload needs; nothing can be decided."));
        }

        var inverted = IsInvertedSdxl(best);
        var p = inverted ? best.InvertedPValue : best.PValue;
        var sdxl = ReferenceEquals(best.Payload, StableDiffusionPayloads.Sdxl) && !best.RedBlueSwapped
            ? string.Create(ci, $" Stability AI's detect.py would say \"{StableDiffusionPayloads.SdxlDetectVerdict(best.Matches)}\" ({best.Matches} of 48).")
            : string.Empty;
        var others = matches.Count > 1
            ? string.Create(ci, $" {matches.Count} payload readings were tested, so the chance of any false match is at most {matches.Count} times that.")
            : string.Empty;
        var swapped = best.RedBlueSwapped
            ? " The mark sits in the red/blue-swapped colour plane, as diffusers wrote it before February 2024 (it handed RGB pixels to a BGR encoder)."
            : string.Empty;
        if (p < Threshold)
        {
            var how = inverted
                ? string.Create(ci, $"{best.Length - best.Matches} of {best.Length} bits are the exact opposite of the {best.Payload.Model} payload \"{best.Payload.Name}\". SDXL embeds on float pixels, and reading the saved 8-bit file inverts bits whose coefficient was negative, so an inverted read is the SDXL mark")
                : string.Create(ci, $"{best.Matches} of {best.Length} bits match the {best.Payload.Model} payload \"{best.Payload.Name}\"");
            return new WatermarkDetection(scheme, WatermarkState.Marked, best.Bits, best.Payload.Model, best.Matches, best.Length, p,
                string.Create(ci, $"The image carries the open invisible watermark ({methodName}) that {best.Payload.Model} writes: {how}. An unmarked image matches this well with probability {p:G2} (binomial tail; FakeLens calls the mark present below {Threshold:G1}).{swapped}{others}{sdxl}"));
        }

        return new WatermarkDetection(scheme, WatermarkState.NotMarked, best.Bits, null, best.Matches, best.Length, best.PValue,
            string.Create(ci, $"No open invisible watermark ({methodName}) was found: the closest payload, {best.Label} \"{best.Payload.Name}\", matches {best.Matches} of {best.Length} bits, which chance gives with probability {best.PValue:G2} (FakeLens needs below {Threshold:G1}).{sdxl}"));
    }
}
