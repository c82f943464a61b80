using FakeLens.Imaging.Decoding;

namespace FakeLens.Watermark.StableDiffusion;

// Method: dwtDct of ShieldMnt/invisible-watermark (Qingquan Wang et al., 2020–2021, MIT; commit 68d0376, v0.2.0),
// the mark Stable Diffusion 1.x ("StableDiffusionV1"), 2.x ("SDV2") and SDXL (0xB3EC907BB19E) put on their output.
// U plane of OpenCV YUV, one-level Haar, 4×4 LL blocks; the largest coefficient other than the block's first is
// moved to offset 9 (bit 0) or 27 (bit 1) of its 36-wide cell. Scale 36 and block 4 are the library defaults that
// SD keeps; they are not ours to tune. The port follows the library's arithmetic (ALGORITHM.md) so that decoded
// bits equal the library's and embedding reproduces its files.

/// <summary>
/// The invisible-watermark <c>dwtDct</c> scheme (<c>sd-dwtdct</c>). <see cref="Embed"/> writes any payload the way
/// the library does on 8-bit pixels (SD 1.x, 2.x), except the SDXL payload, which is written on float pixels as
/// SDXL pipelines do. <see cref="Detect"/> looks for the three Stable Diffusion payloads.
/// </summary>
public sealed class DwtDctWatermark : IImageWatermark
{
    public string Id => "sd-dwtdct";

    public string Description => "Stable Diffusion's open invisible watermark (invisible-watermark dwtDct, scale 36): reads SD 1.x, 2.x and SDXL payloads, embeds any payload compatibly.";

    /// <summary>
    /// Returns a marked copy. The SDXL payload goes through the float path SDXL uses (float YUV with offset 0.5,
    /// rounded half to even at the end, as diffusers saves it); every other payload through the library's 8-bit path.
    /// </summary>
    /// <exception cref="ArgumentException">The image has fewer than 256 × 256 pixels (the library refuses it) or the payload is empty.</exception>
    public RgbImage Embed(RgbImage image, WatermarkPayload payload, CancellationToken cancellationToken = default)
    {
        SdEmbedding.Check(image, payload);
        return SdEmbedding.IsSdxl(payload)
            ? SdCodec.EmbedFloat(image, payload.Bits, cancellationToken)
            : SdCodec.Embed(image, payload.Bits, SdMethod.DwtDct, cancellationToken);
    }

    /// <summary>Embeds on the library's 8-bit path whatever the payload (what the library does with a uint8 image).</summary>
    public RgbImage EmbedUint8(RgbImage image, WatermarkPayload payload, CancellationToken cancellationToken = default)
    {
        SdEmbedding.Check(image, payload);
        return SdCodec.Embed(image, payload.Bits, SdMethod.DwtDct, cancellationToken);
    }

    /// <summary>Looks for the Stable Diffusion 1.x, 2.x and SDXL payloads; the key is ignored (the scheme has none).</summary>
    public WatermarkDetection Detect(RgbImage image, WatermarkKey? key, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(image);
        return SdWatermarkReader.Detect(Id, "dwtDct", image, SdMethod.DwtDct, StableDiffusionPayloads.StableDiffusion, cancellationToken);
    }

    /// <summary>Looks for one given payload (for <c>--payload</c>).</summary>
    public WatermarkDetection DetectPayload(RgbImage image, WatermarkPayload payload, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(payload);
        return SdWatermarkReader.Detect(Id, "dwtDct", image, SdMethod.DwtDct, [SdEmbedding.Known(payload)], cancellationToken);
    }
}
