using FakeLens.Core.Detection;

namespace FakeLens.Video.Reading;

/// <summary>
/// The video of an <see cref="AnalysisContext"/>: probed once per file and shared by the video detectors. Video is read
/// from <see cref="AnalysisContext.Path"/> by ffmpeg (MP4 needs seeking; frames are never all in memory); the
/// context's bytes are not used.
/// </summary>
public static class VideoSource
{
    public const string ProbeCacheKey = "video.probe";

    public static VideoProbe Probe(AnalysisContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var probe = context.GetOrCreate(ProbeCacheKey, c =>
        {
            if (!File.Exists(c.Path))
            {
                throw new MediaException("Video is analysed from its file on disk, and this one is not on disk (in-memory input).") { Code = "unsupported", AffectsWholeFile = false };
            }

            return VideoProber.Probe(c.Path, c.Limits.MaxPixels, cancellationToken);
        });
        context.PixelSize ??= (probe.DisplayWidth, probe.DisplayHeight);
        return probe;
    }
}
