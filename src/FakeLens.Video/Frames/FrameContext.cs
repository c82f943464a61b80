using FakeLens.Core.Detection;
using FakeLens.Core.Media;
using FakeLens.Imaging.Decoding;

namespace FakeLens.Video.Frames;

/// <summary>
/// An <see cref="AnalysisContext"/> for one video frame, so that an image detector runs on it unchanged: the decoded
/// pixels are put into the context's decode cache (<see cref="ImageDecoder.CacheKey"/>) and the frame passes for a
/// lossless image (its bytes are empty: detectors that parse file bytes — JPEG tables, metadata — have nothing to read,
/// which is right for a frame decoded from a video stream).
/// </summary>
public static class FrameContext
{
    private static readonly MediaType FrameMedia = new(MediaFormat.Png, MediaKind.Image, "image/png", true, null);

    public static AnalysisContext Create(RgbImage frame, string name, ScanLimits limits)
    {
        ArgumentNullException.ThrowIfNull(frame);
        var context = new AnalysisContext(name, ReadOnlyMemory<byte>.Empty, FrameMedia, limits);
        context.GetOrCreate(ImageDecoder.CacheKey, _ => new DecodedImage(frame, MediaFormat.Png, Incomplete: false, HasAlpha: false, FrameCount: 1));
        return context;
    }

    /// <summary>The media type frames pass for; image detectors are asked whether they apply to it.</summary>
    public static MediaType Media => FrameMedia;
}
