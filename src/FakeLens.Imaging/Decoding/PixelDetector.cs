using FakeLens.Core.Detection;
using FakeLens.Core.Evidence;
using FakeLens.Core.Media;
using FakeLens.Imaging.Jpeg;

namespace FakeLens.Imaging.Decoding;

/// <summary>
/// Base of the detectors that measure decoded pixels: it applies to every format whose pixels FakeLens decodes,
/// decodes once per file (the shared <see cref="ImageDecoder"/> cache, whose errors become per-file errors) and
/// hands over the estimated JPEG quality (null for other formats or unreadable tables), so that a detector only
/// measures and explains.
/// </summary>
public abstract class PixelDetector : IDetector
{
    public abstract string Id { get; }

    public abstract string Description { get; }

    public abstract EvidenceCategory Category { get; }

    public bool AppliesTo(MediaType media)
    {
        ArgumentNullException.ThrowIfNull(media);
        return media.PixelsSupported;
    }

    public ValueTask<IReadOnlyList<Evidence>> AnalyzeAsync(AnalysisContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var decoded = ImageDecoder.Get(context);
        return ValueTask.FromResult(Analyze(context, decoded, JpegHistory.Quality(context, decoded.Format), cancellationToken));
    }

    /// <summary>The findings for one decoded image; <paramref name="jpegQuality"/> is the estimated JPEG quality or null.</summary>
    protected abstract IReadOnlyList<Evidence> Analyze(AnalysisContext context, DecodedImage decoded, int? jpegQuality, CancellationToken cancellationToken);
}
