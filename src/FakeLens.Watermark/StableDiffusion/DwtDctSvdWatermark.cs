using FakeLens.Imaging.Decoding;

namespace FakeLens.Watermark.StableDiffusion;

// Method: dwtDctSvd of ShieldMnt/invisible-watermark (commit 68d0376, v0.2.0, MIT): U plane of OpenCV YUV,
// one-level Haar, 4×4 LL blocks; the largest singular value of each block's orthonormal DCT is moved to offset 9
// (bit 0) or 27 (bit 1) of its 36-wide cell. Library defaults (scale 36 on U only, block 4). Denser than dwtDct
// (every LL coefficient changes), so it survives JPEG q75 where dwtDct does not. No Stable Diffusion release
// uses it; it is here for compatibility and as the baseline the FakeLens watermark is compared with.

/// <summary>
/// The invisible-watermark <c>dwtDctSvd</c> scheme (<c>sd-dwtdctsvd</c>) on 8-bit pixels. <see cref="Detect"/>
/// looks for the three Stable Diffusion payloads and the FakeLens test payload "FLwm".
/// </summary>
public sealed class DwtDctSvdWatermark : IImageWatermark
{
    private static readonly IReadOnlyList<KnownSdPayload> Candidates =
        [StableDiffusionPayloads.FakeLensTest, .. StableDiffusionPayloads.StableDiffusion];

    public string Id => "sd-dwtdctsvd";

    public string Description => "Open invisible watermark, DCT/SVD variant (invisible-watermark dwtDctSvd, scale 36): embeds any payload, reads FLwm and the SD payloads.";

    /// <exception cref="ArgumentException">The image has fewer than 256 × 256 pixels (the library refuses it) or the payload is empty.</exception>
    public RgbImage Embed(RgbImage image, WatermarkPayload payload, CancellationToken cancellationToken = default)
    {
        SdEmbedding.Check(image, payload);
        return SdCodec.Embed(image, payload.Bits, SdMethod.DwtDctSvd, cancellationToken);
    }

    /// <summary>Looks for "FLwm" and the Stable Diffusion payloads written with dwtDctSvd; the key is ignored.</summary>
    public WatermarkDetection Detect(RgbImage image, WatermarkKey? key, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(image);
        return SdWatermarkReader.Detect(Id, "dwtDctSvd", image, SdMethod.DwtDctSvd, Candidates, cancellationToken);
    }

    /// <summary>Looks for one given payload (for <c>--payload</c>).</summary>
    public WatermarkDetection DetectPayload(RgbImage image, WatermarkPayload payload, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(payload);
        return SdWatermarkReader.Detect(Id, "dwtDctSvd", image, SdMethod.DwtDctSvd, [SdEmbedding.Known(payload)], cancellationToken);
    }
}
