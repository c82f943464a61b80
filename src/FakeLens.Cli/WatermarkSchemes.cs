using FakeLens.Imaging.Decoding;
using FakeLens.Watermark;

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
    public static IReadOnlyList<ImageScheme> Images() => [];

    public static IReadOnlyList<AudioScheme> Audio() => [];
}
