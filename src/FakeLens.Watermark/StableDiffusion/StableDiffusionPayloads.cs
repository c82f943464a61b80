namespace FakeLens.Watermark.StableDiffusion;

/// <summary>
/// The payloads Stable Diffusion pipelines embed with ShieldMnt/invisible-watermark, and the verdict buckets of
/// Stability-AI/generative-models <c>scripts/demo/detect.py</c> for the SDXL payload.
/// </summary>
public static class StableDiffusionPayloads
{
    /// <summary>CompVis <c>scripts/txt2img.py</c>: bytes "StableDiffusionV1" with dwtDct (136 bits).</summary>
    public static KnownSdPayload StableDiffusionV1 { get; } = new("StableDiffusionV1", "Stable Diffusion 1.x", WatermarkPayload.FromBytes("StableDiffusionV1"u8));

    /// <summary>Stability-AI/stablediffusion (2.x) <c>scripts/txt2img.py</c>: bytes "SDV2" with dwtDct (32 bits).</summary>
    public static KnownSdPayload StableDiffusionV2 { get; } = new("SDV2", "Stable Diffusion 2.x", WatermarkPayload.FromBytes("SDV2"u8));

    /// <summary>generative-models and diffusers' SDXL watermarker: the 48 bits of 0xB3EC907BB19E with dwtDct.</summary>
    public static KnownSdPayload Sdxl { get; } = new("0xB3EC907BB19E", "SDXL", WatermarkPayload.FromBytes([0xB3, 0xEC, 0x90, 0x7B, 0xB1, 0x9E]));

    /// <summary>FakeLens's test payload "FLwm" (32 bits), used with dwtDctSvd in the shared reference files.</summary>
    public static KnownSdPayload FakeLensTest { get; } = new("FLwm", "FakeLens test payload", WatermarkPayload.FromBytes("FLwm"u8));

    /// <summary>The three payloads Stable Diffusion writes (all with dwtDct).</summary>
    public static IReadOnlyList<KnownSdPayload> StableDiffusion { get; } = [StableDiffusionV1, StableDiffusionV2, Sdxl];

    /// <summary>
    /// generative-models <c>detect.py</c>'s verdict for <paramref name="matchedBits"/> of the 48 SDXL bits: ≤ 27 "No
    /// watermark detected", 28–33 "Partial watermark match", 34–35 "Likely watermarked" (0.02 % of real images in
    /// their test), 36–48 "Very likely watermarked" (no real image in their test).
    /// </summary>
    public static string SdxlDetectVerdict(int matchedBits) => matchedBits switch
    {
        <= 27 => "No watermark detected",
        <= 33 => "Partial watermark match. Cannot determine with certainty.",
        <= 35 => "Likely watermarked",
        _ => "Very likely watermarked",
    };
}
