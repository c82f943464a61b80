using FakeLens.Core.Detection;
using FakeLens.Core.Evidence;
using FakeLens.Core.Media;

namespace FakeLens.Imaging.Decoding;

/// <summary>
/// Decodes the pixels once for every image detector (through <see cref="ImageDecoder"/>, which enforces
/// --max-pixels from the header) and reports what the decode itself reveals: a file that ends early
/// (truncated: part of the picture is missing), or an animation (only the first frame is analysed).
/// Corrupt, over-limit and unsupported images surface here as the file's error.
/// </summary>
public sealed class ImageDecodeDetector : IDetector
{
    public string Id => "image.decode";

    public string Description => "Decodes the pixels (size guard against decompression bombs); reports truncated files and animations.";

    public EvidenceCategory Category => EvidenceCategory.Metadata;

    public bool AppliesTo(MediaType media) => media?.Kind == MediaKind.Image;

    public ValueTask<IReadOnlyList<Evidence>> AnalyzeAsync(AnalysisContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var decoded = ImageDecoder.Get(context);
        var found = new List<Evidence>();
        var size = new Fact("size", $"{decoded.Image.Width} × {decoded.Image.Height} px");
        if (decoded.Incomplete)
        {
            found.Add(new Evidence
            {
                Id = "image.truncated",
                DetectorId = Id,
                Category = Category,
                Direction = EvidenceDirection.Neutral,
                Title = "The file ends early: part of the picture is missing",
                Explanation = "The image data stops before the picture is complete, so the bottom (or some passes) could not be decoded and is shown grey. " +
                    "This happens with interrupted downloads and broken uploads; detectors only saw the decoded part, so their results are less reliable.",
                Facts = [size],
            });
        }

        if (decoded.FrameCount > 1)
        {
            found.Add(new Evidence
            {
                Id = "image.animated",
                DetectorId = Id,
                Category = Category,
                Direction = EvidenceDirection.Neutral,
                Title = $"Animated image with {decoded.FrameCount} frames",
                Explanation = $"This {context.Media.Format.ToString().ToUpperInvariant()} holds {decoded.FrameCount} frames; FakeLens analysed the first one only.",
                Facts = [size, new Fact("frames", decoded.FrameCount.ToString(System.Globalization.CultureInfo.InvariantCulture))],
            });
        }

        return ValueTask.FromResult<IReadOnlyList<Evidence>>(found);
    }
}
