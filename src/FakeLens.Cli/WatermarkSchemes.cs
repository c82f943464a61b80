using FakeLens.Imaging.Decoding;
using FakeLens.Watermark;
using FakeLens.Watermark.Audio;
using FakeLens.Watermark.Robust;
using FakeLens.Watermark.StableDiffusion;

namespace FakeLens.Cli;

/// <summary>An image watermark scheme as the CLI drives it: embed (optionally keyed) and detect.</summary>
internal sealed record ImageScheme(
    string Id,
    string Description,
    WatermarkPayload? FixedPayload,
    Func<RgbImage, WatermarkPayload, WatermarkKey?, RgbImage> Embed,
    Func<RgbImage, WatermarkKey?, WatermarkDetection> Detect);

/// <summary>An audio watermark scheme as the CLI drives it.</summary>
internal sealed record AudioScheme(
    string Id,
    string Description,
    Func<float[], int, WatermarkPayload, WatermarkKey?, float[]> Embed,
    Func<float[], int, WatermarkKey?, WatermarkDetection> Detect);

/// <summary>Every watermark scheme this build ships (composition root for <c>fakelens watermark</c>).</summary>
internal static class WatermarkSchemes
{
    public static IReadOnlyList<ImageScheme> Images()
    {
        var dct = new DwtDctWatermark();
        var svd = new DwtDctSvdWatermark();
        var robust = new FakeLensImageWatermark();
        return
        [
            new(robust.Id, robust.Description, null, (img, p, k) => robust.Embed(img, p, k ?? FakeLensImageWatermark.DefaultKey), (img, k) => robust.Detect(img, k ?? FakeLensImageWatermark.DefaultKey)),
            new(dct.Id, dct.Description, StableDiffusionPayloads.Sdxl.Payload, (img, p, _) => dct.Embed(img, p), (img, k) => dct.Detect(img, k)),
            new(svd.Id, svd.Description, StableDiffusionPayloads.FakeLensTest.Payload, (img, p, _) => svd.Embed(img, p), (img, k) => svd.Detect(img, k)),
        ];
    }

    public static IReadOnlyList<AudioScheme> Audio()
    {
        var audio = new FakeLensAudioWatermark();
        return
        [
            new(audio.Id, audio.Description, (s, r, p, k) => audio.Embed(s, r, p, k ?? FakeLensAudioWatermark.DefaultKey), (s, r, k) => audio.Detect(s, r, k)),
        ];
    }
}
