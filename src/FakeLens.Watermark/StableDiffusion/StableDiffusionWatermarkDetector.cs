using System.Globalization;
using FakeLens.Core.Detection;
using FakeLens.Core.Evidence;
using FakeLens.Core.Media;
using FakeLens.Imaging.Decoding;

namespace FakeLens.Watermark.StableDiffusion;

// Method: reads the open invisible watermark that Stable Diffusion 1.x ("StableDiffusionV1", 136 bits), 2.x ("SDV2",
// 32 bits) and SDXL (0xB3EC907BB19E, 48 bits) write with ShieldMnt/invisible-watermark's dwtDct (commit 68d0376,
// MIT; CompVis txt2img.py 2022, Stability-AI generative-models 2023, diffusers' StableDiffusionXLWatermarker). The
// decoder is a bit-exact port of the library's (see DwtDctWatermark). Each payload's matching bits are turned into
// a false-positive probability with the binomial tail (an unmarked image matches each bit with probability ½); the
// mark is called present below 1e-6 per payload, about 3e-6 for the three together (6e-6 when, finding none, the
// red/blue-swapped plane is read too, where diffusers before February 2024 put the mark). SDXL also gets the buckets
// of Stability AI's detect.py (≤ 27 of 48 none, 28–33 partial, 34–35 likely, ≥ 36 very likely). The mark has no
// key and survives neither resizing, cropping off the 8-pixel grid nor JPEG below about quality 90, so only its
// presence is evidence; anyone can also write it with the public library, which fusion must weigh (Decisive here
// means "a decoded mark", not "proof of origin").

/// <summary>Looks for the Stable Diffusion invisible watermark in the decoded pixels.</summary>
public sealed class StableDiffusionWatermarkDetector : IDetector
{
    /// <summary>Cap of the likelihood ratio: the p-value can be 1e-40, but the mark can be forged with a public tool.</summary>
    private const double MaxLikelihoodRatio = 1e6;

    /// <summary>Reliability of "not found" on a lossless file: the mark is fragile, so its absence says little.</summary>
    private const double AbsentReliabilityLossless = 0.5;

    /// <summary>Reliability of "not found" on a JPEG: dwtDct rarely survives even quality 90 (ALGORITHM.md §12).</summary>
    private const double AbsentReliabilityJpeg = 0.2;

    /// <summary>Reliability of "not found" on a truncated file: the missing part is grey and carries no mark.</summary>
    private const double AbsentReliabilityIncomplete = 0.1;

    public string Id => "watermark.stable-diffusion";

    public string Description => "Stable Diffusion's open invisible watermark (invisible-watermark dwtDct): SD 1.x, SD 2.x and SDXL payloads, with a false-positive probability.";

    public EvidenceCategory Category => EvidenceCategory.Watermark;

    public bool AppliesTo(MediaType media)
    {
        ArgumentNullException.ThrowIfNull(media);
        return media.Kind == MediaKind.Image && media.PixelsSupported;
    }

    public ValueTask<IReadOnlyList<Evidence>> AnalyzeAsync(AnalysisContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        cancellationToken.ThrowIfCancellationRequested();
        var decoded = ImageDecoder.Get(context);
        var image = decoded.Image;
        var candidates = StableDiffusionPayloads.StableDiffusion;
        var matches = SdWatermarkReader.Match(image, SdMethod.DwtDct, candidates, cancellationToken, tryRedBlueSwapped: true);
        var detection = SdWatermarkReader.Summarise(Id, "dwtDct", image.Width, image.Height, candidates, matches);
        var facts = Facts(detection, matches);
        Evidence evidence = detection.State switch
        {
            WatermarkState.Marked => new Evidence
            {
                Id = Id,
                DetectorId = Id,
                Category = Category,
                Direction = EvidenceDirection.AiGenerated,
                Title = $"Stable Diffusion invisible watermark found ({detection.PayloadName})",
                Explanation = detection.Explanation + " Stable Diffusion's own scripts add this mark to what they generate. It is an open mark: anyone can add it to any image with the public library and it is easy to remove, so its absence from other images proves nothing.",
                LikelihoodRatio = Math.Min(MaxLikelihoodRatio, 1 / Math.Max(detection.PValue, 1e-300)),
                Reliability = 1,
                Decisive = true,
                Facts = facts,
            },
            WatermarkState.NotMarked => new Evidence
            {
                Id = Id,
                DetectorId = Id,
                Category = Category,
                Direction = EvidenceDirection.Neutral,
                Title = "No Stable Diffusion invisible watermark",
                Explanation = detection.Explanation + " The mark does not survive resizing, cropping or JPEG compression much below quality 90, many tools never add it, and it is easy to remove, so its absence says nothing about whether the image is AI-generated" +
                    (decoded.Incomplete ? "; this file is incomplete (part of the picture is missing), so the reading means even less." : decoded.Format == MediaFormat.Jpeg ? "; this file is a JPEG, which usually erases it." : "."),
                Reliability = decoded.Incomplete ? AbsentReliabilityIncomplete : decoded.Format == MediaFormat.Jpeg ? AbsentReliabilityJpeg : AbsentReliabilityLossless,
                Facts = facts,
            },
            _ => new Evidence
            {
                Id = Id,
                DetectorId = Id,
                Category = Category,
                Direction = EvidenceDirection.Neutral,
                Title = "Stable Diffusion watermark: cannot tell",
                Explanation = detection.Explanation,
                Reliability = 0,
                Facts = facts,
            },
        };
        return ValueTask.FromResult<IReadOnlyList<Evidence>>([evidence]);
    }

    private static List<Fact> Facts(WatermarkDetection detection, IReadOnlyList<SdPayloadMatch> matches)
    {
        var ci = CultureInfo.InvariantCulture;
        var facts = new List<Fact> { new("method", "invisible-watermark dwtDct, U channel, scale 36") };
        if (detection.State == WatermarkState.Marked)
        {
            facts.Add(new Fact("payload", detection.PayloadName ?? string.Empty));
            facts.Add(new Fact("bits matched", string.Create(ci, $"{detection.MatchingBits} of {detection.TotalBits}")));
            facts.Add(new Fact("p-value", detection.PValue.ToString("G3", ci)));
        }

        foreach (var m in matches)
        {
            facts.Add(new Fact(
                $"{m.Label} bits matched",
                string.Create(ci, $"{m.Matches} of {m.Length} (p = {m.PValue:G3})")));
            if (ReferenceEquals(m.Payload, StableDiffusionPayloads.Sdxl) && !m.RedBlueSwapped)
            {
                facts.Add(new Fact("SDXL detect.py verdict", StableDiffusionPayloads.SdxlDetectVerdict(m.Matches)));
            }
        }

        facts.Add(new Fact("threshold", "p < 1e-06 per payload"));
        return facts;
    }
}
